#!/usr/bin/env bash
# The demo (the README's first command): three softphones on 127.0.0.1, no sound card needed.
# Alice calls Bob with a 440 Hz tone, Bob auto-answers with 880 Hz; Alice sends DTMF 1234#;
# Alice holds and resumes; Bob transfers Alice to Carol (blind REFER); Alice and Carol talk
# (660 Hz) through the impairing relay (tools/netimpair: 5% loss, 30 ms jitter, both ways, in
# front of Carol's RTP ports) and Alice hangs up. Then, per call: a quality report (codec, SRTP, packets, loss,
# jitter, RTT, MOS over time), a plot of MOS, jitter and loss against time (gnuplot PNG), and
# the files written. Each step is checked; a failed step is named and the exit code is 1.
# usage: tools/demo.sh [BIN_DIR]   (default build/release/bin; RVOIP_DEMO_DIR: where to write)
set -u
bin=${1:-build/release/bin}
phone=$bin/softphone
netimpair=$bin/netimpair
for p in "$phone" "$netimpair"; do
    [ -x "$p" ] || { echo "demo: $p is missing (cmake --workflow --preset release)"; exit 1; }
done
out=$(mkdir -p "${RVOIP_DEMO_DIR:-build/demo}" && cd "${RVOIP_DEMO_DIR:-build/demo}" && pwd)
rm -f "$out"/*.wav "$out"/*.json "$out"/*.png "$out"/*.dat "$out"/report.txt "$out"/*.in "$out"/netimpair.log
trap 'kill $(jobs -p) 2>/dev/null' EXIT
# An even port P with P and P+1 free on 127.0.0.1 and 127.0.0.2: Carol's RTP/RTCP and the relay's.
relay_port() {
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
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # file pattern seconds
    local i
    for i in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
failed=0
step() { echo "demo: $*"; }
check() { # description command...
    local what=$1; shift
    if "$@"; then echo "demo:   ok   $what"; else echo "demo:   FAIL $what"; failed=1; fi
}

bob_port=$(free_port)
carol_port=$(free_port)
media=$(relay_port)
[ -n "$media" ] || { echo "demo: no free port pair for Carol's media and its relay"; exit 1; }
# Carol's RTP is reached through the relay on 127.0.0.2, which keeps port numbers: she puts that
# address in her SDP. Alice sends to the SDP address (no latching onto Carol's own socket, whose
# first packets reach her directly), so her audio to Carol crosses the relay, and Carol, latching
# onto the relay, sends hers back through it.
"$netimpair" --listen 127.0.0.2:"$media" --to 127.0.0.1:"$media" --ports 2 --loss 5 --jitter 30 --both-ways \
    --seed 7 --seconds 120 > "$out/netimpair.log" 2>&1 &
relay_pid=$!
common=(--audio-out null --events json)
"$phone" --bind 127.0.0.1:"$carol_port" --user carol --display Carol --auto-answer --audio-in tone:660 \
    --rtp-ports "$media-$((media + 1))" --media-public-address 127.0.0.2 \
    --record "$out/carol.wav" "${common[@]}" < /dev/null > "$out/carol.json" 2> "$out/carol.log" &
common+=(--rtp-ports 40000-40999)
mkfifo "$out/bob.in" "$out/alice.in"
"$phone" --bind 127.0.0.1:"$bob_port" --user bob --display Bob --auto-answer 300 --audio-in tone:880 \
    --record "$out/bob.wav" "${common[@]}" < "$out/bob.in" > "$out/bob.json" 2> "$out/bob.log" &
exec 4> "$out/bob.in"
"$phone" --bind 127.0.0.1:0 --user alice --display Alice --audio-in tone:440 --record "$out/alice.wav" \
    --symmetric-rtp off "${common[@]}" < "$out/alice.in" > "$out/alice.json" 2> "$out/alice.log" &
exec 3> "$out/alice.in"

step "Alice calls Bob (sip:bob@127.0.0.1:$bob_port); Bob answers"
echo "call sip:bob@127.0.0.1:$bob_port" >&3
check "the call is connected" wait_for "$out/alice.json" '"state":"connected"' 10
sleep 2
step "Alice sends DTMF 1234#"
echo "dtmf 1234#" >&3
check "Bob received 1234#" wait_for "$out/bob.json" '"digit":"#"' 5
sleep 1
step "Alice holds the call, then resumes it"
echo "hold" >&3
check "Bob sees the call held" wait_for "$out/bob.json" '"state":"held"' 5
sleep 2
echo "resume" >&3
check "the call is resumed" wait_for "$out/bob.json" '"state":"resumed"' 5
sleep 3
step "Bob transfers Alice to Carol (sip:carol@127.0.0.1:$carol_port), whose media crosses the impairing relay"
echo "transfer sip:carol@127.0.0.1:$carol_port" >&4
check "Carol answers Alice" wait_for "$out/carol.json" '"state":"connected"' 10
check "Bob's call ended by the transfer" wait_for "$out/bob.json" '"state":"terminated"' 10
sleep 9
step "Alice hangs up"
echo "calls" >&3
sleep 0.3
echo "hangup" >&3
check "Carol's call ended" wait_for "$out/carol.json" '"event":"summary"' 10
echo quit >&3
echo quit >&4
exec 3>&- 4>&-
sleep 1
kill "$relay_pid" 2>/dev/null
wait "$relay_pid" 2>/dev/null
kill $(jobs -p) 2>/dev/null
wait 2>/dev/null

python3 - "$out" <<'PY' || failed=1
import json, math, os, sys, wave, struct
out = sys.argv[1]
def events(name):
    with open(os.path.join(out, name + ".json")) as f:
        return [json.loads(l) for l in f if l.startswith("{")]
def tone(path, hz, channel):
    """Goertzel power of hz in one channel of the second half of a stereo WAV, against beside."""
    if not os.path.exists(path):
        return False
    w = wave.open(path)
    n, ch, rate = w.getnframes(), w.getnchannels(), w.getframerate()
    data = struct.unpack("<%dh" % (n * ch), w.readframes(n))
    x = data[channel::ch][n // 2:]
    def power(f):
        c = 2 * math.cos(2 * math.pi * f / rate); s1 = s2 = 0.0
        for v in x:
            s1, s2 = v + c * s1 - s2, s1
        return (s1 * s1 + s2 * s2 - c * s1 * s2) / max(1, len(x)) ** 2
    p = power(hz)
    return p > 1e4 and p > 20 * power(hz * 0.7) and p > 20 * power(hz * 1.3)
ok = True
report = []
start = None
for who in ("alice", "bob", "carol"):
    evs = events(who)
    for e in evs:
        if e["event"] != "summary":
            continue
        cid = e["call_id"]
        q = [x for x in evs if x["event"] == "quality" and x.get("call_id") == cid]
        report.append("%s, call %s with %s (%s): %s%s, %.1f s, %d packets sent, %d received, %d lost, "
                      "jitter %.1f ms, RTT %.2f ms, MOS mean %.2f min %.2f"
                      % (who.capitalize(), cid, e["remote"], e["reason"], e["codec"], " SRTP" if e["srtp"] else "",
                         e["duration_s"], e["packets_sent"], e["packets_received"], e["lost"], e["jitter_ms"],
                         e["rtt_ms"], e["mos_mean"], e["mos_min"]))
        report.append("    MOS over time: " + " ".join("%.2f" % m for m in e["mos_history"]))
        with open(os.path.join(out, "%s-call%s.dat" % (who, cid)), "w") as f:
            for x in q:
                t = x["time"]
                secs = int(t[11:13]) * 3600 + int(t[14:16]) * 60 + float(t[17:-1])
                start = secs if start is None else min(start, secs)
                f.write("%.3f %.3f %.3f %.3f\n" % (secs, x["mos"], x["jitter_ms"], x["loss_pct"]))
# times relative to the first sample
for name in sorted(os.listdir(out)):
    if name.endswith(".dat"):
        p = os.path.join(out, name)
        rows = [l.split() for l in open(p)]
        with open(p, "w") as f:
            for r in rows:
                f.write("%.3f %s %s %s\n" % (float(r[0]) - start, r[1], r[2], r[3]))
checks = [("Bob heard Alice's 440 Hz", tone(os.path.join(out, "bob.wav"), 440, 1)),
          ("Alice heard Bob's 880 Hz", tone(os.path.join(out, "alice.wav"), 880, 1)),
          ("Carol heard Alice's 440 Hz", tone(os.path.join(out, "carol.wav"), 440, 1)),
          ("Alice heard Carol's 660 Hz", tone(os.path.join(out, "alice-2.wav"), 660, 1)),
          ("each call has a quality history", len(report) >= 6)]
relay = {}
for l in open(os.path.join(out, "netimpair.log")):
    f = l.split()
    if len(f) > 2 and f[1] in ("forward", "backward"):
        relay[f[1]] = dict(kv.split("=") for kv in f[2:])
summary = {who: [e for e in events(who) if e["event"] == "summary"] for who in ("alice", "bob", "carol")}
dropped = sum(int(relay.get(d, {}).get("dropped", 0)) for d in ("forward", "backward"))
relayed = sum(int(relay.get(d, {}).get("received", 0)) for d in ("forward", "backward"))
checks.append(("Carol's call crossed the relay (%d of %d packets dropped)" % (dropped, relayed),
               relayed > 200 and dropped > 0))
clean = [e["mos_mean"] for e in summary["bob"]]
impaired = [e["mos_mean"] for e in summary["carol"]]
checks.append(("the impaired call's MOS (Carol %s) is below the clean call's (Bob %s)"
               % (" ".join("%.2f" % m for m in impaired), " ".join("%.2f" % m for m in clean)),
               bool(clean and impaired) and max(impaired) < min(clean) - 0.2))
for what, good in checks:
    print("demo:   %s %s" % ("ok  " if good else "FAIL", what))
    ok = ok and good
with open(os.path.join(out, "report.txt"), "w") as f:
    f.write("\n".join(report) + "\n")
print("demo: quality report")
for line in report:
    print("  " + line)
sys.exit(0 if ok else 1)
PY

if command -v gnuplot > /dev/null; then
    plots=""
    for d in "$out"/*.dat; do
        n=$(basename "$d" .dat)
        plots="$plots '$d' using 1:2 with linespoints title '$n MOS' axes x1y1, '$d' using 1:3 with lines title '$n jitter ms' axes x1y2, '$d' using 1:4 with lines dashtype 2 title '$n loss %' axes x1y2,"
    done
    gnuplot <<GP 2> "$out/gnuplot.log" || { echo "demo:   FAIL gnuplot: $(cat "$out/gnuplot.log")"; failed=1; }
set terminal pngcairo size 1000,500
set output '$out/quality.png'
set title 'rvoip demo: call quality over time'
set xlabel 'seconds'
set ylabel 'MOS'
set yrange [1:4.6]
set y2label 'jitter (ms) / loss (%)'
set y2tics
set y2range [0:*]
set key outside
plot ${plots%,}
GP
else
    echo "demo:   (gnuplot is not installed: no plot; tools/install-deps.sh installs it)"
fi
echo "demo: files written:"
ls -1 "$out"/*.wav "$out"/report.txt "$out"/netimpair.log "$out"/quality.png "$out"/*.json 2> /dev/null | sed 's/^/  /'
if [ $failed = 0 ]; then echo "demo: all checks passed"; else echo "demo: some steps FAILED (logs in $out)"; fi
exit $failed
