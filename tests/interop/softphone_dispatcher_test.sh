#!/usr/bin/env bash
# Scale beyond one process: two softphones (--auto-answer) behind Kamailio's dispatcher module
# (one set, round-robin, record-routed), and SIPp's UAC placing 20 calls (5 per second, 1 s each)
# at Kamailio. Every call is answered, each phone takes half, and every call ends with its BYE.
# This is how a deployment grows past one process or one machine: more user agents in the
# dispatcher set, no change to the callers.
# usage: softphone_dispatcher_test.sh SOFTPHONE
set -u
phone=$1
scenario=$(cd "$(dirname "$0")/sipp" && pwd)/uac_record_route.xml
command -v sipp > /dev/null || { echo "sipp is not installed (tools/install-deps.sh)"; exit 1; }
work=$(mktemp -d)
cleanup() {
    [ -f "$work/kamailio.pid" ] && kill "$(cat "$work/kamailio.pid")" 2>/dev/null
    kill $(jobs -p) 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=kamailio_config.sh
. "$(dirname "$0")/kamailio_config.sh" # free_port, kamailio_start
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

calls=20
kport=$(free_port)
ports=()
for n in 1 2; do
    port=$(free_port)
    ports+=("$port")
    timeout 60 "$phone" --bind 127.0.0.1:"$port" --user uas$n --auto-answer --audio-in tone:$((400 * n)) \
        --audio-out null --events json --rtp-ports $((30000 + 2000 * n))-$((31999 + 2000 * n)) \
        < /dev/null > "$work/uas$n.out" 2> "$work/uas$n.err" &
done
printf '1 sip:127.0.0.1:%s\n1 sip:127.0.0.1:%s\n' "${ports[0]}" "${ports[1]}" > "$work/dispatcher.list"
cat > "$work/kamailio.cfg" <<CFG
#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=2
auto_aliases=no
dns=no
rev_dns=no
disable_tcp=yes
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "dispatcher.so"
modparam("dispatcher", "list_file", "$work/dispatcher.list")
modparam("dispatcher", "ds_ping_interval", 0)
modparam("rr", "enable_full_lr", 1)

request_route {
    if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
    if (!sanity_check("1511", "7")) { exit; }
    if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
    if (has_totag()) {
        if (loose_route()) { t_relay(); exit; }
        if (is_method("ACK") && t_check_trans()) { t_relay(); exit; }
        sl_send_reply("404", "Not here");
        exit;
    }
    t_check_trans();
    if (!is_method("INVITE")) { sl_send_reply("405", "Only calls here"); exit; }
    # set 1, algorithm 4: round-robin over the set's destinations
    if (!ds_select_dst("1", "4")) { sl_send_reply("503", "No destination"); exit; }
    xlog("L_NOTICE", "dispatched \$ci to \$du\n");
    record_route();
    t_relay();
}
CFG
kamailio_start "$work/kamailio.cfg" "$kport" "$work/kamailio.log" "$work/kamailio.pid"
for port in "${ports[@]}"; do # both phones listen before the first call
    for _ in $(seq 50); do
        ss -uln 2> /dev/null | grep -q "127.0.0.1:$port " && break
        sleep 0.1
    done
done

(cd "$work" && timeout 60 sipp -sf "$scenario" -s service -i 127.0.0.1 -p 0 -m $calls -r 5 -d 1000 -l 10 -nostdin \
    -timeout 50 -trace_stat -fd 1 -trace_err -error_file "$work/sipp.err" 127.0.0.1:"$kport" > "$work/sipp.out" 2>&1)
rc=$?
sleep 1
kill -TERM $(jobs -p) 2>/dev/null
wait 2>/dev/null

successful=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(C)") col = i }
                        END { if (col) print $col; else print 0 }' "$work"/*_.csv 2>/dev/null | tail -1)
[ $rc -eq 0 ] || fail "SIPp exited with $rc: $(tail -5 "$work/sipp.out") $(head -20 "$work/sipp.err" 2>/dev/null)"
[ "${successful:-0}" = "$calls" ] || fail "SIPp counted ${successful:-0} of $calls calls successful"
total=0
for n in 1 2; do
    answered=$(grep -c '"state":"connected"' "$work/uas$n.out")
    ended=$(grep -c '"state":"terminated","reason":"remote_hangup"' "$work/uas$n.out")
    echo "softphone uas$n (port ${ports[$((n - 1))]}): $answered calls answered, $ended ended by SIPp's BYE"
    [ "$answered" -eq $((calls / 2)) ] || fail "uas$n answered $answered calls, not half of $calls (round-robin)"
    [ "$ended" -eq "$answered" ] || fail "uas$n: $ended of $answered calls ended by a BYE"
    total=$((total + answered))
done
dispatched=$(grep -c "dispatched .* to sip:127.0.0.1" "$work/kamailio.log")
echo "Kamailio dispatched $dispatched calls; the two softphones answered $total; SIPp: ${successful:-0} successful"
[ "$dispatched" -eq $calls ] || fail "Kamailio dispatched $dispatched of $calls calls"
if [ $fails -ne 0 ]; then
    for n in 1 2; do echo "--- uas$n"; grep -v quality "$work/uas$n.out" | cut -c1-200 | tail -8; cat "$work/uas$n.err"; done
    echo "--- kamailio"; tail -15 "$work/kamailio.log"
    exit 1
fi
echo "softphone behind Kamailio's dispatcher: all checks passed"
