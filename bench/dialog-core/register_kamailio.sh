#!/usr/bin/env bash
# Registration through a real registrar, beside SIPp in the same run (issue 12): Kamailio 5.6
# (Debian) as registrar with MD5 digest, started here on 127.0.0.1 with a config written here;
# first bench-dialog-core --register-with (N user agents in one process, one dialog layer),
# then SIPp's REGISTER-with-authentication scenario for the same users, both with the same
# number in flight at once. Prints, as the last line,
#   register_kamailio rvoip_per_s=N sipp_per_s=N ratio=R bindings=N window=N
# and our process's CPU (getrusage, via time) above it. RVOIP_BENCH_WRAP prefixes our run (e.g.
# "perf record -g").
# usage: register_kamailio.sh BENCH_DIALOG_CORE [BINDINGS] [WINDOW]
set -euo pipefail
bench="$1"
bindings="${2:-10000}"
window="${3:-200}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cleanup() {
    # (never "kill 0": that would signal our whole process group, ctest included)
    [ -f "$work/kamailio.pid" ] && kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/kamailio.cfg" <<'CFG'
#!KAMAILIO
debug=1
log_stderror=yes
fork=yes
children=1
auto_aliases=no
dns=no
rev_dns=no
disable_tcp=yes
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
modparam("auth", "secret", "rvoip-bench-secret")
request_route {
    if (!is_method("REGISTER")) { sl_send_reply("405", "Registrar only"); exit; }
    $var(pw) = "pw-" + $fU;
    if (!pv_www_authenticate("$td", "$var(pw)", "0")) { www_challenge("$td", "0"); exit; }
    if (!save("location")) { sl_reply_error(); }
}
CFG
kamailio -f "$work/kamailio.cfg" -l "udp:127.0.0.1:$port" -DD -E -m 256 -M 16 -Y "$work" -P "$work/kamailio.pid" \
    > "$work/kamailio.log" 2>&1 &
for _ in $(seq 50); do grep -q "127.0.0.1:$port" "$work/kamailio.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.3
kill -0 "$(cat "$work/kamailio.pid" 2>/dev/null || echo 0)" 2>/dev/null || {
    echo "Kamailio did not start:" >&2; tail -20 "$work/kamailio.log" >&2; exit 1; }

now() { date +%s.%N; }
t0=$(now)
${RVOIP_BENCH_WRAP:-} /usr/bin/time -f "rvoip cpu_s=%U+%S wall=%e" "$bench" --register-with 127.0.0.1:"$port" --bindings "$bindings" --window "$window" --seconds 120 | tee "$work/ours.out"
t1=$(now)

{ echo SEQUENTIAL; for i in $(seq 0 $((bindings - 1))); do
      u=$(printf 'user%05d' "$i"); echo "$u;[authentication username=$u password=pw-$u]"; done; } > "$work/users.csv"
t2=$(now)
(cd "$work" && timeout 180 sipp -sf "$here/register_auth.xml" -inf "$work/users.csv" -i 127.0.0.1 -p 0 \
    -m "$bindings" -r 100000 -l "$window" -nostdin -timeout 150 -trace_err -error_file "$work/sipp.err" \
    127.0.0.1:"$port" > "$work/sipp.out" 2>&1) || {
    echo "sipp failed:" >&2; tail -20 "$work/sipp.out" >&2; head -20 "$work/sipp.err" >&2 || true; exit 1; }
t3=$(now)
grep -q "registered=$bindings failed=0" "$work/ours.out" || { echo "not every binding was made" >&2; exit 1; }
python3 - "$t0" "$t1" "$t2" "$t3" "$bindings" "$window" <<'PY'
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:5]); n, w = int(sys.argv[5]), int(sys.argv[6])
ours, theirs = n / (t1 - t0), n / (t3 - t2)
print(f"register_kamailio rvoip_per_s={ours:.0f} sipp_per_s={theirs:.0f} ratio={ours / theirs:.2f} bindings={n} window={w}")
PY
