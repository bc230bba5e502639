#!/usr/bin/env bash
# Two softphones on 127.0.0.1: A calls B (B auto-answers), each plays a tone and records the
# call; DTMF from the flag and from stdin arrives; hold and resume by stdin commands; stats;
# hang-up. Then the same with --srtp mandatory on both, mandatory against plain, and a peer
# that vanishes mid-call (killed: the softphone hangs up after --media-timeout). Checked by what
# the recordings hold (rvoip-wav-tone) and by the JSON events each side printed.
set -u
phone=$1
tone=$2
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_for FILE PATTERN SECONDS
wait_for() {
    local i
    for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

scenario() { # name, extra flags for both
    local name=$1
    shift
    local dir=$work/$name
    mkdir -p "$dir"
    local port_b
    port_b=$(free_port)
    timeout 40 "$phone" --bind 127.0.0.1:"$port_b" --user bob --auto-answer 200 --audio-in tone:880 --audio-out null \
        --record "$dir/b.wav" --events json --exit-after-call "$@" < /dev/null > "$dir/b.out" 2> "$dir/b.err" &
    local b=$!
    mkfifo "$dir/a.in"
    timeout 40 "$phone" --bind 127.0.0.1:0 --user alice --audio-in tone:440 --audio-out null --record "$dir/a.wav" \
        --events json --call sip:bob@127.0.0.1:"$port_b" --dtmf 1# --exit-after-call "$@" \
        < "$dir/a.in" > "$dir/a.out" 2> "$dir/a.err" &
    local a=$!
    exec 3> "$dir/a.in"
    if ! wait_for "$dir/a.out" '"state":"connected"' 10; then
        fail "$name: A never connected: $(cat "$dir/a.out" "$dir/a.err" "$dir/b.out" "$dir/b.err")"
        exec 3>&-
        kill $a $b 2>/dev/null
        return
    fi
    sleep 2.5
    echo "dtmf 7" >&3
    echo "hold" >&3
    wait_for "$dir/b.out" '"state":"held"' 5 || fail "$name: B did not see the hold"
    wait_for "$dir/a.out" '"state":"held"' 5 || fail "$name: A did not report held"
    sleep 1
    echo "stats" >&3
    wait_for "$dir/a.out" '"event":"stats"' 5 || fail "$name: no stats event"
    local sent_held
    sent_held=$(grep '"event":"stats"' "$dir/a.out" | tail -1 | sed 's/.*"packets_sent":\([0-9]*\).*/\1/')
    sleep 1
    echo "stats" >&3
    sleep 0.5
    local sent_held2
    sent_held2=$(grep '"event":"stats"' "$dir/a.out" | tail -1 | sed 's/.*"packets_sent":\([0-9]*\).*/\1/')
    if [ "$sent_held2" -gt $((sent_held + 5)) ]; then
        fail "$name: A kept sending on hold ($sent_held -> $sent_held2 packets)"
    fi
    echo "resume" >&3
    wait_for "$dir/a.out" '"state":"resumed"' 5 || fail "$name: A did not resume"
    sleep 2.5
    echo "hangup" >&3
    wait $a
    local rc_a=$?
    exec 3>&-
    wait $b
    local rc_b=$?
    [ $rc_a -eq 0 ] && [ $rc_b -eq 0 ] || fail "$name: exit codes A=$rc_a B=$rc_b"
    for d in 1 '#' 7; do
        grep -q "\"event\":\"dtmf\".*\"digit\":\"$d\"" "$dir/b.out" || fail "$name: B did not receive DTMF $d"
    done
    grep -q '"state":"terminated"' "$dir/b.out" || fail "$name: B's call did not end"
    grep -q '"event":"quality"' "$dir/a.out" || fail "$name: A printed no quality sample"
    python3 -c 'import json,sys; [json.loads(l) for f in sys.argv[1:] for l in open(f)]' "$dir/a.out" "$dir/b.out" ||
        fail "$name: invalid JSON lines"
    "$tone" "$dir/b.wav" 440 right || fail "$name: B's recording lacks A's tone"
    "$tone" "$dir/a.wav" 880 right || fail "$name: A's recording lacks B's tone"
    "$tone" "$dir/a.wav" 440 left || fail "$name: A's recording lacks its own tone"
    if "$tone" "$dir/b.wav" 880 right > /dev/null; then fail "$name: B's remote channel holds its own tone"; fi
    echo "$name: $(grep '"event":"media"' "$dir/a.out" | head -1)"
}

scenario plain
scenario srtp --srtp mandatory
grep -q '"srtp":true' "$work/srtp/a.out" && grep -q '"srtp":true' "$work/srtp/b.out" ||
    fail "srtp: media events do not say SRTP"
# a mandatory caller and a callee without SRTP: the call fails with a reason, nobody crashes
port=$(free_port)
timeout 15 "$phone" --bind 127.0.0.1:"$port" --user carol --auto-answer --audio-in null --audio-out null --events json \
    < /dev/null > "$work/c.out" 2>&1 &
c=$!
timeout 15 "$phone" --bind 127.0.0.1:0 --audio-in null --audio-out null --srtp mandatory --events json \
    --call sip:carol@127.0.0.1:"$port" --exit-after-call < /dev/null > "$work/m.out" 2>&1
rc=$?
kill $c 2>/dev/null
if [ $rc -ne 0 ] || ! grep -q '"state":"terminated"' "$work/m.out"; then
    fail "SRTP mandatory against plain RTP: exit $rc: $(cat "$work/m.out")"
else
    echo "srtp-refused: $(grep '"state":"terminated"' "$work/m.out")"
fi

# the peer vanishes mid-call (kill -9: no BYE, no more RTP or RTCP): after --media-timeout the
# softphone hangs up by itself, says why, and keeps running
port=$(free_port)
timeout 20 "$phone" --bind 127.0.0.1:"$port" --user dave --auto-answer --audio-in tone:440 --audio-out null \
    --media-timeout 2 --events json < /dev/null > "$work/d.out" 2>&1 &
d=$!
timeout 20 "$phone" --bind 127.0.0.1:0 --audio-in tone:880 --audio-out null --events json \
    --call sip:dave@127.0.0.1:"$port" < /dev/null > "$work/e.out" 2>&1 &
e=$!
if wait_for "$work/d.out" '"state":"connected"' 10; then
    sleep 1
    pkill -9 -P $e # the softphone under timeout
    gone=$(date +%s.%N)
    if wait_for "$work/d.out" '"state":"terminated"' 6; then
        took=$(python3 -c "import sys; print('%.1f' % ($(date +%s.%N) - $gone))")
        line=$(grep '"state":"terminated"' "$work/d.out")
        echo "peer-gone: after ${took} s: $line"
        echo "$line" | grep -q 'no RTP or RTCP' || fail "peer-gone: the reason does not say why: $line"
        kill -0 $d 2>/dev/null || fail "peer-gone: the softphone did not keep running"
    else
        fail "peer-gone: the call was not ended after the peer vanished: $(grep -v quality "$work/d.out")"
    fi
else
    fail "peer-gone: the call did not connect: $(cat "$work/d.out" "$work/e.out")"
fi
kill $d 2>/dev/null

[ $fails -eq 0 ] && echo "softphone calls: all checks passed"
exit $fails
