#!/usr/bin/env bash
# The UAS ladder of issue 5: `sipp -sn uac` on one core drives a UAS on the other at rising
# rates, a few seconds a step, on 127.0.0.1. A step is clean with 0 failed calls,
# retransmissions <= 0.1% of messages and >= 90% of the asked rate achieved. Runs the rvoip
# benchmark UAS and, when installed, Kamailio's stateless responder (sl_send_reply) in the same
# run, and prints for each:
#   <name> step cps=N achieved=N failed=N retrans=N p99_ms=N clean=0|1
#   <name> max_clean_cps=N p99_ms=N
# and for rvoip the UAS's own `uas cpu_us_per_call=N` at the highest clean step.
# usage: uas_ladder.sh BENCH_TRANSACTION_CORE [SECONDS_PER_STEP] [RATES...]
set -euo pipefail
bench="$1"
seconds="${2:-4}"
shift $(( $# >= 2 ? 2 : 1 ))
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(500 1000 2000 3000 4000 6000 8000)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
pin_uas="taskset -c 1"
pin_sipp="taskset -c 0"
command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ] || { pin_uas=""; pin_sipp=""; }

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# step NAME PORT RATE: runs sipp for `seconds` at RATE, prints the step line, returns 0 if clean
step() {
    local name=$1 port=$2 rate=$3
    local calls=$(( rate * seconds ))
    local dir="$work/$name-$rate"
    mkdir -p "$dir"
    (cd "$dir" && $pin_sipp timeout $(( seconds + 20 )) sipp -sn uac 127.0.0.1:"$port" -r "$rate" \
        -m "$calls" -l $(( rate * 2 + 100 )) -nostdin -timeout $(( seconds + 15 )) \
        -trace_stat -fd 1 -trace_rtt -rtt_freq 1 > sipp.out 2>&1) || true
    local stat
    stat=$(ls "$dir"/*_.csv 2>/dev/null | head -1 || true)
    python3 - "$dir" "$rate" "$seconds" "$name" <<'PY'
import csv, glob, os, sys
d, rate, seconds, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def last_row(pattern):
    files = glob.glob(os.path.join(d, pattern))
    if not files:
        return None
    rows = list(csv.reader(open(files[0]), delimiter=';'))
    return dict(zip(rows[0], rows[-1])) if len(rows) > 1 else None
s = last_row("*_[0-9]*_.csv") or {}
ok = int(s.get("SuccessfulCall(C)", 0) or 0)
failed = int(s.get("FailedCall(C)", 0) or 0)
retrans = int(s.get("Retransmissions(C)", 0) or 0)
elapsed = s.get("ElapsedTime(C)", "0:0:0")
def secs(t):
    parts = [float(x) for x in t.split(":")[:3]] if t else [0]
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]
achieved = ok / max(seconds, 1)
rtts = []
for f in glob.glob(os.path.join(d, "*_rtt.csv")):
    for row in csv.reader(open(f), delimiter=';'):
        try:
            rtts.append(float(row[1]))
        except (IndexError, ValueError):
            pass
rtts.sort()
p99 = rtts[int(len(rtts) * 0.99) - 1] if rtts else -1
messages = max(ok * 6, 1)
clean = failed == 0 and retrans <= messages * 0.001 and achieved >= 0.9 * rate and ok > 0
print(f"{name} step cps={rate} achieved={achieved:.0f} failed={failed} retrans={retrans} p99_ms={p99:.2f} clean={int(clean)}")
sys.exit(0 if clean else 1)
PY
}

# ladder NAME PORT: climbs until a step is not clean
ladder() {
    local name=$1 port=$2 best=0 best_p99=-1
    for rate in "${rates[@]}"; do
        if line=$(step "$name" "$port" "$rate"); then
            echo "$line"
            best=$rate
            best_p99=$(echo "$line" | sed -n 's/.*p99_ms=\([0-9.-]*\).*/\1/p')
        else
            echo "$line"
            break
        fi
    done
    echo "$name max_clean_cps=$best p99_ms=$best_p99"
}

if command -v kamailio >/dev/null; then
    kport=$(free_port)
    $pin_uas kamailio -f "$here/kamailio-stateless.cfg" -DD -E -l udp:127.0.0.1:"$kport" \
        -w "$work" -P "$work/kamailio.pid" > "$work/kamailio.log" 2>&1 &
    sleep 1
    ladder kamailio "$kport"
    kill %1 2>/dev/null || true
    wait 2>/dev/null || true
fi

port=$(free_port)
$pin_uas "$bench" --uas 127.0.0.1:"$port" > "$work/uas.out" 2>&1 &
uas=$!
sleep 0.5
ladder rvoip "$port" | tee "$work/rvoip.txt"
kill -TERM "$uas"
wait "$uas" || true
grep 'cpu_us_per_call' "$work/uas.out" || true
max=$(sed -n 's/^rvoip max_clean_cps=\([0-9]*\) p99_ms=\([0-9.-]*\)$/\1 \2/p' "$work/rvoip.txt")
echo "uas max_clean_cps=${max% *} p99_ms=${max#* }"
