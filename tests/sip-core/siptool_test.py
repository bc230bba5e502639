#!/usr/bin/env python3
"""siptool against its contract (../shared/CONTRACT.md, "siptool").

usage: siptool_test.py SIPTOOL TESTS_DIR

SIPTOOL is the siptool executable, TESTS_DIR the repository's tests/ folder (it holds corpus/
and sip-core/data/rfc4475/). Every check prints "ok" or "FAIL" with what was expected; the
exit status is 0 when all pass. Python 3 standard library only.
"""

import json
import os
import random
import subprocess
import sys
import tempfile

SIPTOOL = ""
TESTS = ""
FAILURES = []
CHECKS = 0
TIMEOUT_S = 10


def run(args, stdin=b""):
    """Runs siptool under `timeout 10`; returns (exit code, stdout bytes, stderr bytes)."""
    p = subprocess.run(["timeout", str(TIMEOUT_S), SIPTOOL] + args, input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT_S + 5)
    return p.returncode, p.stdout, p.stderr


def check(cond, what, detail=""):
    global CHECKS
    CHECKS += 1
    if cond:
        return True
    FAILURES.append(what)
    print("FAIL " + what + (": " + detail if detail else ""))
    return False


def corpus_files():
    d = os.path.join(TESTS, "corpus")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".sip"))


