#!/usr/bin/env python3
"""Load test of `lstmlm serve` on loopback, bounded in requests and time (standard library only).

    bench/load-test.py --model runs/ptb-small-*/model.safetensors
    bench/load-test.py                      # trains ptb-small for one epoch first (LSTMLM_DATA needed)

Starts the server on a free 127.0.0.1 port, then:
  1. one client sends --requests completions of --tokens tokens, one after another: tokens/s and
     latency of a request alone;
  2. --clients clients send --requests requests each at once, every fourth a /v1/score request
     of 8 PTB-like lines, while --slow clients hold connections open with half-sent bodies and a
     prober asks /health every 50 ms: errors, aggregate tokens/s, p99 latency, /health latency.
Prints one JSON object (and a readable summary on stderr), stops the server with SIGTERM and
checks that it exits. Every loop has a request count and the whole run a deadline (--max-seconds).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCORE_LINES = [
    "the company said it expects to report a loss",
    "shares rose in heavy trading on the new york stock exchange",
    "the bank 's chief executive resigned",
    "analysts said the market would remain volatile",
    "the government plans to sell its stake",
    "prices of treasury bonds fell sharply",
    "the agreement is subject to approval by shareholders",
    "sales in the third quarter were flat",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, path, body, timeout):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def completion(base, tokens, seed, deadline):
    start = time.monotonic()
    r = post(base, "/v1/completions", {"prompt": "the company said", "max_tokens": tokens, "seed": seed},
             timeout=max(1, deadline - time.monotonic()))
    return time.monotonic() - start, r["usage"]["completion_tokens"]


def train_model(work):
    run = os.path.join(work, "ptb-small")
    print("load-test: training ptb-small for one epoch to get a checkpoint of its shape ...", file=sys.stderr)
    subprocess.run([os.path.join(ROOT, "lstmlm"), "train", "--preset", "ptb-small", "--epochs", "1", "--run-dir", run],
                   check=True, stdout=sys.stderr)
    return os.path.join(run, "model.safetensors")


def slow_client(port, stop):
    """Holds a connection with headers and half a body sent; reconnects when the server drops it."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                s.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 200\r\n\r\n{\"prompt\": \"the")
                s.settimeout(0.5)
                while not stop.is_set():
                    try:
                        if not s.recv(4096):
                            break
                    except socket.timeout:
                        continue
        except OSError:
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=20, help="requests per client")
    ap.add_argument("--tokens", type=int, default=50, help="generated tokens per completion")
    ap.add_argument("--slow", type=int, default=8, help="slow clients holding connections in phase 2")
    ap.add_argument("--threads", type=int, default=2, help="the server's --threads")
    ap.add_argument("--max-seconds", type=float, default=900)
    args = ap.parse_args()
    deadline = time.monotonic() + args.max_seconds
    work = tempfile.mkdtemp(prefix="lstmlm-load-")
    model = args.model or train_model(work)

    port = free_port()
    base = "http://127.0.0.1:%d" % port
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([os.path.join(ROOT, "lstmlm"), "serve", "--model", model, "--port", str(port),
                               "--threads", str(args.threads), "--model-name", "m"], stdout=log, stderr=log)
    result = {"model": model, "clients": args.clients, "requests_per_client": args.requests, "tokens": args.tokens}
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except (urllib.error.URLError, OSError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("load-test: the server did not start; see " + log.name)
                time.sleep(0.2)
        for i in range(3):  # warm-up
            completion(base, args.tokens, 1000 + i, deadline)

        # Phase 1: one client.
        alone = []
        start = time.monotonic()
        produced = 0
        for i in range(args.requests):
            seconds, n = completion(base, args.tokens, i, deadline)
            alone.append(seconds)
            produced += n
        result["alone"] = {"tokens_per_s": produced / (time.monotonic() - start),
                           "p50_s": percentile(alone, 50), "p99_s": percentile(alone, 99)}

        # Phase 2: many clients, slow clients and a /health prober.
        stop = threading.Event()
        health = []
        health_errors = [0]

        def prober():
            while not stop.is_set():
                t = time.monotonic()
                try:
                    urllib.request.urlopen(base + "/health", timeout=10).read()
                    health.append(time.monotonic() - t)
                except OSError:
                    health_errors[0] += 1
                time.sleep(0.05)

        latencies, errors, generated, scored = [], [], [0], [0]
        lock = threading.Lock()

        def client(c):
            for i in range(args.requests):
                if time.monotonic() > deadline:
                    with lock:
                        errors.append("deadline")
                    return
                try:
                    if i % 4 == 3:
                        r = post(base, "/v1/score", {"texts": SCORE_LINES}, timeout=max(1, deadline - time.monotonic()))
                        with lock:
                            scored[0] += sum(x["tokens"] for x in r["results"])
                    else:
                        seconds, n = completion(base, args.tokens, c * 1000 + i, deadline)
                        with lock:
                            latencies.append(seconds)
                            generated[0] += n
                except Exception as e:  # noqa: BLE001 - every failure counts as an error
                    with lock:
                        errors.append(repr(e))

        helpers = [threading.Thread(target=prober, daemon=True)]
        helpers += [threading.Thread(target=slow_client, args=(port, stop), daemon=True) for _ in range(args.slow)]
        for t in helpers:
            t.start()
        time.sleep(0.5)
        clients = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        start = time.monotonic()
        for t in clients:
            t.start()
        for t in clients:
            t.join(max(0, deadline - time.monotonic()))
        elapsed = time.monotonic() - start
        stop.set()
        result["crowd"] = {"errors": len(errors), "error_samples": errors[:5],
                           "tokens_per_s": generated[0] / elapsed, "scored_tokens_per_s": scored[0] / elapsed,
                           "p50_s": percentile(latencies, 50), "p99_s": percentile(latencies, 99)}
        result["health"] = {"probes": len(health), "errors": health_errors[0],
                            "p99_ms": 1000 * (percentile(health, 99) or 0), "max_ms": 1000 * max(health or [0])}
        result["speedup_tokens_per_s"] = result["crowd"]["tokens_per_s"] / result["alone"]["tokens_per_s"]
        result["p99_ratio"] = (result["crowd"]["p99_s"] or 0) / result["alone"]["p50_s"]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            result["server_exit"] = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            result["server_exit"] = "killed after 30 s"
    print(json.dumps(result, indent=2))
    c, a, h = result["crowd"], result["alone"], result["health"]
    print("errors %d; tokens/s %.0f alone, %.0f at %d clients (%.1fx); p99 %.3f s at %d clients against %.3f s alone"
          " (%.1fx); /health p99 %.1f ms, max %.1f ms, %d errors"
          % (c["errors"], a["tokens_per_s"], c["tokens_per_s"], args.clients, result["speedup_tokens_per_s"],
             c["p99_s"] or 0, args.clients, a["p50_s"], result["p99_ratio"], h["p99_ms"], h["max_ms"], h["errors"]),
          file=sys.stderr)
    return 1 if c["errors"] or h["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
