#!/usr/bin/env python3
"""Webhook delivery: the lag from a change to its delivery, and how many
deliveries a second the service sends, on SQLite and (when it answers on
127.0.0.1:5432) PostgreSQL. The issue's bar: p99 lag at most 1 s at 100
events a second.

A receiver on loopback (allowed by THIDUA_WEBHOOK_ALLOW_NETS) answers 204
and notes when each message arrived. The events are report edits (`PUT
…/values`, one `report.put_values` change each) on generated units' reports:

- lag: RATE edits a second for SECONDS seconds, each message's arrival
  minus its `timestamp` (when the change was made; one clock, one machine);
- throughput: BURST edits sent as fast as 8 workers can, deliveries a second
  from the first edit to the last delivery.

    python3 bench/webhooks.py [--rate 100] [--seconds 10] [--burst 2000]

Prints the figures and writes them to bench/results/webhooks-<time>.json.
"""

import argparse
import datetime
import http.server
import json
import subprocess
import sys
import threading
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from common import ROOT, Server, fresh_database, new_results, pg_answers, write_results  # noqa: E402
from reports import Connection, call, connection, in_workers, must, prepare  # noqa: E402

RECEIVER_PORT = 18290


class Receiver(http.server.ThreadingHTTPServer):
    """Answers 204 to every POST and keeps (arrival, message timestamp) per message id."""

    daemon_threads = True

    def __init__(self):
        self.arrived = {}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", RECEIVER_PORT), Handler)

    def count(self):
        with self.lock:
            return len(self.arrived)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        now = time.time()
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        with self.server.lock:
            self.server.arrived.setdefault(self.headers["webhook-id"], (now, body["timestamp"]))
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Edit:
    """Changes one report's value of criterion 10 (a `report.put_values` change),
    on the worker process's connection — or on `own`, outside the workers (a
    connection made before the workers fork would be shared by them all)."""

    def __init__(self, base, token, own=None):
        self.base, self.token, self.own = base, token, own

    def __call__(self, report):
        report_id, etag = report
        conn = self.own or connection(self.base, self.token)
        answer = conn.call("PUT", f"/api/v1/reports/{report_id}/values/10", {"percentage": 91}, {"if-match": etag})
        must(answer, 200)
        return time.time()


def seconds_of(stamp):
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def wait_for(receiver, count, limit=120):
    deadline = time.time() + limit
    while receiver.count() < count and time.time() < deadline:
        time.sleep(0.01)
    return receiver.count()


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def measure(base, token, receiver, reports, rate, seconds, burst):
    # The preparation's own edits pass the dispatcher before anyone subscribes.
    time.sleep(3)
    hook = must(call(base, "POST", "/api/v1/webhooks", token, {
        "url": f"http://127.0.0.1:{RECEIVER_PORT}/hook", "types": ["report.put_values"]}), 201)[2]
    # Lag: edits at a fixed rate, one at a time from this process.
    paced = reports[:rate * seconds]
    edit = Edit(base, token, Connection(base, token))
    start = time.time()
    for i, report in enumerate(paced):
        pause = start + i / rate - time.time()
        if pause > 0:
            time.sleep(pause)
        edit(report)
    got = wait_for(receiver, len(paced))
    lags = sorted(arrival - seconds_of(stamp) for arrival, stamp in receiver.arrived.values())
    lag = {"events": len(paced), "delivered": got, "p50_ms": round(percentile(lags, 50) * 1000, 1),
           "p99_ms": round(percentile(lags, 99) * 1000, 1), "max_ms": round(lags[-1] * 1000, 1)}
    # Throughput: a burst from 8 workers.
    before = receiver.count()
    bursting = reports[len(paced):len(paced) + burst]
    start = time.time()
    in_workers(8, Edit(base, token), bursting)
    sent = time.time() - start
    got = wait_for(receiver, before + len(bursting)) - before
    took = time.time() - start
    throughput = {"events": len(bursting), "delivered": got, "edits_per_second": round(len(bursting) / sent),
                  "deliveries_per_second": round(got / took), "seconds": round(took, 2)}
    must(call(base, "DELETE", f"/api/v1/webhooks/{hook['id']}", token), 204)
    return {"lag": lag, "throughput": throughput}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--burst", type=int, default=2000)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "thidua"], cwd=ROOT, check=True)
    results = new_results(rate=args.rate, seconds=args.seconds, burst=args.burst, backends={})
    backends = ["sqlite"] + (["postgres"] if pg_answers() else [])
    for backend in backends:
        print(f"== {backend}")
        receiver = Receiver()
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        with fresh_database(backend) as (url, folder):
            server = Server(url, 18280 + len(results["backends"]), folder, demo=True,
                            settings={"THIDUA_WEBHOOK_ALLOW_NETS": "127.0.0.0/8"})
            try:
                units = args.rate * args.seconds + args.burst
                print(f"    preparing {units} units and their reports …")
                token, reports = prepare(server.base, units)
                figures = measure(server.base, token, receiver, reports, args.rate, args.seconds, args.burst)
            finally:
                server.stop()
        receiver.shutdown()
        receiver.server_close()
        lag, throughput = figures["lag"], figures["throughput"]
        print(f"    lag at {args.rate}/s: p50 {lag['p50_ms']} ms, p99 {lag['p99_ms']} ms, max {lag['max_ms']} ms "
              f"({lag['delivered']} of {lag['events']} delivered)")
        print(f"    burst of {throughput['events']}: {throughput['edits_per_second']} edits/s, "
              f"{throughput['deliveries_per_second']} deliveries/s ({throughput['delivered']} delivered "
              f"in {throughput['seconds']} s)")
        results["backends"][backend] = figures
    write_results("webhooks", results)


if __name__ == "__main__":
    main()
