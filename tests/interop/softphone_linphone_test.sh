#!/usr/bin/env bash
# The softphone against linphonec (Debian's linphone-cli, liblinphone 5.1) on 127.0.0.1, both
# directions: linphonec plays a 660 Hz WAV and records what it hears ('soundcard use files'),
# the softphone plays 440 Hz and records the call. Checked by the tones in both recordings
# (rvoip-wav-tone), RFC 4733 digits each way (linphonec prints the ones it receives; a digit
# typed at linphonec's prompt reaches the softphone), and the codec and SRTP each side reported.
#   1. softphone calls linphonec (auto-answer), Opus, DTMF 12#
#   2. linphonec calls the softphone (auto-answer, --codecs PCMU), linphonec sends DTMF 5
#   3. softphone calls linphonec with SDES-SRTP mandatory on both
set -u
phone=$1
tone=$2
command -v linphonec > /dev/null || { echo "linphonec is not installed (tools/install-deps.sh installs linphone-cli)"; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh" # free_port
wait_for() { # FILE PATTERN SECONDS
    local i
    for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
"$tone" --write "$work/linphone_tone.wav" 660 20 16000 1 > /dev/null || { echo "cannot write the tone"; exit 1; }

# start_linphone DIR SIP_PORT [extra [sip] lines]: linphonec in DIR, commands on fd 5
start_linphone() {
    local dir=$1 port=$2
    shift 2
    mkdir -p "$dir/home/.local/share/linphone"
    {
        echo "[sip]"
        echo "sip_port=$port"
        echo "sip_tcp_port=-1"
        echo "sip_tls_port=-1"
        echo "use_ipv6=0"
        echo "default_proxy=-1"
        for line in "$@"; do echo "$line"; done
        echo "[rtp]"
        echo "audio_rtp_port=$(free_port)"
        echo "[sound]"
        echo "echocancellation=0"
    } > "$dir/linphonerc"
    mkfifo "$dir/lp.in"
    HOME=$dir/home timeout 40 linphonec -c "$dir/linphonerc" -d 0 < "$dir/lp.in" > "$dir/lp.out" 2>&1 &
    lp_pid=$!
    exec 5> "$dir/lp.in"
    echo "soundcard use files" >&5
    echo "play $work/linphone_tone.wav" >&5
    echo "record $dir/lp.wav" >&5
    echo "autoanswer enable" >&5
    # linphonec listens once its core is up
    local i
    for i in $(seq 50); do
        ss -uln 2> /dev/null | grep -q "[:.]$port " && return 0
        sleep 0.1
    done
    fail "$dir: linphonec did not listen on $port: $(grep -v -- '-error-' "$dir/lp.out" | tail -5)"
    return 1
}
stop_linphone() {
    echo quit >&5
    exec 5>&-
    wait $lp_pid 2> /dev/null
}
check_audio() { # name dir
    "$tone" "$2/sp.wav" 660 right || fail "$1: the softphone's recording lacks linphonec's 660 Hz"
    "$tone" "$2/lp.wav" 440 mix || fail "$1: linphonec's recording lacks the softphone's 440 Hz"
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$2/sp.out" || fail "$1: invalid JSON lines"
}

# 1. softphone -> linphonec
dir=$work/to_linphone
mkdir -p "$dir"
lp_port=$(free_port)
if start_linphone "$dir" "$lp_port"; then
    timeout 20 "$phone" --bind 127.0.0.1:0 --user alice --audio-in tone:440 --audio-out null --record "$dir/sp.wav" \
        --events json --call sip:linphone@127.0.0.1:"$lp_port" --dtmf 12# --hangup-after 5 --exit-after-call \
        < /dev/null > "$dir/sp.out" 2> "$dir/sp.err" || fail "to_linphone: softphone exit $?: $(cat "$dir/sp.err")"
    stop_linphone
    grep -q '"state":"connected"' "$dir/sp.out" || fail "to_linphone: never connected: $(cat "$dir/sp.out" "$dir/lp.out" | grep -v -- '-error-')"
    grep -q '"codec":"opus"' "$dir/sp.out" || fail "to_linphone: Opus was not negotiated: $(grep '"media"' "$dir/sp.out")"
    for d in 1 2 '#'; do
        grep -q "Receiving tone $d from" "$dir/lp.out" || fail "to_linphone: linphonec did not receive DTMF $d"
    done
    grep -q "ended" "$dir/lp.out" || fail "to_linphone: linphonec did not see the hang-up"
    check_audio to_linphone "$dir"
fi

# 2. linphonec -> softphone
dir=$work/from_linphone
mkdir -p "$dir"
lp_port=$(free_port)
sp_port=$(free_port)
timeout 25 "$phone" --bind 127.0.0.1:"$sp_port" --user bob --audio-in tone:440 --audio-out null --record "$dir/sp.wav" \
    --codecs PCMU --auto-answer --events json --exit-after-call < /dev/null > "$dir/sp.out" 2> "$dir/sp.err" &
sp_pid=$!
if start_linphone "$dir" "$lp_port"; then
    echo "call sip:bob@127.0.0.1:$sp_port" >&5
    wait_for "$dir/sp.out" '"state":"connected"' 10 || fail "from_linphone: never connected: $(grep -v -- '-error-' "$dir/lp.out")"
    sleep 2
    echo "5" >&5 # a digit typed during a call is sent as DTMF
    sleep 3
    echo "terminate" >&5
    wait $sp_pid || fail "from_linphone: softphone exit $?: $(cat "$dir/sp.err")"
    stop_linphone
    grep -q '"codec":"PCMU"' "$dir/sp.out" || fail "from_linphone: PCMU was not negotiated: $(grep '"media"' "$dir/sp.out")"
    grep -q '"event":"dtmf".*"digit":"5"' "$dir/sp.out" || fail "from_linphone: the softphone did not receive linphonec's DTMF 5"
    grep -q '"reason":"remote_hangup"' "$dir/sp.out" || fail "from_linphone: the hang-up did not arrive"
    check_audio from_linphone "$dir"
fi

# 3. SDES-SRTP mandatory on both
dir=$work/srtp
mkdir -p "$dir"
lp_port=$(free_port)
if start_linphone "$dir" "$lp_port" "media_encryption=srtp" "media_encryption_mandatory=1"; then
    timeout 20 "$phone" --bind 127.0.0.1:0 --user alice --audio-in tone:440 --audio-out null --record "$dir/sp.wav" \
        --events json --srtp mandatory --call sip:linphone@127.0.0.1:"$lp_port" --hangup-after 4 --exit-after-call \
        < /dev/null > "$dir/sp.out" 2> "$dir/sp.err" || fail "srtp: softphone exit $?: $(cat "$dir/sp.err")"
    stop_linphone
    grep -q '"srtp":true' "$dir/sp.out" || fail "srtp: the call was not SRTP: $(grep '"media"' "$dir/sp.out") $(grep -v -- '-error-' "$dir/lp.out")"
    check_audio srtp "$dir"
fi

if [ $fails -eq 0 ]; then
    echo "softphone linphonec: all checks passed"
    exit 0
fi
exit 1
