#!/usr/bin/env bash
# Interop: two softphones register with digest at Kamailio 5.6 (MD5, then SHA-256 on a second
# instance) and use it as their outbound proxy: a MESSAGE through it, then a call through it
# (record-routed) with tones checked in both recordings and DTMF, hang-up, unregister. Then the
# same over TLS (kamailio-tls-modules): a CA the test makes signs Kamailio's certificate and the
# phones' (they listen on TLS too), the phones check Kamailio's against it (--tls-ca), and
# register and call with sip:...;transport=tls.
# usage: softphone_kamailio_test.sh SOFTPHONE WAV_TONE
set -u
phone=$1
tone=$2
work=$(mktemp -d)
cleanup() {
    [ -f "$work/kamailio.pid" ] && kill "$(cat "$work/kamailio.pid")" 2>/dev/null
    kill $(jobs -p) 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh"
wait_for() { # file pattern seconds
    local i
    for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

run() { # algorithm [tls]
    local algorithm=$1 port dir=$work/$1${2:+-tls}
    mkdir -p "$dir"
    port=$(free_port)
    local common=(--registrar "sip:127.0.0.1:$port" --outbound-proxy "sip:127.0.0.1:$port;lr")
    if [ -n "${2:-}" ]; then
        local tls_port
        tls_port=$(free_port)
        kamailio_tls_material "$dir/tls" || { fail "tls: openssl could not make the test certificates"; return; }
        kamailio_config "$dir/kamailio.cfg" "$algorithm" "$dir/tls"
        kamailio_start "$dir/kamailio.cfg" "$port" "$dir/kamailio.log" "$work/kamailio.pid" -l "tls:127.0.0.1:$tls_port"
        common=(--transport tls --tls-cert "$dir/tls/server.pem" --tls-key "$dir/tls/server.key"
                --tls-ca "$dir/tls/ca.pem" --registrar "sip:127.0.0.1:$tls_port;transport=tls"
                --outbound-proxy "sip:127.0.0.1:$tls_port;transport=tls;lr")
        algorithm="$algorithm over TLS"
    else
        kamailio_config "$dir/kamailio.cfg" "$algorithm"
        kamailio_start "$dir/kamailio.cfg" "$port" "$dir/kamailio.log" "$work/kamailio.pid"
    fi
    common+=(--expires 60 --audio-out null --events json)
    timeout 40 "$phone" --bind 127.0.0.1:0 --user bob --password pw-bob --auto-answer --audio-in tone:880 \
        --record "$dir/bob.wav" --exit-after-call "${common[@]}" < /dev/null > "$dir/bob.out" 2> "$dir/bob.err" &
    local bob=$!
    wait_for "$dir/bob.out" '"state":"registered"' 10 || fail "$algorithm: bob did not register"
    mkfifo "$dir/alice.in"
    timeout 40 "$phone" --bind 127.0.0.1:0 --user alice --password pw-alice --audio-in tone:440 \
        --record "$dir/alice.wav" --dtmf 42 --exit-after-call "${common[@]}" \
        < "$dir/alice.in" > "$dir/alice.out" 2> "$dir/alice.err" &
    local alice=$!
    exec 3> "$dir/alice.in"
    wait_for "$dir/alice.out" '"state":"registered"' 10 || fail "$algorithm: alice did not register"
    echo "message sip:bob@127.0.0.1 hello from alice" >&3
    wait_for "$dir/bob.out" '"text":"hello from alice"' 10 || fail "$algorithm: the MESSAGE did not arrive"
    echo "call sip:bob@127.0.0.1" >&3
    wait_for "$dir/alice.out" '"state":"connected"' 10 || fail "$algorithm: the call did not connect"
    sleep 3
    echo "hangup" >&3
    wait $alice || fail "$algorithm: alice exited with $?"
    exec 3>&-
    wait $bob || fail "$algorithm: bob exited with $?"
    kill "$kamailio_pid" 2>/dev/null
    wait "$kamailio_pid" 2>/dev/null
    grep -q '"digit":"4"' "$dir/bob.out" && grep -q '"digit":"2"' "$dir/bob.out" || fail "$algorithm: DTMF 42 missing"
    "$tone" "$dir/bob.wav" 440 right || fail "$algorithm: bob did not hear alice"
    "$tone" "$dir/alice.wav" 880 right || fail "$algorithm: alice did not hear bob"
    local taken
    taken=$(grep -c "authenticated .* algorithm=${algorithm% over TLS}\$" "$dir/kamailio.log")
    echo "$algorithm: Kamailio authenticated $taken requests"
    [ "$taken" -ge 4 ] || fail "$algorithm: only $taken requests authenticated with $algorithm"
    if [ $fails -ne 0 ]; then
        for f in alice.out alice.err bob.out bob.err; do echo "--- $f"; cut -c1-300 "$dir/$f"; done
        echo "--- kamailio log"; tail -20 "$dir/kamailio.log"
    fi
}

run MD5
run SHA-256
run MD5 tls
[ $fails -eq 0 ] && echo "softphone interop with Kamailio (MD5, SHA-256, TLS): all checks passed"
exit $fails
