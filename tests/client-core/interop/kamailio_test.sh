#!/usr/bin/env bash
# Interop: two clients on client-core register with digest through Kamailio 5.6 (MD5, then
# SHA-256 on a second instance), exchange a MESSAGE through it and call each other through it
# (record-routed), tones checked in what each side hears, DTMF, a refresh seen by Kamailio,
# hang-up and removal of both bindings. 127.0.0.1 only, each run bounded in time.
# usage: kamailio_test.sh CLIENT_PEER
set -euo pipefail
peer="$1"
work=$(mktemp -d)
cleanup() {
    [ -f "$work/kamailio.pid" ] && kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true
    [ -z "${callee_pid:-}" ] || kill "$callee_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=../../interop/kamailio_config.sh
. "$(dirname "$0")/../../interop/kamailio_config.sh"

run() { # algorithm
    local algorithm=$1 port ok=1
    port=$(free_port)
    kamailio_config "$work/kamailio.cfg" "$algorithm"
    kamailio_start "$work/kamailio.cfg" "$port" "$work/kamailio-$algorithm.log" "$work/kamailio.pid"
    timeout 40 "$peer" callee bob "$port" 25 > "$work/bob.out" 2> "$work/bob.err" &
    callee_pid=$!
    for _ in $(seq 50); do grep -q '^registration registered' "$work/bob.out" && break; sleep 0.1; done
    timeout 40 "$peer" caller alice "$port" bob 15 > "$work/alice.out" 2> "$work/alice.err" || ok=0
    wait "$callee_pid" || ok=0
    callee_pid=
    kill "$kamailio_pid" 2>/dev/null || true
    wait "$kamailio_pid" 2>/dev/null || true
    echo "--- $algorithm: alice"; cat "$work/alice.out"
    echo "--- $algorithm: bob"; cat "$work/bob.out"
    if [ $ok = 0 ]; then
        echo "--- stderr"; cat "$work/alice.err" "$work/bob.err"
        echo "--- kamailio log (last 30 lines)"; tail -30 "$work/kamailio-$algorithm.log"
        echo "client-core interop with Kamailio ($algorithm) failed" >&2
        return 1
    fi
    grep -q '^message_received hello from alice' "$work/bob.out"
    grep -q '^dtmf 4' "$work/bob.out"
    grep -q '^dtmf 2' "$work/bob.out"
    grep -q '^heard 440' "$work/bob.out"
    grep -q '^heard 880' "$work/alice.out"
    grep -q '^refreshed' "$work/alice.out"
    # Kamailio authenticated with the algorithm it asked for: each side's REGISTER, alice's
    # refresh, the two removals, the MESSAGE and the INVITE.
    local taken
    taken=$(grep -c "authenticated .* algorithm=$algorithm\$" "$work/kamailio-$algorithm.log" || true)
    echo "Kamailio authenticated $taken requests with $algorithm"
    [ "$taken" -ge 7 ] || { grep authenticated "$work/kamailio-$algorithm.log" >&2; return 1; }
    [ "$(grep -c "authenticated REGISTER alice" "$work/kamailio-$algorithm.log")" -ge 3 ]
}

run MD5
run SHA-256
echo "client-core interop with Kamailio (MD5 and SHA-256 digest registration, MESSAGE, call with audio): ok"
