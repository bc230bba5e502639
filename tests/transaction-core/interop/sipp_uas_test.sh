#!/usr/bin/env bash
# Interop: SIPp (Debian's sip-tester) as UAS against the transaction layer's client
# transactions, on 127.0.0.1 only, each run bounded in time.
#   1. OPTIONS to a SIPp that drops 30% of what it receives: every transaction must end with
#      its 200, and the layer must have retransmitted (Timer E, with T1 = 50 ms).
#   2. INVITEs that SIPp rejects with 486: SIPp's scenario requires our ACK (§17.1.1.3).
# usage: sipp_uas_test.sh UAC_DRIVER SCENARIO_DIR
set -euo pipefail
driver="$1"
scenarios=$(cd "$2" && pwd)
work=$(mktemp -d)
trap '[ -z "${sipp_pid:-}" ] || kill "$sipp_pid" 2>/dev/null || true; rm -rf "$work"' EXIT  # never "kill 0": that is our process group

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

run() { # name scenario count method [transport]
    local name=$1 scenario=$2 count=$3 method=$4 transport=${5:-udp}
    local sipp_transport=u1
    [ "$transport" = udp ] || sipp_transport=t1
    local port
    port=$(free_port)
    (cd "$work" && timeout 60 sipp -sf "$scenarios/$scenario" -t "$sipp_transport" -i 127.0.0.1 -p "$port" -m "$count" \
        -nostdin -timeout 45 -trace_err -error_file "$work/$name.err" > "$work/$name.out" 2>&1) &
    sipp_pid=$!
    sleep 0.5
    if ! timeout 60 "$driver" 127.0.0.1:"$port" "$method" "$count" 50 "$transport" | tee "$work/$name.driver"; then
        echo "the UAC driver failed ($name)" >&2
        head -20 "$work/$name.err" >&2 || true
        return 1
    fi
    if ! wait "$sipp_pid"; then
        echo "sipp ($name) failed:" >&2
        tail -20 "$work/$name.out" >&2
        head -20 "$work/$name.err" >&2 || true
        return 1
    fi
}

run options uas_options_lost.xml 50 options
resent=$(sed -n 's/.*requests_retransmitted=\([0-9]*\).*/\1/p' "$work/options.driver")
echo "OPTIONS retransmitted by Timer E: $resent"
[ "$resent" -gt 0 ]

run invite uas_invite_486.xml 20 invite
grep -q 'non_2xx=20 ' "$work/invite.driver"

# 3. the same INVITEs over TCP: one reused connection, no retransmissions, the ACK on it.
run invite_tcp uas_invite_486.xml 20 invite tcp
grep -q 'non_2xx=20 ' "$work/invite_tcp.driver"
grep -q 'requests_retransmitted=0' "$work/invite_tcp.driver"

# 4. OPTIONS larger than 1300 bytes, asked for over UDP, to a SIPp listening on TCP only: the
#    layer must move them to TCP (RFC 3261 §18.1.1).
run big uas_options_200.xml 10 options big

# 5. RFC 3263 §4.3 fail-over: the first target answers 503, the second 200; every request must
#    end with the second's 200 after one retarget each.
port503=$(free_port)
(cd "$work" && timeout 60 sipp -sf "$scenarios/uas_options_503.xml" -i 127.0.0.1 -p "$port503" \
    -m 10 -nostdin -timeout 45 > "$work/s503.out" 2>&1) &
pid503=$!
port200=$(free_port)
(cd "$work" && timeout 60 sipp -sf "$scenarios/uas_options_200.xml" -i 127.0.0.1 -p "$port200" \
    -m 10 -nostdin -timeout 45 > "$work/s200.out" 2>&1) &
sipp_pid=$!
sleep 0.5
timeout 60 "$driver" 127.0.0.1:"$port503" options 10 50 "failover:$port200" | tee "$work/failover.driver"
grep -q 'finals=10 non_2xx=0 .*retargets=10 ' "$work/failover.driver"
wait "$pid503"
wait "$sipp_pid"

# 6. fail-over on a timeout: nothing answers at the first target (Timer F, 64*T1 = 3.2 s with
#    T1 = 50 ms), so every request ends with the second target's 200.
silent=$(free_port)
port200=$(free_port)
(cd "$work" && timeout 60 sipp -sf "$scenarios/uas_options_200.xml" -i 127.0.0.1 -p "$port200" \
    -m 5 -nostdin -timeout 45 > "$work/s200b.out" 2>&1) &
sipp_pid=$!
sleep 0.5
timeout 60 "$driver" 127.0.0.1:"$silent" options 5 50 "failover:$port200" | tee "$work/timeout.driver"
grep -q 'finals=5 non_2xx=0 .*failures=0 retargets=5 ' "$work/timeout.driver"
wait "$sipp_pid"
echo "interop with SIPp as UAS: ok"
