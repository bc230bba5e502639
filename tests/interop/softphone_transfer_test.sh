#!/usr/bin/env bash
# Transfers between three softphones on 127.0.0.1 (RFC 3515 REFER, RFC 3891 Replaces): each
# plays its own tone and records every call, and what arrives is checked in the recordings.
#   blind:    Alice calls Bob, then 'transfer sip:carol': Bob calls Carol, Alice's call ends.
#   attended: Alice calls Bob, then Carol (Bob on hold), then 'attended 1 2': Bob calls Carol
#             with Replaces, Carol's call with Alice is replaced by Bob's, Alice has no call left.
# usage: softphone_transfer_test.sh SOFTPHONE WAV_TONE
set -u
phone=$1
tone=$2
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh" # free_port
wait_for() { # FILE PATTERN SECONDS
    local i
    for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
count() { grep -c "$2" "$1" 2>/dev/null; }

scenario() { # name
    local name=$1 dir=$work/$1 bob_port carol_port
    mkdir -p "$dir"
    bob_port=$(free_port)
    carol_port=$(free_port)
    mkfifo "$dir/alice.in"
    timeout 40 "$phone" --bind 127.0.0.1:"$bob_port" --user bob --auto-answer --audio-in tone:880 --audio-out null \
        --record "$dir/bob.wav" --events json < /dev/null > "$dir/bob.out" 2> "$dir/bob.err" &
    timeout 40 "$phone" --bind 127.0.0.1:"$carol_port" --user carol --auto-answer --audio-in tone:660 --audio-out null \
        --record "$dir/carol.wav" --events json < /dev/null > "$dir/carol.out" 2> "$dir/carol.err" &
    timeout 40 "$phone" --bind 127.0.0.1:0 --user alice --audio-in tone:440 --audio-out null \
        --record "$dir/alice.wav" --events json < "$dir/alice.in" > "$dir/alice.out" 2> "$dir/alice.err" &
    exec 3> "$dir/alice.in"
    sleep 0.3
    echo "call sip:bob@127.0.0.1:$bob_port" >&3
    wait_for "$dir/bob.out" '"state":"connected"' 10 || fail "$name: Alice's call to Bob did not connect"
    sleep 1.5
    if [ "$name" = blind ]; then
        echo "transfer sip:carol@127.0.0.1:$carol_port" >&3
    else
        echo "hold 1" >&3
        wait_for "$dir/bob.out" '"state":"held"' 5 || fail "$name: Bob did not see the hold"
        echo "call sip:carol@127.0.0.1:$carol_port" >&3
        wait_for "$dir/carol.out" '"state":"connected"' 10 || fail "$name: Alice's call to Carol did not connect"
        sleep 1.5
        echo "attended 1 2" >&3
    fi
    wait_for "$dir/alice.out" '"state":"succeeded"' 10 || fail "$name: Alice saw no successful transfer: $(grep transfer "$dir/alice.out")"
    # Bob's second call is the one to Carol
    wait_for "$dir/bob.out" '"call_id":"2","state":"connected"' 10 || fail "$name: Bob's call to Carol did not connect"
    sleep 2.5
    echo "calls" >&3
    sleep 0.3
    echo quit >&3
    exec 3>&-
    sleep 0.5
    kill $(jobs -p) 2>/dev/null
    wait 2>/dev/null

    [ "$(count "$dir/alice.out" '"state":"terminated"')" -ge 1 ] || fail "$name: Alice's call did not end"
    grep -q '"event":"calls","time":"[^"]*","calls":\[\]' "$dir/alice.out" || fail "$name: Alice still has calls: $(grep '"calls"' "$dir/alice.out")"
    if [ "$name" = attended ]; then
        grep -q '"event":"incoming_call".*"from":"sip:bob@.*"replaces":"1"' "$dir/carol.out" ||
            fail "$name: Carol was not told that Bob's call replaces Alice's"
        [ "$(count "$dir/carol.out" '"state":"terminated"')" -ge 1 ] || fail "$name: Carol's call with Alice was not replaced"
    fi
    "$tone" "$dir/bob-2.wav" 660 right || fail "$name: Bob does not hear Carol after the transfer"
    local carols=$dir/carol.wav # blind: Carol's only call is Bob's; attended: her second
    [ "$name" = attended ] && carols=$dir/carol-2.wav
    "$tone" "$carols" 880 right || fail "$name: Carol does not hear Bob after the transfer"
    if [ $fails -ne 0 ]; then
        for f in alice bob carol; do echo "--- $f"; grep -v quality "$dir/$f.out" | cut -c1-220; cat "$dir/$f.err"; done
    fi
}

scenario blind
scenario attended
if [ $fails -eq 0 ]; then
    echo "softphone transfers (blind, attended): all checks passed"
    exit 0
fi
exit 1
