#!/usr/bin/env python3
"""Pre-populate the keys read by the GET benchmarks (bench/wrk/*-get.lua).

usage: prepop.py consul|etcd PORT COUNT VALUE_LEN

Writes bench/get/0 .. bench/get/COUNT-1 over one keep-alive connection to 127.0.0.1:PORT,
checks every answer (Consul: 200 `true`; etcd: 200 with a "header") and exits non-zero on the
first failure. Standard library only.
"""
import base64
import http.client
import json
import sys


def value(n):
    pat = "0123456789abcdef"
    return (pat * (n // len(pat) + 1))[:n]


def main():
    system, port, count, vlen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    val = value(vlen).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(count):
        key = "bench/get/%d" % i
        if system == "consul":
            conn.request("PUT", "/v1/kv/" + key, body=val,
                         headers={"Content-Type": "application/octet-stream"})
            ok_body = lambda b: b.strip() == b"true"
        elif system == "etcd":
            body = json.dumps({"key": base64.b64encode(key.encode()).decode(),
                               "value": base64.b64encode(val).decode()})
            conn.request("POST", "/v3/kv/put", body=body,
                         headers={"Content-Type": "application/json"})
            ok_body = lambda b: b'"header"' in b
        else:
            sys.exit("unknown system " + system)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200 or not ok_body(data):
            sys.exit("prepop %s key %s: HTTP %d %r" % (system, key, resp.status, data[:200]))
    conn.close()
    print("prepop %s: %d keys of %d bytes written" % (system, count, vlen))


if __name__ == "__main__":
    main()