def rfc4475_cases():
    """(name, judgement) for every message of the MANIFEST: valid, invalid or semantic."""
    d = os.path.join(TESTS, "sip-core", "data", "rfc4475")
    out = []
    with open(os.path.join(d, "MANIFEST.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                out.append((os.path.join(d, cols[0] + ".sip"), cols[2]))
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def one_error_line(err):
    """True when stderr is exactly one line that starts with "error: "."""
    text = err.decode("utf-8", "replace")
    return text.startswith("error: ") and text.endswith("\n") and text.count("\n") == 1


def expect_accepted(path, label):
    rc, _, err = run(["parse", path])
    check(rc == 0, "parse exits 0 on " + label, "exit %d, stderr %r" % (rc, err[:200]))


def expect_rejected(args, label, stdin=b""):
    rc, out, err = run(args, stdin)
    if check(rc == 1, "parse exits 1 on " + label, "exit %d, stderr %r" % (rc, err[:200])):
        check(one_error_line(err), "one 'error: ' line on stderr for " + label, repr(err[:300]))
        check(out == b"", "nothing on stdout for rejected " + label, repr(out[:200]))


def expect_usage(args, label):
    rc, _, err = run(args)
    check(rc == 2, "exit 2 for bad usage: " + label, "exit %d" % rc)
    check(b"usage" in err.lower(), "a usage line on stderr for " + label, repr(err[:300]))


def expect_survives(data, label):
    """Hostile input: no crash, no hang; 0 or 1, and a rejection says why in one line."""
    rc, _, err = run(["parse", "-"], data)
    check(rc != 124, "no hang on " + label, "timed out after %d s" % TIMEOUT_S)
    check(rc in (0, 1), "no crash on " + label, "exit %d" % rc)
    if rc == 1:
        check(one_error_line(err), "one 'error: ' line for " + label, repr(err[:300]))
    rc, _, _ = run(["parse", "--json", "-"], data)
    check(rc in (0, 1), "no crash with --json on " + label, "exit %d" % rc)
    rc, _, _ = run(["roundtrip", "-"], data)
    check(rc in (0, 1), "no crash in roundtrip on " + label, "exit %d" % rc)


def parse_json(path, stdin=b""):
    rc, out, err = run(["parse", "--json", path], stdin)
    if not check(rc == 0, "parse --json exits 0 on " + path, "exit %d %r" % (rc, err[:200])):
        return None
    text = out.decode("utf-8")
    check(text.endswith("\n") and text.count("\n") == 1, "--json prints one line for " + path)
    try:
        obj = json.loads(text)
    except ValueError as e:
        check(False, "--json prints valid JSON for " + path, str(e))
        return None
    check(isinstance(obj, dict), "--json prints one object for " + path)
    return obj


TOP_KEYS = {"kind", "method", "request_uri", "status", "reason", "version", "headers", "call_id",
            "cseq", "from", "to", "via", "content_length", "body_length"}
URI_KEYS = {"scheme", "user", "host", "port", "params", "headers"}
ADDRESS_KEYS = {"display", "uri", "tag"}
VIA_KEYS = {"transport", "host", "port", "branch", "received", "rport"}


def check_json_shape(obj, label):
    check(TOP_KEYS <= set(obj), "JSON of %s has the contract's keys" % label,
          "missing %s" % sorted(TOP_KEYS - set(obj)))
    check(obj.get("kind") in ("request", "response"), "kind is request|response in " + label)
    if obj.get("kind") == "request":
        ru = obj.get("request_uri")
        check(isinstance(ru, dict) and URI_KEYS <= set(ru),
              "request_uri has scheme,user,host,port,params,headers in " + label, repr(ru))
    hs = obj.get("headers")
    check(isinstance(hs, list) and all(isinstance(h, dict) and set(h) >= {"name", "value"}
                                       for h in hs),
          "headers is an array of {name, value} in " + label)
    cs = obj.get("cseq")
    check(isinstance(cs, dict) and {"number", "method"} <= set(cs), "cseq has number, method in "
          + label)
    for k in ("from", "to"):
        a = obj.get(k)
        check(isinstance(a, dict) and ADDRESS_KEYS <= set(a), k + " has display, uri, tag in "
              + label, repr(a))
    vias = obj.get("via")
    check(isinstance(vias, list) and len(vias) >= 1 and
          all(isinstance(v, dict) and VIA_KEYS <= set(v) for v in vias),
          "via is an array of {transport,host,port,branch,received,rport} in " + label)
    check(isinstance(obj.get("body_length"), int), "body_length is a number in " + label)


def wire_headers(data):
    """(name, raw value) of each header field as written, folds joined."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
    fields = []
    for line in head.split("\r\n")[1:]:
        if line[:1] in (" ", "\t") and fields:
            fields[-1][1] += "\r\n" + line
        else:
            name, _, value = line.partition(":")
            fields.append([name.strip(), value])
    return [(n, v.strip(" \t\r\n")) for n, v in fields]


CANONICAL = {"v": "Via", "f": "From", "t": "To", "i": "Call-ID", "m": "Contact", "k": "Supported",
             "u": "Allow-Events", "s": "Subject", "c": "Content-Type", "l": "Content-Length"}


def test_parse_accepts_and_rejects():
    for path in corpus_files():
        expect_accepted(path, os.path.basename(path))
    for path, judgement in rfc4475_cases():
        name = "rfc4475/" + os.path.basename(path)
        if judgement == "valid":
            expect_accepted(path, name)
        else:
            # "invalid" and "semantic" alike: RFC 4475 asks for a 4xx, which the parser signals
            # by rejecting (tests/sip-core/rfc_torture_test.cpp judges them the same way).
            expect_rejected(["parse", path], name + " (" + judgement + ")")


def test_error_line_names_line_and_header():
    msg = (b"OPTIONS sip:bob@biloxi.com SIP/2.0\r\n"
           b"Max-Forwards: 70\r\n"
           b"Via: SIP/2.0/UDP ;branch=z9hG4bK776asdhds\r\n"
           b"To: <sip:bob@biloxi.com>\r\n"
           b"From: <sip:alice@atlanta.com>;tag=1928301774\r\n"
           b"Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
           b"CSeq: 63104 OPTIONS\r\n"
           b"Content-Length: 0\r\n\r\n")
    rc, _, err = run(["parse", "-"], msg)
    check(rc == 1, "Via without sent-by is rejected")
    text = err.decode()
    check(text.startswith("error: line 3, column "), "error line names line 3", repr(text))
    check("Via" in text and "sent-by" in text, "error line names Via and sent-by", repr(text))


def test_json_fields():
    for path in corpus_files():
        obj = parse_json(path)
        if obj is None:
            continue
        label = os.path.basename(path)
        check_json_shape(obj, label)
        data = read(path)
        want = wire_headers(data)
        got = [(h.get("name"), h.get("value")) for h in obj.get("headers", [])]
        want_canonical = [(CANONICAL.get(n, n), v) for n, v in want]
        check([n for n, _ in got] == [n for n, _ in want_canonical],
              "headers in wire order with canonical names in " + label,
              "%r != %r" % ([n for n, _ in got], [n for n, _ in want_canonical]))
        check([v for _, v in got] == [v for _, v in want_canonical],
              "header values as written in " + label)
        body = data.split(b"\r\n\r\n", 1)[1]
        check(obj.get("body_length") == len(body), "body_length in " + label)
        check(obj.get("content_length") == len(body), "content_length in " + label)
        check(obj.get("version") == "SIP/2.0", "version in " + label)

    obj = parse_json(os.path.join(TESTS, "corpus", "01_invite_sdp_auth.sip"))
    if obj:
        check(obj["kind"] == "request" and obj["method"] == "INVITE", "01: request INVITE")
        ru = obj["request_uri"]
        check((ru["scheme"], ru["user"], ru["host"], ru["port"]) == ("sip", "bob", "example.com",
                                                                     None),
              "01: request_uri sip/bob/example.com/no port", repr(ru))
        check(obj["call_id"] == "5d1b0c2e-8a4f-4e6b-9c3d-7f2a1e0b9c84", "01: call_id")
        check(obj["cseq"] == {"number": 4712, "method": "INVITE"}, "01: cseq", repr(obj["cseq"]))
        check(obj["from"]["display"] == "Alice Liddell", "01: from.display", repr(obj["from"]))
        check(obj["from"]["uri"] == "sip:alice@example.com", "01: from.uri")
        check(obj["from"]["tag"] == "8Qx2Lk4vPz9mR1tY", "01: from.tag")
        check(obj["to"]["tag"] in (None, ""), "01: to has no tag", repr(obj["to"]))
        v = obj["via"]
        check(len(v) == 2, "01: two Via values")
        if len(v) == 2:
            check(v[0]["transport"] == "UDP" and v[0]["host"] == "198.51.100.5" and
                  v[0]["port"] is None, "01: first Via", repr(v[0]))
            check(v[0]["branch"] == "z9hG4bK7b3e.a1c2f9d04e6c01c7d1a1b0f5e3c8a2d4.0",
                  "01: first Via branch")
            check(v[1]["port"] == 5060 and v[1]["received"] == "192.0.2.10" and
                  v[1]["rport"] == 5060, "01: second Via port, received, rport", repr(v[1]))

    obj = parse_json(os.path.join(TESTS, "corpus", "02_100_trying.sip"))
    if obj:
        check(obj["kind"] == "response" and obj["status"] == 100 and obj["reason"] == "Trying",
              "02: response 100 Trying", repr((obj["kind"], obj["status"], obj["reason"])))
        check(obj["cseq"]["method"] == "INVITE", "02: cseq method")

    obj = parse_json(os.path.join(TESTS, "corpus", "13_compact_message.sip"))
    if obj:
        check(obj["via"][0]["host"] == "192.0.2.10", "13: compact Via read")
        check(obj["call_id"] == "3e5a7c9b-1d2f-4c6e-b8a0-4f6b8d0c2e19", "13: compact Call-ID read")

    obj = parse_json(os.path.join(TESTS, "corpus", "14_multi_value_headers.sip"))
    if obj:
        check(len(obj["via"]) == 2, "14: two Via values in one field", repr(obj["via"]))

    esc01 = os.path.join(TESTS, "sip-core", "data", "rfc4475", "esc01.sip")
    obj = parse_json(esc01)
    if obj:
        check_json_shape(obj, "esc01")
        check(obj["request_uri"]["user"] == "sips:user@example.com",
              "esc01: request_uri.user is decoded", repr(obj["request_uri"]))
        check(obj["request_uri"]["host"] == "example.net", "esc01: request_uri.host")
        to = [h["value"] for h in obj["headers"] if h["name"] == "To"]
        check(to == ["sip:%75se%72@example.com"], "esc01: the raw text stays in headers", repr(to))

    obj = parse_json(os.path.join(TESTS, "sip-core", "data", "rfc4475", "noreason.sip"))
    if obj:
        check(obj["status"] == 100 and obj["reason"] == "", "noreason: empty reason phrase")

    obj = parse_json(os.path.join(TESTS, "sip-core", "data", "rfc4475", "inv2543.sip"))
    if obj:
        check(obj["content_length"] is None, "inv2543: absent Content-Length is null",
              repr(obj["content_length"]))
        check(obj["via"][0]["branch"] is None, "inv2543: absent branch is null")
        check(obj["from"]["tag"] is None, "inv2543: absent from tag is null")


def test_roundtrip():
    for path in corpus_files():
        data = read(path)
        rc, out, err = run(["roundtrip", path])
        check(rc == 0 and out == data, "roundtrip prints the input of " + os.path.basename(path),
              "exit %d, %d bytes vs %d" % (rc, len(out), len(data)))
    for path, judgement in rfc4475_cases():
        if judgement != "valid" or os.path.basename(path) == "dblreq.sip":
            continue
        data = read(path)
        rc, out, _ = run(["roundtrip", path])
        check(rc == 0 and out == data, "roundtrip prints the input of rfc4475/"
              + os.path.basename(path))
    dblreq = read(os.path.join(TESTS, "sip-core", "data", "rfc4475", "dblreq.sip"))
    rc, out, _ = run(["roundtrip", "-"], dblreq)
    check(rc == 0 and out == dblreq[:300], "roundtrip of dblreq drops the trailing octets")


def test_stdin():
    path = os.path.join(TESTS, "corpus", "05_ack.sip")
    data = read(path)
    rc, out, _ = run(["roundtrip", "-"], data)
    check(rc == 0 and out == data, "roundtrip reads stdin for -")
    rc, _, _ = run(["parse", "-"], data)
    check(rc == 0, "parse reads stdin for -")
    obj = parse_json("-", data)
    if obj:
        check(obj["method"] == "ACK", "parse --json reads stdin for -")
    expect_rejected(["parse", "-"], "empty stdin")


def test_usage():
    path = os.path.join(TESTS, "corpus", "05_ack.sip")
    expect_usage([], "no arguments")
    expect_usage(["frobnicate", path], "unknown command")
    expect_usage(["parse", "--bogus", path], "unknown flag")
    expect_usage(["parse"], "parse without FILE")
    expect_usage(["parse", "--json"], "parse --json without FILE")
    expect_usage(["roundtrip"], "roundtrip without FILE")
    expect_usage(["roundtrip", "--json", path], "--json on roundtrip")
    expect_usage(["parse", path, path], "two files")


def test_missing_file():
    rc, _, err = run(["parse", os.path.join(TESTS, "no-such-file.sip")])
    check(rc in (1, 2), "a missing file is not a crash", "exit %d" % rc)
    check(err != b"", "a missing file is reported on stderr")


def test_hostile_inputs():
    rng = random.Random(4475)
    ack = read(os.path.join(TESTS, "corpus", "05_ack.sip"))
    invite = read(os.path.join(TESTS, "corpus", "01_invite_sdp_auth.sip"))
    expect_survives(b"", "empty input")
    expect_rejected(["parse", "-"], "empty input", b"")
    expect_survives(b"\r\n\r\n\r\n", "only CRLFs")
    expect_survives(b"\0" * 1000, "1000 NUL bytes")
    expect_survives(ack.replace(b"Max-Forwards", b"Max-\0Forwards"), "NUL in a header name")
    expect_survives(ack.replace(b"bob@", b"b\0b@", 1), "NUL in the start line")
    expect_rejected(["parse", "-"], "NUL in the start line", ack.replace(b"bob@", b"b\0b@", 1))
    expect_survives(ack.replace(b"\r\n", b"\n"), "a bare LF message")
    expect_survives(ack.replace(b"\r\n", b"\r"), "a bare CR message")
    big = ack.replace(b"Max-Forwards: 70\r\n",
                      b"Max-Forwards: 70\r\nSubject: " + b"x" * (1024 * 1024) + b"\r\n")
    expect_survives(big, "a 1 MB header line")
    expect_rejected(["parse", "-"], "a 1 MB header line", big)
    expect_survives(b"INVITE sip:bob@example.com SIP/2.0\r\nSubject: " + b"y" * (1024 * 1024),
                    "a 1 MB header line with no end")
    for n in (1, 7, 40, len(invite) // 2, invite.find(b"\r\n\r\n"), len(invite) - 1):
        expect_survives(invite[:n], "the INVITE truncated to %d bytes" % n)
    expect_rejected(["parse", "-"], "a truncated body", invite[:len(invite) - 1])
    for i in range(20):
        size = rng.choice((1, 16, 200, 4096, 70000))
        expect_survives(bytes(rng.randrange(256) for _ in range(size)),
                        "random bytes #%d (%d bytes)" % (i, size))
    for i in range(30):
        data = bytearray(invite)
        for _ in range(rng.randrange(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        expect_survives(bytes(data), "mutated INVITE #%d" % i)


def test_json_is_utf8_whatever_the_bytes():
    # A quoted display name and an unknown header may carry any byte; JSON must stay UTF-8
    # (RFC 8259 §8.1), with invalid sequences replaced.
    msg = (b"OPTIONS sip:bob@example.com SIP/2.0\r\n"
           b"Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
           b"From: \"\xff\xfe\" <sip:a@example.com>;tag=1\r\n"
           b"To: <sip:bob@example.com>\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\n"
           b"X-Bin: \xc3\x28 bad\r\nContent-Length: 0\r\n\r\n")
    obj = parse_json("-", msg)
    if obj is not None:
        check(obj["from"]["display"] == "\ufffd\ufffd", "invalid UTF-8 in a display name becomes U+FFFD",
              repr(obj["from"]["display"]))


def main():
    global SIPTOOL, TESTS
    if len(sys.argv) != 3:
        print("usage: siptool_test.py SIPTOOL TESTS_DIR", file=sys.stderr)
        return 2
    SIPTOOL, TESTS = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        for test in (test_parse_accepts_and_rejects, test_error_line_names_line_and_header,
                     test_json_fields, test_roundtrip, test_stdin, test_usage, test_missing_file,
                     test_hostile_inputs, test_json_is_utf8_whatever_the_bytes):
            before = len(FAILURES)
            test()
            print("%s %s" % ("ok  " if len(FAILURES) == before else "FAIL", test.__name__))
    print("%d checks, %d failed" % (CHECKS, len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
