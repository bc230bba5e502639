#!/usr/bin/env bash
# Interop: SIPp (Debian's sip-tester) scenarios against a user agent on the session layer
# (session-core-peer), on 127.0.0.1 only, each bounded in time: late offer (offer in our 200,
# answer in SIPp's ACK), a re-INVITE that changes the codec and moves the media, 488 for an offer
# without a common codec, and a forked call whose early media and answer come from two branches. Each must end with SIPp's scenario passed and the peer reporting the media.
# usage: sipp_media_test.sh SESSION_CORE_PEER SCENARIO_DIR
set -uo pipefail
peer="$1"
scenarios=$(cd "$2" && pwd)
command -v sipp >/dev/null || { echo "SKIP: sipp is not installed (tools/install-deps.sh)"; exit 0; }
work=$(mktemp -d)
cleanup() {
    [ -z "${peer_pid:-}" ] || kill "$peer_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
failed=0

# verdict NAME OK CHECK...: applies the CHECKs (extended regexps on the peer's output; one
# starting with ! must not match) and reports the scenario.
verdict() {
    local name=$1 ok=$2; shift 2
    for check in "$@"; do
        if [ "${check#!}" != "$check" ]; then
            ! grep -Eq "${check#!}" "$work/$name.peer" || { echo "unexpected: ${check#!}"; ok=0; }
        else
            grep -Eq "$check" "$work/$name.peer" || { echo "missing: $check"; ok=0; }
        fi
    done
    echo "--- $name: peer"; cat "$work/$name.peer"
    if [ $ok != 1 ]; then
        echo "--- $name: sipp"; tail -25 "$work/$name.sipp"; head -30 "$work/$name.err" 2>/dev/null
        echo "SCENARIO $name FAILED"
        failed=1
    else
        echo "scenario $name: ok"
    fi
}

# SIPp calls the peer. usage: against_peer NAME "PEER OPTIONS" CHECK...
against_peer() {
    local name=$1 opts=$2; shift 2
    local port ok=1
    port=$(free_port)
    "$peer" --listen 127.0.0.1:"$port" --seconds 15 $opts > "$work/$name.peer" 2>&1 &
    peer_pid=$!
    for _ in $(seq 50); do grep -q '^listening' "$work/$name.peer" && break; sleep 0.1; done
    (cd "$work" && timeout 30 sipp -sf "$scenarios/$name.xml" -i 127.0.0.1 -p 0 -m 1 -nostdin -timeout 20 \
        -trace_err -error_file "$work/$name.err" 127.0.0.1:"$port" > "$work/$name.sipp" 2>&1) || ok=0
    kill -TERM "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" 2>/dev/null
    peer_pid=
    verdict "$name" $ok "$@"
}

against_peer uac_late_offer "--codecs PCMU" '^media codec=PCMU ' '^ended reason=remote_hangup'
against_peer uac_reinvite_codec "--codecs PCMU,PCMA" '^media codec=PCMU ' '^media codec=PCMA ' '^ended reason=remote_hangup'
against_peer uac_488 "" '!^incoming'

# The peer calls SIPp. usage: against_sipp NAME "PEER OPTIONS" CHECK...
against_sipp() {
    local name=$1 opts=$2; shift 2
    local port ok=1
    port=$(free_port)
    (cd "$work" && exec timeout 30 sipp -sf "$scenarios/$name.xml" -i 127.0.0.1 -p "$port" -m 1 -nostdin -timeout 20 \
        -trace_err -error_file "$work/$name.err" > "$work/$name.sipp" 2>&1) &
    local sipp_pid=$!
    sleep 0.5
    timeout 20 "$peer" --listen 127.0.0.1:0 --call "sip:sipp@127.0.0.1:$port" --seconds 10 $opts > "$work/$name.peer" 2>&1 || ok=0
    wait "$sipp_pid" || ok=0
    verdict "$name" $ok "$@"
}

# The media follows the fork that answered: two different remote ports, the second the call's.
against_sipp uas_fork_media "--codecs PCMU --hangup-after 0.5" '^state early_media' '^state connected' '^ended reason=local_hangup'
ports=$(grep -o 'remote=127.0.0.1:[0-9]*' "$work/uas_fork_media.peer" | sort -u | wc -l)
[ "$ports" = 2 ] || { echo "uas_fork_media: the media did not move to the answering fork ($ports remote ports)"; failed=1; }
# The re-INVITE moved the media to another port.
ports=$(grep -o 'remote=127.0.0.1:[0-9]*' "$work/uac_reinvite_codec.peer" | sort -u | wc -l)
[ "$ports" = 2 ] || { echo "uac_reinvite_codec: the media did not move ($ports remote ports)"; failed=1; }

[ $failed = 0 ] || { echo "some SIPp scenarios failed" >&2; exit 1; }
