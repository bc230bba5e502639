#!/usr/bin/env bash
# Interop: SIPp (Debian's sip-tester) scenarios against user agents on the dialog layer
# (sipp_peer), on 127.0.0.1 only, each bounded in time: 100rel/PRACK, session-timer refresh and
# expiry, re-INVITE glare, CANCEL racing the 200, a forked INVITE with two 200s, REFER with
# NOTIFY sipfrag, INVITE with Replaces, a stale nonce, 423 Interval Too Brief. Each run must end
# with SIPp's scenario passed and the peer reporting what the RFC has it do.
# usage: sipp_scenarios_test.sh SIPP_PEER SCENARIO_DIR
set -euo pipefail
peer="$1"
scenarios=$(cd "$2" && pwd)
work=$(mktemp -d)
cleanup() {
    # (never "kill 0": that would signal our whole process group, ctest included)
    [ -z "${peer_pid:-}" ] || kill "$peer_pid" 2>/dev/null || true
    [ -z "${sipp_pid:-}" ] || kill "$sipp_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
failed=0

report() { # name ok
    echo "--- $1: peer"; cat "$work/$1.peer"
    if [ "$2" != 1 ]; then
        echo "--- $1: sipp"; tail -25 "$work/$1.sipp" || true
        cat "$work/$1.err" 2>/dev/null | head -30 || true
        echo "SCENARIO $1 FAILED"
        failed=1
    else
        echo "scenario $1: ok"
    fi
}

# SIPp calls the peer. usage: against_uas NAME "PEER OPTIONS" CHECK...
against_uas() {
    local name=$1 opts=$2; shift 2
    local port ok=1
    port=$(free_port)
    "$peer" uas "$port" --seconds 30 $opts > "$work/$name.peer" 2>&1 &
    peer_pid=$!
    for _ in $(seq 50); do grep -q '^listening' "$work/$name.peer" && break; sleep 0.1; done
    (cd "$work" && timeout 40 sipp -sf "$scenarios/$name.xml" -i 127.0.0.1 -p 0 -m 1 -nostdin -timeout 30 \
        -trace_err -error_file "$work/$name.err" 127.0.0.1:"$port" > "$work/$name.sipp" 2>&1) || ok=0
    kill -TERM "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" || ok=0
    peer_pid=
    for check in "$@"; do grep -Eq "$check" "$work/$name.peer" || { echo "missing: $check"; ok=0; }; done
    report "$name" $ok
}

# The peer calls or registers with SIPp. usage: against_sipp NAME "PEER MODE AND OPTIONS" CHECK...
against_sipp() {
    local name=$1 opts=$2; shift 2
    local port ok=1
    port=$(free_port)
    (cd "$work" && exec timeout 40 sipp -sf "$scenarios/$name.xml" -i 127.0.0.1 -p "$port" -m 1 -nostdin -timeout 30 \
        -trace_err -error_file "$work/$name.err" > "$work/$name.sipp" 2>&1) &
    sipp_pid=$!
    sleep 0.5
    local mode=${opts%% *} rest=${opts#* }
    [ "$rest" = "$opts" ] && rest=""
    timeout 30 "$peer" "$mode" 0 127.0.0.1:"$port" --seconds 20 $rest > "$work/$name.peer" 2>&1 || ok=0
    wait "$sipp_pid" || ok=0
    sipp_pid=
    for check in "$@"; do grep -Eq "$check" "$work/$name.peer" || { echo "missing: $check"; ok=0; }; done
    report "$name" $ok
}

against_uas uac_prack "" '^prack$' 'terminated bye_received'
against_uas uac_session_refresh "--min-se 5" 'session_refreshes=1 ' 'terminated bye_received'
against_uas uac_session_expiry "--min-se 5" 'sessions_expired=1 ' 'terminated session_expired'
against_uas uac_glare "--reinvite-after-ack 300" 'glare_rejected=1 ' '^reinvite_status 200'
against_uas uac_refer "" '^refer <sip:carol@127.0.0.1>' '^notify_sent 200' 'terminated bye_received'
against_uas uac_replaces "" '^replaces matched' '^bye_replaced' 'live_dialogs=0 '
against_sipp uas_cancel_race "uac --cancel-on-180" '^cancel_sent' 'acks_sent=1 ' 'live_dialogs=0 '
against_sipp uas_fork "uac --hangup-after 500" 'terminated forked_extra tag=fork2' 'terminated bye_sent tag=fork1' 'acks_sent=2 '
against_sipp uas_register_stale "register" '^registered expires=60' 'auth_retries=2 ' '^unregistered'
against_sipp uas_register_423 "register --expires 60" '^registered expires=120' '^unregistered'

[ $failed = 0 ] || { echo "some SIPp scenarios failed" >&2; exit 1; }
echo "interop with SIPp (PRACK, session timers, glare, CANCEL race, forking, REFER, Replaces, stale nonce, 423): ok"
