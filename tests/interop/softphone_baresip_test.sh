#!/usr/bin/env bash
# Interop: the softphone against baresip (Debian baresip-core) on 127.0.0.1, both directions,
# PCMU, G.722 and Opus, and SDES-SRTP; baresip plays a 600 Hz file (aufile) and records what it
# hears (sndfile), the softphone plays 1000 Hz and records the call; a run passes when each
# recording holds the other side's tone. RFC 4733 digits the softphone sends reach baresip.
# usage: softphone_baresip_test.sh SOFTPHONE WAV_TONE
set -u
phone=$1
tone=$2
command -v baresip > /dev/null || { echo "SKIP: baresip is not installed (tools/install-deps.sh)"; exit 0; }
work=$(mktemp -d /tmp/rvoip-sp-baresip.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh" # free_port
sip_port=$(free_port)
phone_port=$(free_port)
for spec in "8000 1" "16000 1" "48000 2"; do
    set -- $spec
    "$tone" --write "$work/tone-$1.wav" 600 30 "$1" "$2" || exit 1
done
failures=0

# shellcheck source=baresip_config.sh
. "$(dirname "$0")/baresip_config.sh"
config() { baresip_config "$1" "$2" "$work/tone-$3.wav" "$sip_port" 43000-43200; } # dir account-params rate

check() { # name dir
    local name=$1 dir=$2 ok=1 dec
    dec=$(ls "$dir"/rec/*-dec.wav 2> /dev/null | head -1)
    if ! grep -q '"event":"media"' "$dir/phone.out"; then
        echo "FAIL $name: no call"; ok=0
    elif ! "$tone" "$dir/ours.wav" 600 right > "$dir/detect-ours.log"; then
        echo "FAIL $name: the softphone did not hear baresip: $(cat "$dir/detect-ours.log")"; ok=0
    elif [ -z "$dec" ] || ! "$tone" "$dec" 1000 > "$dir/detect-theirs.log"; then
        echo "FAIL $name: baresip did not hear the softphone: $(cat "$dir/detect-theirs.log" 2> /dev/null)"; ok=0
    fi
    if [ $ok = 1 ]; then
        echo "ok   $name: $(grep '"event":"media"' "$dir/phone.out" | head -1 | cut -c1-160)"
    else
        failures=$((failures + 1))
        echo "--- softphone"; cut -c1-300 "$dir/phone.out" "$dir/phone.err"; echo "--- baresip"; tail -25 "$dir/baresip.log"
    fi
}

baresip_calls() { # name account-params rate [softphone options...]
    local name=$1 params=$2 rate=$3; shift 3
    local dir="$work/$name"
    config "$dir" "$params" "$rate"
    timeout 20 "$phone" --bind 127.0.0.1:$phone_port --user phone --auto-answer --audio-in tone:1000 --audio-out null \
        --record "$dir/ours.wav" --events json --exit-after-call "$@" < /dev/null > "$dir/phone.out" 2> "$dir/phone.err" &
    local pid=$!
    sleep 0.3
    timeout 15 baresip -f "$dir" -e "/dial sip:phone@127.0.0.1:$phone_port" -t 4 > "$dir/baresip.log" 2>&1
    wait $pid
    check "$name" "$dir"
}

phone_calls() { # name account-params rate [softphone options...]
    local name=$1 params=$2 rate=$3; shift 3
    local dir="$work/$name"
    config "$dir" "$params" "$rate"
    timeout 15 baresip -f "$dir" -t 6 > "$dir/baresip.log" 2>&1 &
    local bpid=$!
    sleep 0.5
    timeout 20 "$phone" --bind 127.0.0.1:$phone_port --user phone --audio-in tone:1000 --audio-out null \
        --record "$dir/ours.wav" --events json --call "sip:baresip@127.0.0.1:$sip_port" --hangup-after 3 \
        --exit-after-call "$@" < /dev/null > "$dir/phone.out" 2> "$dir/phone.err"
    wait $bpid
    check "$name" "$dir"
}

baresip_calls baresip-calls-pcmu "audio_codecs=PCMU/8000/1" 8000
baresip_calls baresip-calls-g722 "audio_codecs=G722/16000/1" 16000
baresip_calls baresip-calls-srtp "audio_codecs=PCMU/8000/1;mediaenc=srtp-mand" 8000 --srtp mandatory
phone_calls phone-calls-opus "audio_codecs=opus/48000/2,PCMU/8000/1" 48000 --codecs opus,PCMU
phone_calls phone-calls-g722-dtmf "audio_codecs=G722/16000/1,PCMU/8000/1" 16000 --codecs G722 --dtmf 159
phone_calls phone-calls-srtp "audio_codecs=PCMU/8000/1;mediaenc=srtp-mand" 8000 --srtp mandatory --codecs PCMU

digits=$(grep -ao "received event: '[0-9]' (end=0)" "$work/phone-calls-g722-dtmf/baresip.log" | grep -o "'[0-9]'" | tr -d "'\n")
if [ "$digits" = "159" ]; then
    echo "ok   dtmf: baresip received 159"
else
    echo "FAIL dtmf: baresip received '$digits', not 159"
    failures=$((failures + 1))
fi
for name in baresip-calls-srtp phone-calls-srtp; do
    grep -q '"srtp":true' "$work/$name/phone.out" || { echo "FAIL $name: not SRTP"; failures=$((failures + 1)); }
done
echo "softphone with baresip: failures=$failures"
[ $failures = 0 ]
