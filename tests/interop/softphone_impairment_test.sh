#!/usr/bin/env bash
# Two softphones on 127.0.0.1, B's RTP behind the impairing relay (netimpair on 127.0.0.2, which
# keeps port numbers; B advertises it with --media-public-address, A sends to the SDP address
# with --symmetric-rtp off). One call through the relay clean, one with 5% loss and 30 ms jitter
# both ways, PCMU, 8 s each. The impaired call survives, B still hears A's tone, and the MOS B
# reports falls from the clean call's by what the E-model (ITU-T G.107, G.711 with PLC: Ie 0,
# Bpl 25.1) predicts for the loss the relay really caused.
set -u
phone=$1
netimpair=$2
tone=$3
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh" # free_port
media_port() { # an even P with P, P+1 free on 127.0.0.1 and 127.0.0.2
    python3 - <<'PY'
import random, socket
for _ in range(200):
    p = random.randrange(41000, 48998, 2)
    try:
        for host in ("127.0.0.1", "127.0.0.2"):
            for port in (p, p + 1):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((host, port)); s.close()
        print(p); break
    except OSError:
        pass
PY
}
wait_for() { # FILE PATTERN SECONDS
    local i
    for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

call() { # name, netimpair flags...
    local name=$1
    shift
    local dir=$work/$name port_b media
    mkdir -p "$dir"
    port_b=$(free_port)
    media=$(media_port)
    [ -n "$media" ] || { fail "$name: no free media port pair"; return; }
    timeout 30 "$netimpair" --listen 127.0.0.2:"$media" --to 127.0.0.1:"$media" --ports 2 --seed 11 --seconds 25 "$@" \
        > "$dir/relay.out" 2>&1 &
    local r=$!
    timeout 25 "$phone" --bind 127.0.0.1:"$port_b" --user bob --auto-answer --audio-in tone:880 --audio-out null \
        --codecs PCMU --rtp-ports "$media-$((media + 1))" --media-public-address 127.0.0.2 --record "$dir/b.wav" \
        --events json --exit-after-call < /dev/null > "$dir/b.out" 2> "$dir/b.err" &
    local b=$!
    timeout 25 "$phone" --bind 127.0.0.1:0 --user alice --audio-in tone:440 --audio-out null --codecs PCMU \
        --symmetric-rtp off --events json --call sip:bob@127.0.0.1:"$port_b" --hangup-after 8 --exit-after-call \
        < /dev/null > "$dir/a.out" 2> "$dir/a.err" &
    local a=$!
    wait $a
    local rc_a=$?
    wait $b
    local rc_b=$?
    kill $r 2>/dev/null
    wait $r 2>/dev/null
    [ $rc_a -eq 0 ] && [ $rc_b -eq 0 ] || fail "$name: exit codes A=$rc_a B=$rc_b: $(cat "$dir"/*.err)"
    grep -q '"reason":"remote_hangup"' "$dir/b.out" || fail "$name: B's call did not last until A hung up"
    "$tone" "$dir/b.wav" 440 right || fail "$name: B's recording lacks A's tone"
}

call clean
call impaired --loss 5 --jitter 30 --both-ways

python3 - "$work" <<'PY' || fails=$((fails + 1))
import json, os, sys
work = sys.argv[1]
def summary(name):
    for l in open(os.path.join(work, name, "b.out")):
        if l.startswith("{"):
            e = json.loads(l)
            if e["event"] == "summary":
                return e
    raise SystemExit("FAIL: %s: B printed no summary" % name)
def relay(name):
    for l in open(os.path.join(work, name, "relay.out")):
        f = l.split()
        if len(f) > 2 and f[1] == "forward":
            return dict((k, int(v)) for k, v in (kv.split("=") for kv in f[2:]))
    raise SystemExit("FAIL: %s: the relay printed no counters" % name)
def mos(loss_pct):
    """G.107 with only the packet-loss term (loopback: no delay impairment), G.711 with PLC."""
    ie_eff = 0 + (95 - 0) * loss_pct / (loss_pct + 25.1)
    r = 93.2 - ie_eff
    return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
clean, bad = summary("clean"), summary("impaired")
fwd = relay("impaired")
loss = 100.0 * fwd["dropped"] / max(1, fwd["received"])
predicted = mos(0) - mos(loss)
measured = clean["mos_mean"] - bad["mos_mean"]
print("clean call: MOS %.2f, loss %d, jitter %.1f ms" % (clean["mos_mean"], clean["lost"], clean["jitter_ms"]))
print("impaired call: MOS %.2f, loss %d of %d, jitter %.1f ms; the relay dropped %.1f%% towards B"
      % (bad["mos_mean"], bad["lost"], bad["lost"] + bad["packets_received"], bad["jitter_ms"], loss))
print("MOS drop: measured %.2f, E-model predicts %.2f for %.1f%% loss" % (measured, predicted, loss))
ok = True
for what, good in [("the relay dropped about 5%% (%.1f%%)" % loss, 2.0 < loss < 9.0),
                   ("B counted the loss (%d packets)" % bad["lost"], bad["lost"] > 0),
                   ("B measured the jitter (%.1f ms)" % bad["jitter_ms"], bad["jitter_ms"] > 5),
                   ("the clean call rates high (%.2f)" % clean["mos_mean"], clean["mos_mean"] > 4.2),
                   ("the MOS fell by what the E-model predicts (%.2f vs %.2f)" % (measured, predicted),
                    abs(measured - predicted) < 0.3 and measured > 0.15)]:
    if not good:
        print("FAIL: " + what)
        ok = False
sys.exit(0 if ok else 1)
PY

if [ $fails -eq 0 ]; then
    echo "softphone impairment: all checks passed"
    exit 0
fi
exit 1
