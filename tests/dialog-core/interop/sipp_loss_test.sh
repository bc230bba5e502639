#!/usr/bin/env bash
# Interop: SIPp (Debian's sip-tester) as UAC against the dialog layer's benchmark UAS (full
# dialog state), on 127.0.0.1 only, bounded in time: 20% of the responses SIPp receives are
# lost (uac_lost_responses.xml). Every call must still complete, which needs the layer's 2xx
# retransmissions until the ACK (RFC 3261 §13.3.1.4), and the UAS must show it retransmitted.
# usage: sipp_loss_test.sh BENCH_DIALOG_CORE SCENARIO_DIR
set -euo pipefail
bench="$1"
scenarios=$(cd "$2" && pwd)
work=$(mktemp -d)
trap '[ -z "${uas_pid:-}" ] || kill "$uas_pid" 2>/dev/null || true; rm -rf "$work"' EXIT  # never "kill 0": that is our process group

"$bench" --uas 127.0.0.1:0 --seconds 60 > "$work/uas.out" 2>&1 &
uas_pid=$!
port=""
for _ in $(seq 50); do
    port=$(sed -n 's/^uas listening=127.0.0.1:\([0-9]*\) .*/\1/p' "$work/uas.out" 2>/dev/null || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "the UAS did not start" >&2; cat "$work/uas.out" >&2; exit 1; }

calls=100
(cd "$work" && timeout 90 sipp -sf "$scenarios/uac_lost_responses.xml" -i 127.0.0.1 -p 0 -m "$calls" -r 50 \
    -l 200 -nostdin -timeout 60 -trace_err -error_file "$work/sipp.err" 127.0.0.1:"$port" > "$work/sipp.out" 2>&1) || {
    echo "sipp failed:" >&2
    tail -30 "$work/sipp.out" >&2
    head -30 "$work/sipp.err" >&2 || true
    exit 1
}
kill -TERM "$uas_pid"
wait "$uas_pid" || true
uas_pid=
cat "$work/uas.out"
grep -q "uas calls=$calls acks=$calls no_ack=0 failed=0 " "$work/uas.out"
resent=$(sed -n 's/.*ok_retransmitted=\([0-9]*\).*/\1/p' "$work/uas.out")
echo "2xx retransmitted for lost ones: $resent"
[ "$resent" -gt 0 ]
grep -q "live_dialogs=0 " "$work/uas.out"
echo "interop with SIPp losing 20% of responses: ok"
