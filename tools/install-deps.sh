#!/usr/bin/env bash
# Installs every Debian 12 package rvoip, its tests, fuzzers, benchmarks and interop peers need.
# Idempotent: packages already present are left alone. Run as root (or with sudo available).
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
    # libraries (Boost 1.81: the all-dev package does not pull in URL and JSON)
    libboost1.81-all-dev libboost-url1.81-dev libboost-json1.81-dev
    libopus-dev libsrtp2-dev librtaudio-dev libfmt-dev libspdlog-dev libspeexdsp-dev
    libspandsp-dev libc-ares-dev libbenchmark-dev libssl-dev openssl
    # the softphone's line editing at a terminal
    libedit-dev
    # interop peers and test helpers
    sip-tester baresip kamailio kamailio-tls-modules linphone-cli dnsmasq-base sox python3 iproute2
    # the demo's quality plot
    gnuplot-nox
    # the API reference (doxygen)
    doxygen
    # peer parsers for ../shared/peer-bench
    libosip2-dev libsofia-sip-ua-dev
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
