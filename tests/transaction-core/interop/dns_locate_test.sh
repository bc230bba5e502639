#!/usr/bin/env bash
# Interop: RFC 3263 location through c-ares against a real DNS server (dnsmasq) started here on
# 127.0.0.1 with NAPTR, SRV and A records, bounded in time.
# usage: dns_locate_test.sh LOCATE_DRIVER
set -euo pipefail
driver="$1"
if ! command -v dnsmasq >/dev/null; then
    echo "dnsmasq not installed (tools/install-deps.sh installs dnsmasq-base)" >&2
    exit 1
fi
work=$(mktemp -d)
trap '[ -z "${dns_pid:-}" ] || kill "$dns_pid" 2>/dev/null || true; rm -rf "$work"' EXIT  # never "kill 0": that is our process group
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout 60 dnsmasq --no-daemon --port="$port" --listen-address=127.0.0.1 --bind-interfaces \
    --no-resolv --no-hosts --pid-file= --user=root \
    --srv-host=_sip._udp.example.test,sip1.example.test,5070,10,60 \
    --srv-host=_sip._udp.example.test,sip2.example.test,5080,20,10 \
    --host-record=sip1.example.test,127.0.0.1 \
    --host-record=sip2.example.test,127.0.0.2 \
    --host-record=plain.test,127.0.0.3 \
    --naptr-record=naptr.test,10,20,s,SIP+D2T,,_sip._tcp.naptr.test \
    --naptr-record=naptr.test,20,20,s,SIP+D2U,,_sip._udp.example.test \
    --srv-host=_sip._tcp.naptr.test,sip1.example.test,5071,0,0 \
    > "$work/dnsmasq.log" 2>&1 &
dns_pid=$!
sleep 0.5

check() { # uri expected-output
    local got
    got=$(timeout 20 "$driver" 127.0.0.1:"$port" "$1")
    if [ "$got" != "$2" ]; then
        printf 'locate %s\n  got:      %s\n  expected: %s\n' "$1" "$got" "$2" >&2
        exit 1
    fi
    printf 'locate %s -> %s\n' "$1" "$(echo "$got" | tr '\n' ';')"
}
# SRV: priority 10 before 20, then the A records of each target.
check "sip:alice@example.test" $'udp 127.0.0.1 5070\nudp 127.0.0.2 5080'
# NAPTR: TCP (order 10) before UDP (order 20), each through its SRV.
check "sip:alice@naptr.test" $'tcp 127.0.0.1 5071\nudp 127.0.0.1 5070\nudp 127.0.0.2 5080'
# No NAPTR, no SRV: the A record and the default port.
check "sip:alice@plain.test" 'udp 127.0.0.3 5060'
# An explicit transport still uses that transport's SRV (RFC 3263 §4.2).
check "sip:alice@example.test;transport=udp" $'udp 127.0.0.1 5070\nudp 127.0.0.2 5080'
echo "RFC 3263 against dnsmasq: ok"
