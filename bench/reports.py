#!/usr/bin/env python3
"""Benchmark of the report path (issue 5), on SQLite and on PostgreSQL.

Starts the release build with the demo data plus generated load data, then
measures:

1. authenticated `GET /api/v1/reports/{id}` at a fixed arrival rate with oha
   (`-q RATE --latency-correction`), several rates, p50/p99 and throughput;
2. report submission throughput (each submission a write transaction with
   its history row and audit event) against two yardsticks measured in the
   same run, right before and right after the submissions:
   - the same transaction (`same_transaction.py`): the database running
     exactly a submission's statements at the same concurrency (PostgreSQL:
     pgbench with a custom script; SQLite: one connection with the
     service's settings) — the fair comparison;
   - the raw single-row commit rate of the same database settings (SQLite:
     WAL + synchronous=FULL; PostgreSQL: pgbench single-row INSERTs).

The submissions are sent by `examples/post_each.rs` (each report once, over
N kept-alive connections, on one thread): a Python client spends more of
the machine's two cores than the server it measures. Each unit has one
report; the reports are shared equally among the concurrencies of
`--concurrency` (default 8 and 32: at 8 the server's two cores are not yet
busy, the requests waiting on each other's round trips; at 32 they are).

Prints the figures and writes them to bench/results/reports-<time>.json.
With `--compare FILE` (an earlier results file) every figure is printed
beside the earlier one, as `before → after`.

Usage: python3 bench/reports.py [--units 1000] [--rates 1000,2000,5000] [--seconds 10] [--concurrency 8,32]
       [--baseline-seconds 8] [--compare bench/results/reports-<time>.json] [--backends sqlite,postgres]
Needs: oha (`cargo install oha --locked`), and for PostgreSQL a server on
127.0.0.1:5432 (skipped when it does not answer).
"""

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import same_transaction
from common import ADMIN_PASSWORD, ROOT, Server, fresh_database, new_results, pg_answers, write_results


