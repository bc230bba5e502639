#!/usr/bin/env bash
# Interop: Kamailio 5.6 (Debian) as registrar and record-routing proxy with digest
# authentication, two user agents on the dialog layer registering and calling each other
# through it; on 127.0.0.1 only, each run bounded in time. Run twice: MD5, then SHA-256
# (RFC 8760; Kamailio's modparam("auth", "algorithm", "SHA-256")).
#   REGISTER: 401 answered (WWW-Authenticate); MESSAGE and INVITE: 407 answered
#   (Proxy-Authenticate); the call is record-routed (ACK and BYE go through Kamailio by the
#   route set); then presence through it: SUBSCRIBE (407 answered, record-routed), the
#   callee's NOTIFYs with PIDF "open" and "closed" back by the route set, unsubscription; then
#   both bindings are removed.
# usage: kamailio_test.sh UA_DRIVER
set -euo pipefail
driver="$1"
work=$(mktemp -d)
cleanup() {
    [ -f "$work/kamailio.pid" ] && kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true
    # (never "kill 0": that would signal our whole process group, ctest included)
    [ -z "${callee_pid:-}" ] || kill "$callee_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT


# shellcheck source=../../interop/kamailio_config.sh
. "$(dirname "$0")/../../interop/kamailio_config.sh"
write_config() { kamailio_config "$work/kamailio.cfg" "$1"; }

run() { # algorithm
    local algorithm=$1 port
    port=$(free_port)
    write_config "$algorithm"
    kamailio_start "$work/kamailio.cfg" "$port" "$work/kamailio-$algorithm.log" "$work/kamailio.pid"
    timeout 30 "$driver" callee bob "$port" "" 20 > "$work/bob-$algorithm.out" 2>"$work/bob-$algorithm.err" &
    callee_pid=$!
    for _ in $(seq 50); do grep -q '^registered' "$work/bob-$algorithm.out" && break; sleep 0.1; done
    local ok=1
    if ! timeout 30 "$driver" caller alice "$port" bob 15 > "$work/alice-$algorithm.out" 2>"$work/alice-$algorithm.err"; then ok=0; fi
    if ! wait "$callee_pid"; then ok=0; fi
    callee_pid=
    kill "$kamailio_pid" 2>/dev/null || true
    wait "$kamailio_pid" 2>/dev/null || true
    echo "--- $algorithm: alice"; cat "$work/alice-$algorithm.out"
    echo "--- $algorithm: bob"; cat "$work/bob-$algorithm.out"
    if [ $ok = 0 ]; then
        echo "--- kamailio log (last 30 lines)"; tail -30 "$work/kamailio-$algorithm.log"
        [ -z "${KEEP_LOG:-}" ] || cp "$work/kamailio-$algorithm.log" /tmp/kamailio-last.log
        [ -z "${RVOIP_UA_TRACE:-}" ] || { echo "--- alice stderr"; cat "$work/alice-$algorithm.err"; echo "--- bob stderr"; cat "$work/bob-$algorithm.err"; }
        echo "interop with Kamailio ($algorithm) failed" >&2
        return 1
    fi
    # What each side must have seen, in the logs of what arrived.
    grep -q '^message_status 200' "$work/alice-$algorithm.out"
    grep -q '^answered 200' "$work/alice-$algorithm.out"
    grep -q '^terminated bye_sent' "$work/alice-$algorithm.out"
    grep -q '^unregistered' "$work/alice-$algorithm.out"
    grep -q '^message_received hello from alice' "$work/bob-$algorithm.out"
    grep -q '^ack_received' "$work/bob-$algorithm.out"
    grep -q '^terminated bye_received' "$work/bob-$algorithm.out"
    grep -q '^presence open' "$work/alice-$algorithm.out"
    grep -q '^presence closed$' "$work/alice-$algorithm.out"
    grep -q '^subscription_ended timeout' "$work/alice-$algorithm.out"
    grep -q '^subscription_accepted' "$work/bob-$algorithm.out"
    grep -q '^watcher_gone unsubscribed' "$work/bob-$algorithm.out"
    grep -q '^unregistered' "$work/bob-$algorithm.out"
    # One 401 (the first REGISTER), one 407 each for the MESSAGE, the INVITE and the SUBSCRIBE; the REGISTER
    # that removes the binding reuses the registrar's nonce with the next nonce count (§22.3),
    # not the proxy's, so it is not challenged again.
    local retries
    retries=$(sed -n 's/.*auth_retries=\([0-9]*\).*/\1/p' "$work/alice-$algorithm.out")
    [ "$retries" -eq 4 ] || { echo "alice answered $retries challenges, expected 4" >&2; return 1; }
    retries=$(sed -n 's/.*auth_retries=\([0-9]*\).*/\1/p' "$work/bob-$algorithm.out")
    [ "$retries" -eq 1 ] || { echo "bob answered $retries challenges, expected 1" >&2; return 1; }
    # Kamailio took the answers, with the algorithm it asked for: REGISTER x4, MESSAGE, INVITE,
    # SUBSCRIBE.
    local taken
    taken=$(grep -c "authenticated .* algorithm=$algorithm\$" "$work/kamailio-$algorithm.log" || true)
    echo "Kamailio authenticated $taken requests with $algorithm"
    [ "$taken" -eq 7 ] || { grep authenticated "$work/kamailio-$algorithm.log" >&2; return 1; }
}

run MD5
run SHA-256
echo "interop with Kamailio (MD5 and SHA-256 digest, registrar and record-routing proxy): ok"
