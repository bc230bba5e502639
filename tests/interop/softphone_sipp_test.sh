#!/usr/bin/env bash
# Interop: SIPp (Debian's sip-tester) against the softphone, on 127.0.0.1 only, each scenario
# bounded in time: SIPp's own UAC (three calls) and UAS, a re-INVITE and an UPDATE (RFC 3311)
# changing the codec, a CANCEL
# of a ringing call, a registrar with a 401 digest challenge, and SIPp's UAC losing 20% of the
# messages it receives (our retransmissions must carry every call through).
# usage: softphone_sipp_test.sh SOFTPHONE SESSION_SCENARIO_DIR
set -u
phone=$1
session_scenarios=$(cd "$2" && pwd)
scenarios=$(cd "$(dirname "$0")/sipp" && pwd)
command -v sipp > /dev/null || { echo "SKIP: sipp is not installed (tools/install-deps.sh)"; exit 0; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh" # free_port
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# sipp_calls NAME "SIPP SCENARIO ARGS" "SOFTPHONE OPTIONS" : SIPp calls the softphone
sipp_calls() {
    local name=$1 scenario=$2 opts=$3 port ok=1
    port=$(free_port)
    timeout 40 "$phone" --bind 127.0.0.1:"$port" --user phone --audio-in tone:1000 --audio-out null --events json \
        $opts < /dev/null > "$work/$name.out" 2> "$work/$name.err" &
    local pid=$!
    sleep 0.4
    (cd "$work" && timeout 30 sipp $scenario -i 127.0.0.1 -p 0 -nostdin -timeout 25 -trace_err \
        -error_file "$work/$name.sipp-err" 127.0.0.1:"$port" > "$work/$name.sipp" 2>&1) || ok=0
    kill -TERM $pid 2> /dev/null
    wait $pid 2> /dev/null
    if [ $ok = 0 ]; then
        fail "$name: SIPp's scenario failed"
        tail -20 "$work/$name.sipp"; head -40 "$work/$name.sipp-err" 2> /dev/null; cut -c1-200 "$work/$name.out"
    fi
}

sipp_calls uac "-sn uac -m 3 -r 3" "--auto-answer"
n=$(grep -c '"state":"connected"' "$work/uac.out")
[ "$n" = 3 ] && echo "ok   uac: 3 calls from SIPp answered" || fail "uac: $n of 3 calls connected"

sipp_calls reinvite "-sf $session_scenarios/uac_reinvite_codec.xml -m 1" "--auto-answer --codecs PCMU,PCMA"
grep -q '"codec":"PCMU"' "$work/reinvite.out" && grep -q '"codec":"PCMA"' "$work/reinvite.out" &&
    echo "ok   reinvite: PCMU then PCMA" || fail "reinvite: no codec switch: $(grep media "$work/reinvite.out")"

sipp_calls update "-sf $scenarios/uac_update_codec.xml -m 1" "--auto-answer --codecs PCMU,PCMA"
grep -q '"codec":"PCMU"' "$work/update.out" && grep -q '"codec":"PCMA"' "$work/update.out" &&
    echo "ok   update: PCMU then PCMA by UPDATE" || fail "update: no codec switch: $(grep media "$work/update.out")"

sipp_calls cancel "-sf $scenarios/uac_cancel.xml -m 1" "--auto-answer 5000"
if grep -q '"state":"terminated"' "$work/cancel.out" && ! grep -q '"state":"connected"' "$work/cancel.out"; then
    echo "ok   cancel: $(grep '"state":"terminated"' "$work/cancel.out" | cut -c1-160)"
else
    fail "cancel: $(cut -c1-200 "$work/cancel.out")"
fi

sipp_calls loss "-sn uac -m 10 -r 5 -lost 20" "--auto-answer"
n=$(grep -c '"state":"connected"' "$work/loss.out")
[ "$n" -ge 10 ] && echo "ok   loss: 10 calls through 20% loss" || fail "loss: $n of 10 calls connected"

# the softphone calls SIPp's UAS
port=$(free_port)
(cd "$work" && exec timeout 30 sipp -sn uas -i 127.0.0.1 -p "$port" -m 1 -nostdin -timeout 25 > "$work/uas.sipp" 2>&1) &
sipp_pid=$!
sleep 0.5
timeout 20 "$phone" --bind 127.0.0.1:0 --audio-in tone:1000 --audio-out null --events json \
    --call sip:sipp@127.0.0.1:"$port" --hangup-after 1 --exit-after-call < /dev/null > "$work/uas.out" 2>&1 ||
    fail "uas: the softphone exited with $?"
wait $sipp_pid && grep -q '"state":"connected"' "$work/uas.out" && echo "ok   uas: call to SIPp's UAS" ||
    fail "uas: $(tail -5 "$work/uas.sipp") $(cut -c1-200 "$work/uas.out")"

# a registrar that challenges
port=$(free_port)
(cd "$work" && exec timeout 30 sipp -sf "$scenarios/uas_register_401.xml" -i 127.0.0.1 -p "$port" -m 1 -nostdin \
    -timeout 25 -trace_err -error_file "$work/register.sipp-err" > "$work/register.sipp" 2>&1) &
sipp_pid=$!
sleep 0.5
mkfifo "$work/register.in"
timeout 20 "$phone" --bind 127.0.0.1:0 --user phone --password secret --registrar sip:127.0.0.1:"$port" \
    --audio-in null --audio-out null --events json < "$work/register.in" > "$work/register.out" 2>&1 &
pid=$!
exec 3> "$work/register.in"
for _ in $(seq 100); do grep -q '"event":"registration"' "$work/register.out" && break; sleep 0.1; done
echo quit >&3
exec 3>&-
wait $pid
wait $sipp_pid
if grep -q '"state":"registered"' "$work/register.out"; then
    echo "ok   register: $(grep '"state":"registered"' "$work/register.out" | cut -c1-160)"
else
    fail "register: $(cut -c1-200 "$work/register.out"); $(tail -5 "$work/register.sipp"); $(head -30 "$work/register.sipp-err" 2>/dev/null)"
fi

echo "softphone with SIPp: failures=$failed"
[ $failed = 0 ]
