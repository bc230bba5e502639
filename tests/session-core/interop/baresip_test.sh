#!/bin/bash
# session-core against baresip (Debian baresip-core), on 127.0.0.1, each run bounded in time:
# baresip calls us and we call it, with PCMU, G.722, Opus and SDES-SRTP; each side plays a tone
# (baresip from a WAV file through aufile, we from a sine) and records what it hears (baresip
# through sndfile, we to a WAV); a run passes when each recording holds the other side's tone.
# Also checked: RFC 4733 digits we send reach baresip.
set -u
peer=${1:?usage: baresip_test.sh session-core-peer}
command -v baresip >/dev/null || { echo "SKIP: baresip is not installed (tools/install-deps.sh)"; exit 0; }
work=$(mktemp -d /tmp/rvoip-baresip.XXXXXX)
trap 'pkill -P $$ 2>/dev/null; rm -rf "$work"' EXIT
sip_port=$((20000 + RANDOM % 20000))
peer_port=$((sip_port + 1))
# aufile wants its file at the codec's rate (and Opus's two channels).
"$peer" --write-tone "$work/tone-8000.wav" 600 30 8000 1 &&
    "$peer" --write-tone "$work/tone-16000.wav" 600 30 16000 1 &&
    "$peer" --write-tone "$work/tone-48000.wav" 600 30 48000 2 || exit 1
failures=0

# shellcheck source=../../interop/baresip_config.sh
. "$(dirname "$0")/../../interop/baresip_config.sh"
config() { baresip_config "$1" "$2" "$work/tone-$3.wav" "$sip_port" 42000-42200; } # dir account-params rate

# check <name> <dir>: both recordings hold the other side's tone.
check() {
    local name=$1 dir=$2 ok=1
    local dec
    dec=$(ls "$dir"/rec/*-dec.wav 2>/dev/null | head -1)
    if ! grep -q "^codec " "$dir/peer.log"; then
        echo "FAIL $name: no call"; ok=0
    elif ! "$peer" --detect "$dir/ours.wav" 600 > "$dir/detect-ours.log"; then
        echo "FAIL $name: we did not hear baresip's tone: $(cat "$dir/detect-ours.log")"; ok=0
    elif [ -z "$dec" ] || ! "$peer" --detect "$dec" 1000 > "$dir/detect-theirs.log"; then
        echo "FAIL $name: baresip did not hear our tone: $(cat "$dir/detect-theirs.log" 2>/dev/null)"; ok=0
    fi
    if [ $ok = 1 ]; then
        echo "ok   $name: $(grep '^codec ' "$dir/peer.log") | $(grep '^ended' "$dir/peer.log")"
    else
        failures=$((failures + 1))
        echo "--- our log"; cat "$dir/peer.log"; echo "--- baresip"; tail -25 "$dir/baresip.log"
    fi
}

# baresip_calls <name> <account params> <audio rate> [peer options...]
baresip_calls() {
    local name=$1 params=$2 rate=$3; shift 3
    local dir="$work/$name"
    config "$dir" "$params" "$rate"
    "$peer" --listen 127.0.0.1:$peer_port --tone 1000 --record "$dir/ours.wav" --seconds 8 "$@" > "$dir/peer.log" 2>&1 &
    local pid=$!
    sleep 0.3
    timeout 15 baresip -f "$dir" -e "/dial sip:peer@127.0.0.1:$peer_port" -t 4 > "$dir/baresip.log" 2>&1
    wait $pid
    check "$name" "$dir"
}

# we_call <name> <account params> <audio rate> [peer options...]
we_call() {
    local name=$1 params=$2 rate=$3; shift 3
    local dir="$work/$name"
    config "$dir" "$params" "$rate"
    timeout 15 baresip -f "$dir" -t 6 > "$dir/baresip.log" 2>&1 &
    local bpid=$!
    sleep 0.5
    "$peer" --listen 127.0.0.1:$peer_port --call "sip:baresip@127.0.0.1:$sip_port" --tone 1000 \
        --record "$dir/ours.wav" --hangup-after 3 --seconds 8 "$@" > "$dir/peer.log" 2>&1
    wait $bpid
    check "$name" "$dir"
}

baresip_calls baresip-calls-pcmu "audio_codecs=PCMU/8000/1" 8000
baresip_calls baresip-calls-g722 "audio_codecs=G722/16000/1" 16000
baresip_calls baresip-calls-opus "audio_codecs=opus/48000/2" 48000
baresip_calls baresip-calls-srtp "audio_codecs=PCMU/8000/1;mediaenc=srtp-mand" 8000 --srtp mandatory
we_call we-call-opus "audio_codecs=opus/48000/2,PCMU/8000/1" 48000 --codecs opus,PCMU
we_call we-call-g722-dtmf "audio_codecs=G722/16000/1,PCMU/8000/1" 16000 --codecs G722 --dtmf 159
we_call we-call-srtp "audio_codecs=PCMU/8000/1;mediaenc=srtp-mand" 8000 --srtp mandatory --codecs PCMU

# The digits went as RFC 4733 events and baresip saw each once.
digits=$(grep -ao "received event: '[0-9]' (end=0)" "$work/we-call-g722-dtmf/baresip.log" | grep -o "'[0-9]'" | tr -d "'\n")
if [ "$digits" = "159" ]; then
    echo "ok   dtmf: baresip received 159"
else
    echo "FAIL dtmf: baresip received '$digits', not 159"
    grep -ao "received event: [^)]*)" "$work/we-call-g722-dtmf/baresip.log" | head
    failures=$((failures + 1))
fi

# Our SRTP answers and offers carried keys: the call said srtp=1.
for name in baresip-calls-srtp we-call-srtp; do
    grep -q "srtp=1" "$work/$name/peer.log" || { echo "FAIL $name: not SRTP"; failures=$((failures + 1)); }
done
echo "baresip failures=$failures"
[ $failures = 0 ]
