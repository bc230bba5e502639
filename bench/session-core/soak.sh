#!/bin/bash
# The one-hour soak of issue 13 (not in CI): 500 concurrent PCMU calls with media both ways
# between two processes on loopback for SECONDS (3600 by default); the caller's resident size is
# sampled every minute, and the run passes when the last sample is within 10% of the one taken
# after the first five minutes (heap warm-up).
#   bench/session-core/soak.sh build/release/bin/bench-session-core [SECONDS] [CALLS]
set -u
bench=${1:?usage: soak.sh bench-session-core [SECONDS] [CALLS]}
seconds=${2:-3600}
calls=${3:-500}
every=60
[ "$seconds" -lt 600 ] && every=$((seconds / 10 > 0 ? seconds / 10 : 1))
log=$(mktemp /tmp/rvoip-soak.XXXXXX)
"$bench" --calls "$calls" --seconds "$seconds" --report-every "$every" | tee "$log" || exit 1
samples=$(grep -c "rss_bytes=" "$log")
[ "$samples" -ge 3 ] || { echo "soak: too few samples"; exit 1; }
base_line=$(( samples > 5 ? 5 : 2 ))
base=$(grep "rss_bytes=" "$log" | sed -n "${base_line}p" | sed 's/.*rss_bytes=\([0-9]*\).*/\1/')
last=$(grep "rss_bytes=" "$log" | tail -1 | sed 's/.*rss_bytes=\([0-9]*\).*/\1/')
growth=$(( (last - base) * 100 / base ))
echo "soak calls=$calls seconds=$seconds rss_base=$base rss_last=$last growth_pct=$growth"
rm -f "$log"
[ "$growth" -le 10 ]