def call(base, method, path, token=None, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


class Connection:
    """One kept-alive HTTP/1.1 connection, for the worker processes."""

    def __init__(self, base, token):
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.token = token

    def call(self, method, path, body=None, headers=None):
        sent = {"authorization": "Bearer " + self.token, **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["content-type"] = "application/json"
        self.connection.request(method, path, body=data, headers=sent)
        response = self.connection.getresponse()
        text = response.read()
        return response.status, response.headers, json.loads(text or b"null")


def in_workers(concurrency, work, items):
    """`work(item)` for every item, spread over `concurrency` processes; the results in order."""
    with multiprocessing.Pool(concurrency) as pool:
        return pool.map(work, items, chunksize=max(1, len(items) // (concurrency * 4)))


_connection = None


def connection(base, token):
    """The worker process's own connection."""
    global _connection
    if _connection is None:
        _connection = Connection(base, token)
    return _connection


def must(answer, status):
    if answer[0] != status:
        # An exception, not an exit: it also travels back from a worker process.
        raise RuntimeError(f"unexpected answer {answer[0]}: {answer[2]}")
    return answer




def prepare(base, units):
    """A running campaign over `units` generated units, with a draft report per unit, each filled in."""
    token = must(call(base, "POST", "/api/v1/auth/token", body={"username": "admin", "password": ADMIN_PASSWORD}), 200)[2]["access_token"]
    commune = must(call(base, "GET", "/api/v1/org-units?code=XA-DAI-THANG", token), 200)[2]["items"][0]["id"]
    codes = [f"BENCH-{i:05d}" for i in range(units)]
    unit_ids = in_workers(8, CreateUnit(base, token, commune), codes)
    demo = must(call(base, "GET", "/api/v1/campaigns?code=05/KH-UBND", token), 200)[2]["items"][0]
    definition = must(call(base, "GET", f"/api/v1/campaigns/{demo['id']}/definition", token), 200)[2]
    today = datetime.date.today()
    imported = must(call(base, "POST", "/api/v1/campaigns/import", token, {
        "issuer_id": commune, "definition": definition, "code": "BENCH/KH", "participants": codes,
        "issued_on": str(today - datetime.timedelta(days=30)), "starts_on": str(today - datetime.timedelta(days=30)),
        "ends_on": str(today + datetime.timedelta(days=300))}), 201)
    campaign = imported[2]["id"]
    must(call(base, "POST", f"/api/v1/campaigns/{campaign}/activate", token, headers={"if-match": imported[1].get("etag")}), 200)
    period = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    # The office fills every unit's report in.
    users = {"username": "bench.office", "display_name": "Văn phòng đo", "role": "office", "password": ADMIN_PASSWORD + " vp"}
    office_unit = must(call(base, "GET", "/api/v1/org-units?code=DT-VP-TK", token), 200)[2]["items"][0]["id"]
    must(call(base, "POST", "/api/v1/users", token, dict(users, org_unit_id=office_unit)), 201)
    office = must(call(base, "POST", "/api/v1/auth/token", body={"username": "bench.office", "password": users["password"]}), 200)[2]["access_token"]
    values = {"values": [{"criterion": c["code"], **figures(c)} for c in definition["criteria"]]}
    reports = in_workers(8, FillReport(base, office, campaign, period, values), unit_ids)
    return office, reports


class CreateUnit:
    def __init__(self, base, token, commune):
        self.base, self.token, self.commune = base, token, commune

    def __call__(self, code):
        body = {"code": code, "name": f"Đơn vị đo {code}", "kind": "sector", "parent_id": self.commune}
        return must(connection(self.base, self.token).call("POST", "/api/v1/org-units", body), 201)[2]["id"]


class FillReport:
    """Creates a unit's report and fills every value in; its id and ETag."""

    def __init__(self, base, token, campaign, period, values):
        self.base, self.token, self.campaign, self.period, self.values = base, token, campaign, period, values

    def __call__(self, unit):
        conn = connection(self.base, self.token)
        created = must(conn.call("POST", "/api/v1/reports", {"campaign_id": self.campaign, "org_unit_id": unit, "period_id": self.period}), 201)
        filled = must(conn.call("PUT", f"/api/v1/reports/{created[2]['id']}/values", self.values, {"if-match": created[1].get("etag")}), 200)
        return created[2]["id"], filled[1].get("etag")


def figures(criterion):
    measure = criterion["measure"]
    if measure == "boolean":
        return {"achieved": True}
    if measure == "percentage":
        return {"percentage": 95}
    if measure == "count":
        return {"count": 3}
    return {"numerator": 9, "denominator": 10}


def read_benchmark(base, token, report, rates, seconds):
    results = []
    for rate in rates:
        out = subprocess.run(["oha", "-z", f"{seconds}s", "-q", str(rate), "--latency-correction", "--no-tui",
                              "--output-format", "json", "-H", f"authorization: Bearer {token}",
                              f"{base}/api/v1/reports/{report}"], capture_output=True, text=True, check=True)
        data = json.loads(out.stdout)
        summary, latency = data["summary"], data["latencyPercentiles"]
        codes = data.get("statusCodeDistribution", {})
        results.append({"target_rate": rate, "achieved_rps": round(summary["requestsPerSec"], 1),
                        "success_rate": summary["successRate"], "p50_ms": round(latency["p50"] * 1000, 2),
                        "p99_ms": round(latency["p99"] * 1000, 2), "status_codes": codes})
        print(f"    GET report at {rate}/s: {results[-1]['achieved_rps']} req/s, p50 {results[-1]['p50_ms']} ms, "
              f"p99 {results[-1]['p99_ms']} ms, statuses {codes}")
    return results


POST_EACH = os.path.join(ROOT, "target", "release", "examples", "post_each")


def submit_benchmark(base, token, reports, concurrency):
    """Every report submitted once, by `examples/post_each.rs` over `concurrency` connections."""
    lines = "".join(f"{base}/api/v1/reports/{report}/submit\t{etag}\n" for report, etag in reports)
    out = subprocess.run([POST_EACH, "--token", token, "--concurrency", str(concurrency)], input=lines,
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    ok = result["statuses"].get("200", 0)
    if ok != len(reports):
        print(f"    warning: {len(reports) - ok} submissions did not succeed: {result['statuses']}")
    return {"submissions": ok, "seconds": round(result["seconds"], 3), "per_second": round(ok / result["seconds"], 1),
            "concurrency": concurrency}


def sqlite_commit_rate(count=5000):
    folder = tempfile.mkdtemp()
    db = sqlite3.connect(os.path.join(folder, "raw.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    started = time.perf_counter()
    for i in range(count):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", (str(i),))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder)
    return round(count / elapsed, 1)


def postgres_commit_rate(database_url, seconds, clients):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_raw (v) VALUES ('x');\n")
    subprocess.run(["psql", database_url, "-qc", "CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, v TEXT)"], check=True,
                   env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))
    out = subprocess.run(["pgbench", "-n", "-f", script.name, "-c", str(clients), "-j", "2", "-T", str(seconds), database_url],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    for line in out.splitlines():
        if line.startswith("tps"):
            return round(float(line.split("=")[1].split()[0]), 1)
    return None




def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rates", default="1000,2000,5000")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="8,32")
    parser.add_argument("--baseline-seconds", type=int, default=8)
    parser.add_argument("--compare", help="an earlier results file, to print each figure beside")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    if not shutil.which("oha"):
        print("oha is not installed (cargo install oha --locked): measuring submissions only")
        rates = []
    # Apart: built together, the server would take the dev-dependencies' features, and would not
    # be the binary `cargo run --release` serves (nor the one the other benchmarks measure).
    for target in (["--bin", "thidua"], ["--example", "post_each"]):
        subprocess.run(["cargo", "build", "--release", "--locked", *target], cwd=ROOT, check=True)

    results = new_results(units=args.units, concurrencies=concurrencies, backends={})
    backends = args.backends.split(",")
    if "postgres" in backends and not pg_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: measuring SQLite only")
        backends.remove("postgres")
    for backend in backends:
        print(f"== {backend}")
        with fresh_database(backend) as (url, folder):
            server = Server(url, 18200 + len(results["backends"]), folder, demo=True)
            try:
                print(f"    preparing {args.units} units and their reports …")
                token, reports = prepare(server.base, args.units)
                reads = read_benchmark(server.base, token, reports[0][0], rates, args.seconds)
                # The disk's flush time wanders (SQLite's raw rate was seen anywhere from
                # 2,200 to 3,700/s within a minute), so the raw rate is measured right
                # before and right after the submissions, and the higher one is used.
                # Each concurrency submits its own share of the reports (each report once).
                share = len(reports) // len(concurrencies)
                report_ids = [report for report, _ in reports]
                runs = []
                for i, concurrency in enumerate(concurrencies):
                    def raw_rate():
                        if backend == "sqlite":
                            return sqlite_commit_rate()
                        return postgres_commit_rate(url, args.baseline_seconds, concurrency)

                    def same_rate():
                        if backend == "sqlite":
                            return same_transaction.sqlite_rate(url.removeprefix("sqlite://"), report_ids,
                                                                args.baseline_seconds)
                        return same_transaction.postgres_rate(url, report_ids, args.baseline_seconds, concurrency)

                    raw_before, same_before = raw_rate(), same_rate()
                    submissions = submit_benchmark(server.base, token, reports[i * share:(i + 1) * share], concurrency)
                    same_after, raw_after = same_rate(), raw_rate()
                    raw = max((r for r in (raw_before, raw_after) if r), default=None)
                    same = max((r for r in (same_before, same_after) if r), default=None)
                    ratio = round(submissions["per_second"] / raw * 100, 1) if raw else None
                    same_ratio = round(submissions["per_second"] / same * 100, 1) if same else None
                    print(f"    submissions over {concurrency} connections: {submissions['per_second']}/s; "
                          f"same transaction: {same_before}/s before, {same_after}/s after, {same_ratio}% of the higher; "
                          f"raw single-row commits: {raw_before}/s before, {raw_after}/s after, {ratio}% of the higher")
                    runs.append({"submissions": submissions,
                                 "same_transaction_per_second": {"before": same_before, "after": same_after},
                                 "submission_share_of_same_transaction_percent": same_ratio,
                                 "raw_commits_per_second": {"before": raw_before, "after": raw_after},
                                 "submission_share_of_raw_percent": ratio})
                results["backends"][backend] = {"reads": reads, "submissions": runs}
            finally:
                server.stop()
    write_results("reports", results)
    if args.compare:
        compare(args.compare, results)


def all_figures(results):
    """Every figure of a results file, by name."""
    found = {}
    for backend, measured in results.get("backends", {}).items():
        for read in measured.get("reads", []):
            for key in ("achieved_rps", "p50_ms", "p99_ms"):
                found[f"{backend} GET at {read['target_rate']}/s {key}"] = read[key]
        for run in measured.get("submissions", []):
            c = run["submissions"]["concurrency"]
            found[f"{backend} submissions/s at {c}"] = run["submissions"]["per_second"]
            found[f"{backend} % of same transaction at {c}"] = run.get("submission_share_of_same_transaction_percent")
            found[f"{backend} % of raw commits at {c}"] = run.get("submission_share_of_raw_percent")
    return found


def compare(path, results):
    """Prints every figure of `results` beside the same figure in the results file `path`."""
    with open(path) as f:
        before = all_figures(json.load(f))
    print(f"== before ({path}) → after")
    for name, value in all_figures(results).items():
        print(f"    {name}: {before.get(name, '–')} → {value}")


if __name__ == "__main__":
    main()
