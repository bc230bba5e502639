#!/usr/bin/env bash
# Interop: SIPp (Debian's sip-tester) as UAC against the transaction layer's benchmark UAS, on
# 127.0.0.1 only, each run bounded in time.
#   1. `sipp -sn uac`: every call must succeed (INVITE/200/ACK, BYE/200), over UDP and TCP.
#   2. a scenario that drops 40% of the 200s to BYE: SIPp retransmits the BYE (Timer E) and the
#      UAS's Completed server transaction must answer every copy; all calls must still succeed,
#      and the UAS must have absorbed and answered retransmissions.
# usage: sipp_uac_test.sh BENCH_TRANSACTION_CORE_BINARY SCENARIO_DIR
set -euo pipefail
bench="$1"
scenarios=$(cd "$2" && pwd)
if ! command -v sipp >/dev/null; then
    echo "sipp not installed (tools/install-deps.sh installs sip-tester)" >&2
    exit 1
fi
work=$(mktemp -d)
trap '[ -z "${uas_pid:-}" ] || kill "$uas_pid" 2>/dev/null || true; rm -rf "$work"' EXIT  # never "kill 0": that is our process group

start_uas() {
    rm -f "$work/uas.out" # a previous run's port must not be read as this one's
    port=""
    "$bench" --uas 127.0.0.1:0 --seconds 60 > "$work/uas.out" 2>&1 &
    uas_pid=$!
    for _ in $(seq 50); do
        port=$(sed -n 's/^uas listening=127.0.0.1:\([0-9]*\)$/\1/p' "$work/uas.out" 2>/dev/null || true)
        [ -n "$port" ] && return 0
        sleep 0.1
    done
    echo "the UAS did not start" >&2
    cat "$work/uas.out" >&2
    exit 1
}

stop_uas() { # leaves the UAS's output in $work/$1
    kill -TERM "$uas_pid"
    wait "$uas_pid" || true
    cp "$work/uas.out" "$work/$1"
    cat "$work/$1"
}

run_sipp() { # args: name, sipp arguments...
    local name=$1
    shift
    (cd "$work" && timeout 60 sipp "$@" -i 127.0.0.1 -p 0 -nostdin -timeout 30 \
        -trace_err -error_file "$work/$name.err" 127.0.0.1:"$port" > "$work/$name.out" 2>&1) || {
        echo "sipp ($name) failed:" >&2
        tail -30 "$work/$name.out" >&2
        head -30 "$work/$name.err" >&2 || true
        return 1
    }
}

start_uas
run_sipp plain -sn uac -m 200 -r 100
stop_uas uas1.txt
grep -q '^uas calls=200 ' "$work/uas1.txt"
grep -q 'cpu_us_per_call=' "$work/uas1.txt"

# 1b. the same over TCP (one connection for all calls): framing by Content-Length, responses on
#     the connection the request came on.
start_uas
run_sipp tcp -sn uac -t t1 -m 200 -r 100
stop_uas uas1t.txt
grep -q '^uas calls=200 ' "$work/uas1t.txt"

start_uas
run_sipp lost -sf "$scenarios/uac_lost_bye_200.xml" -m 100 -r 50
stop_uas uas2.txt
absorbed=$(sed -n 's/.*retransmissions_absorbed=\([0-9]*\).*/\1/p' "$work/uas2.txt")
resent=$(sed -n 's/.*responses_retransmitted=\([0-9]*\).*/\1/p' "$work/uas2.txt")
echo "retransmitted BYEs absorbed: $absorbed, 200s sent again: $resent"
[ "$absorbed" -gt 0 ] && [ "$resent" -gt 0 ]
# 3. a malformed request gets a stateless 400 whose reason names the problem, and the UAS keeps
#    serving (RFC 3261 §21.4.1).
start_uas
python3 - "$port" <<'PY'
import socket, sys
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(3)
me = s.getsockname()[1]
bad = ("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
       f"Via: SIP/2.0/UDP 127.0.0.1:{me};rport;branch=z9hG4bKbad1\r\n"
       "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1\r\n"
       "Call-ID: bad@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")
s.sendto(bad.encode(), ("127.0.0.1", port))
reply = s.recvfrom(65536)[0].decode(errors="replace")
first = reply.split("\r\n")[0]
print("reply to a malformed INVITE:", first)
assert first.startswith("SIP/2.0 400 Bad Request (") and "To" in first, first
s.sendto(b"\x00\xff garbage", ("127.0.0.1", port))  # nothing to answer: dropped
ok = ("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
      f"Via: SIP/2.0/UDP 127.0.0.1:{me};rport;branch=z9hG4bKok1\r\n"
      "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: ok@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
s.sendto(ok.encode(), ("127.0.0.1", port))
reply = s.recvfrom(65536)[0].decode(errors="replace")
print("reply to a valid OPTIONS after that:", reply.split("\r\n")[0])
assert reply.startswith("SIP/2.0 200 OK"), reply
# §8.2.2.2: the same OPTIONS (From tag, Call-ID, CSeq) with another branch while the first
# transaction lives: a merged request, answered 482.
s.sendto(ok.replace("z9hG4bKok1", "z9hG4bKok2").encode(), ("127.0.0.1", port))
reply = s.recvfrom(65536)[0].decode(errors="replace")
print("reply to the same OPTIONS by another branch:", reply.split("\r\n")[0])
assert reply.startswith("SIP/2.0 482"), reply
PY
stop_uas uas3.txt > /dev/null
grep -q 'malformed_rejected=1' "$work/uas3.txt"

# 4. TCP keep-alive and idleness (RFC 5626 §4.4.1: CRLF CRLF is answered with CRLF), and IPv6.
"$bench" --uas '[::1]:0' --seconds 20 --tcp-idle 1 > "$work/uas6.out" 2>&1 &
uas_pid=$!
for _ in $(seq 50); do
    port6=$(sed -n 's/^uas listening=\[::1\]:\([0-9]*\)$/\1/p' "$work/uas6.out" 2>/dev/null || true)
    [ -n "$port6" ] && break
    sleep 0.1
done
python3 - "$port6" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
c = socket.create_connection(("::1", port), timeout=3)
c.sendall(b"\r\n\r\n")
assert c.recv(16) == b"\r\n", "a CRLF CRLF ping over TCP gets a CRLF pong"
print("TCP ping over IPv6 answered with a pong")
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::1", 0))
s.settimeout(3)
me = s.getsockname()[1]
req = ("OPTIONS sip:bob@[::1] SIP/2.0\r\n"
       f"Via: SIP/2.0/UDP [::1]:{me};rport;branch=z9hG4bKv6a\r\n"
       "From: <sip:a@[::1]>;tag=1\r\nTo: <sip:bob@[::1]>\r\n"
       "Call-ID: v6@x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
s.sendto(req.encode(), ("::1", port))
reply = s.recvfrom(65536)[0].decode(errors="replace")
assert reply.startswith("SIP/2.0 200 OK"), reply
print("OPTIONS over UDP/IPv6 answered 200")
time.sleep(2.5)  # idle timeout 1 s: the connection is closed by the UAS
c.settimeout(3)
assert c.recv(16) == b"", "an idle connection is closed"
print("idle TCP connection closed")
PY
kill -TERM "$uas_pid"; wait "$uas_pid" || true
grep -q 'idle_closed=1' "$work/uas6.out"
echo "interop with SIPp: ok"
