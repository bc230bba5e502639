#!/usr/bin/env bash
# Bad usage of the softphone: every bad flag is one line on stderr and exit 2; bad commands at
# run time are error events and the phone keeps serving (../shared/CONTRACT.md).
set -u
phone=$1
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# usage_error ARGS...: exit 2 and exactly one line on stderr, nothing on stdout
usage_error() {
    timeout 10 "$phone" "$@" < /dev/null > "$work/out" 2> "$work/err"
    local rc=$?
    local lines
    lines=$(wc -l < "$work/err")
    if [ $rc -ne 2 ] || [ "$lines" -ne 1 ] || [ -s "$work/out" ]; then
        fail "softphone $* gave exit $rc, $lines stderr lines: $(cat "$work/err" "$work/out")"
    else
        echo "ok: softphone $* -> $(cat "$work/err")"
    fi
}

usage_error --no-such-flag
usage_error --bind 127.0.0.1
usage_error --bind 300.1.1.1:5060
usage_error --bind 127.0.0.1:99999
usage_error --transport carrier-pigeon
usage_error --call not-a-uri
usage_error --call sip:
usage_error --registrar http://example.com
usage_error --codecs PCMU,nonsense
usage_error --audio-in tone:abc
usage_error --audio-in file:"$work/missing.wav"
usage_error --audio-out tone:440
usage_error --dtmf 12x
usage_error --srtp sometimes
usage_error --rtp-ports 30000-20000
usage_error --rtp-ports 1-2
usage_error --media-public-address not-an-ip
usage_error --symmetric-rtp maybe
usage_error --media-timeout -1
usage_error --media-timeout 100000
usage_error --events xml
usage_error --log-level loud
usage_error --auto-answer soon
usage_error --hangup-after -3
usage_error --expires 0
usage_error --config "$work/missing.conf"
echo "bogus-key = 1" > "$work/bad.conf"
usage_error --config "$work/bad.conf"
usage_error --bind 192.0.2.1:5060 # an address this machine does not have

# a port another program holds
"$phone" --bind 127.0.0.1:0 --audio-in null --audio-out null --events json < /dev/null > /dev/null 2>&1 &
holder=$!
python3 - "$work/port" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(20)
PY
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
usage_error --bind 127.0.0.1:"$(cat "$work/port")"
kill $holder 2>/dev/null

# --help: exit 0, the options listed
if ! timeout 5 "$phone" --help | grep -q -- "--auto-answer"; then fail "--help does not list the options"; fi

# a config file: key = value lines, flags override
printf 'user = fromfile\nbind = 127.0.0.1:0\nevents = json\naudio-in = null\naudio-out = null\n' > "$work/good.conf"
printf 'calls\nquit\n' | timeout 10 "$phone" --config "$work/good.conf" --user fromflag > "$work/conf.out" 2>&1
if [ $? -ne 0 ] || ! grep -q '"event":"calls"' "$work/conf.out"; then fail "--config: $(cat "$work/conf.out")"; fi

# bad commands at run time: one error event each, and the phone still answers "calls"
cat > "$work/commands" <<'CMDS'
frobnicate
answer
answer 42
hangup 7
dtmf 12x
dtmf 5
call not-a-uri
transfer sip:carol@127.0.0.1
attended 1
reject 1 99
message sip:bob@127.0.0.1
unregister

calls
quit
CMDS
timeout 15 "$phone" --bind 127.0.0.1:0 --audio-in null --audio-out null --events json < "$work/commands" \
    > "$work/run.out" 2> "$work/run.err"
rc=$?
errors=$(grep -c '"event":"error"' "$work/run.out")
if [ $rc -ne 0 ] || [ "$errors" -ne 12 ] || ! grep -q '"event":"calls"' "$work/run.out"; then
    fail "bad commands: exit $rc, $errors error events (want 12): $(cat "$work/run.out" "$work/run.err")"
else
    echo "ok: 12 bad commands, 12 error events, the phone kept running"
fi
if grep -v '^{"event":"[a-z_]*","time":"[0-9T:.-]*Z"' "$work/run.out" | grep -q .; then
    fail "lines that are not JSON events: $(grep -v '^{"event"' "$work/run.out")"
fi
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$work/run.out" || fail "invalid JSON"

[ $fails -eq 0 ] && echo "softphone usage: all checks passed"
exit $fails
