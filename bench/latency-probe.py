#!/usr/bin/env python3
"""latency-probe.py - one client, one request at a time, timing each: the latency a single caller sees.

Usage: latency-probe.py PORT SECONDS KEYS [ping]
  default: 3 GETs of random keys key:000000000000..KEYS-1 (redis-benchmark's names) to 1 SET of a 3,300-byte
           value (a Next.js page entry) under probe:N
  ping:    PING only, which never touches the store: a slow PING means the event loop itself was held
Prints every request slower than 50 ms with the time, then one line:
  ops=N worst_ms=W over_50ms=S
"""
import random
import socket
import sys
import time

port, seconds, keys = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ping = len(sys.argv) > 4 and sys.argv[4] == "ping"
sock = socket.create_connection(("127.0.0.1", port))
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
replies = sock.makefile("rb")
value = b"x" * 3300


def call(*args):
    sock.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
    line = replies.readline()
    if line[:1] == b"$" and int(line[1:]) >= 0:
        replies.read(int(line[1:]) + 2)
    elif line[:1] == b"-":
        raise SystemExit("error reply: %s" % line.decode().strip())


ops = slow = 0
worst = 0.0
end = time.time() + seconds
while time.time() < end:
    if ping:
        name, args = "PING", (b"PING",)
    elif ops % 4 == 0:
        name, args = "SET", (b"SET", b"probe:%d" % (ops % 10000), value)
    else:
        name, args = "GET", (b"GET", b"key:%012d" % random.randrange(keys))
    started = time.perf_counter()
    call(*args)
    ms = (time.perf_counter() - started) * 1000
    ops += 1
    worst = max(worst, ms)
    if ms > 50:
        slow += 1
        print("%s %s %.0f ms" % (time.strftime("%H:%M:%S"), name, ms), flush=True)
print("ops=%d worst_ms=%.0f over_50ms=%d" % (ops, worst, slow))
