#!/usr/bin/env python3
"""Benchmark of the scoreboard (issue 6), on SQLite and on PostgreSQL.

For each size (units × 16 criteria × 12 monthly periods of approved
reports, written straight into the database so that 20,000 units take
seconds, not hours), starts the release build and measures, with warm
caches and one request at a time over a kept-alive connection:

- the scoreboard of one period (`?period=2023M06`),
- the scoreboard of the whole campaign (all 12 periods),
- the explanation of one unit over the whole campaign,

and prints p50/p99/max, both computed afresh (a report changed before each
request) and kept (nothing changed since the last one). Targets (issue 19), on
PostgreSQL, the whole campaign computed afresh: ≤ 20 ms at 2,000 units, ≤ 100 ms
at 20,000. Then, each in a fresh server, the whole campaign's board once as JSON,
CSV and XLSX, and the server's peak RSS (VmHWM) for each: the files are streamed,
so their peak must not grow with the units beyond the board's own.
Writes bench/results/scoreboard-<time>.json.

Usage: python3 bench/scoreboard.py [--sizes 200,2000,20000] [--requests 40] [--backends sqlite,postgres] [--port 18300]
Needs PostgreSQL on 127.0.0.1:5432 for the PostgreSQL half (skipped when it
does not answer) and psql.
"""

import argparse
import http.client
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from common import ADMIN_PASSWORD, ROOT, Server, fresh_database, new_results, pg_answers, write_results
CAMPAIGN = "bench-campaign"
STAMP = "2024-01-02 03:04:05"

# 16 criteria: 12 ratios (targets as in plan 05: = 100% or ≥ 65%), 4 yes/no; criterion 7 weighs 3.
CRITERIA = [(i, "boolean" if i in (1, 13, 14, 15) else "ratio", "=" if i % 2 == 0 else ">=",
             None if i in (1, 13, 14, 15) else (100.0 if i % 2 == 0 else 65.0), 3.0 if i == 7 else 1.0)
            for i in range(1, 17)]


def figures(unit, month, criterion):
    """The same deterministic figures on both backends: (numerator, denominator, achieved)."""
    numerator = (unit * 7 + month * 3 + criterion * 5) % 21
    denominator = 20 if (unit + month + criterion) % 11 else 0  # now and then 0/0: not applicable
    return min(numerator, denominator), denominator, (unit + month + criterion) % 4 != 0




def rows(root_path, units):
    """Every row of the generated data set, table by table, as (table, columns, row iterator)."""
    commune_path = f"{root_path}bench-commune/"
    yield "org_units", "id, code, name, kind, parent_id, path, active, version, created_at, updated_at", [
        ("bench-commune", "BENCH-XA", "Xã đo hiệu năng", "commune", root_path.strip("/").split("/")[-1],
         commune_path, True, 1, STAMP, STAMP)]
    yield "org_units", "id, code, name, kind, parent_id, path, active, version, created_at, updated_at", (
        (f"bench-u-{u:05d}", f"BENCH-{u:05d}", f"Đơn vị đo {u}", "sector", "bench-commune",
         f"{commune_path}bench-u-{u:05d}/", True, 1, STAMP, STAMP) for u in range(units))
    yield ("campaigns", "id, code, title, issuer_id, issued_on, starts_on, ends_on, period_type, legal_bases, "
           "description, status, submission_days, lock_days, results_public, version, created_at, updated_at", [
               (CAMPAIGN, "BENCH/KH", "Phong trào đo hiệu năng", "bench-commune", "2023-01-01", "2023-01-01",
                "2023-12-31", "month", "[]", "", "active", 5, 15, False, 1, STAMP, STAMP)])
    yield ("criteria", "id, campaign_id, ordinal, code, title, description, measure, comparator, target, "
           "numerator_label, denominator_label, weight, version, created_at, updated_at", [
               (f"bench-c-{i:02d}", CAMPAIGN, i, str(i), f"Tiêu chí {i}", "", measure, comparator, target,
                "Tử số" if measure == "ratio" else None, "Mẫu số" if measure == "ratio" else None, weight, 1,
                STAMP, STAMP) for i, measure, comparator, target, weight in CRITERIA])
    yield "campaign_participants", "campaign_id, org_unit_id", (
        (CAMPAIGN, f"bench-u-{u:05d}") for u in range(units))
    def values(u, m):
        """One report's values, as the service computes them."""
        for i, measure, comparator, target, weight in CRITERIA:
            n, d, achieved = figures(u, m, i)
            if measure == "boolean":
                yield (f"bench-c-{i:02d}", None, None, achieved, None, achieved, False), weight
            elif d == 0:
                yield (f"bench-c-{i:02d}", n, d, None, None, None, True), weight
            else:
                pct = 100.0 * n / d
                met = pct >= target - 1e-9 if comparator == ">=" else abs(pct - target) <= 1e-9
                yield (f"bench-c-{i:02d}", n, d, None, pct, met, False), weight

    def reports():
        for u in range(units):
            for m in range(1, 13):
                tally = [0.0, 0, 0.0, 0]  # what the submission sums: met weight and count, not applicable
                for (_, _, _, _, _, met, na), weight in values(u, m):
                    if na:
                        tally[2] += weight
                        tally[3] += 1
                    elif met:
                        tally[0] += weight
                        tally[1] += 1
                yield (f"bench-r-{u:05d}-{m:02d}", CAMPAIGN, f"bench-u-{u:05d}", f"2023M{m:02d}", "approved", 3,
                       STAMP, STAMP, "bench", STAMP, STAMP, STAMP, (u + m) % 5 != 0, *tally)

    yield ("reports", "id, campaign_id, org_unit_id, period_id, status, version, submitted_at, approved_at, "
           "created_by, created_at, updated_at, first_submitted_at, submitted_on_time, met_weight, met_count, "
           "not_applicable_weight, not_applicable_count", reports())

    def all_values():
        for u in range(units):
            for m in range(1, 13):
                for (criterion, n, d, achieved, pct, met, na), _ in values(u, m):
                    yield (f"bench-r-{u:05d}-{m:02d}", criterion, n, d, None, None, achieved, pct, met, na, "", STAMP)

    yield ("report_values", "report_id, criterion_id, numerator, denominator, percentage, count, achieved, "
           "computed_percentage, met, not_applicable, note, updated_at", all_values())


def backfill(backend, migration, table):
    """The backfill statement of `table` in `migration`, read from the migration itself."""
    path = os.path.join(ROOT, "migrations", backend, migration, "up.sql")
    text = open(path, encoding="utf-8").read()
    start = text.index(f"INSERT INTO {table}")
    return text[start:text.index(";", start)]


def totals_sql(backend):
    """The totals the service keeps at each move: the approved values' per period and criterion
    (migration 000008) and, where the build has them, the reports' per unit (000019)."""
    statements = [backfill(backend, "2026-11-25-000008_criterion_totals", "criterion_totals")]
    if os.path.isdir(os.path.join(ROOT, "migrations", backend, "2026-12-02-000019_unit_totals")):
        statements.append(backfill(backend, "2026-12-02-000019_unit_totals", "unit_totals"))
    return statements


def load_sqlite(path, units):
    db = sqlite3.connect(path, timeout=30)
    root = db.execute("SELECT path FROM org_units WHERE kind = 'root'").fetchone()[0]
    for table, columns, data in rows(root, units):
        marks = ", ".join("?" for _ in columns.split(","))
        db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", data)
    for statement in totals_sql("sqlite"):
        db.execute(statement)
    db.commit()
    db.execute("ANALYZE")
    db.close()


def load_postgres(url, units):
    """Streams the rows into psql as COPY … FROM STDIN (CSV)."""
    root = subprocess.run(["psql", url, "-qAtc", "SELECT path FROM org_units WHERE kind = 'root'"],
                          capture_output=True, text=True, check=True).stdout.strip()
    script = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8")
    with script:
        for table, columns, data in rows(root, units):
            script.write(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N');\n")
            for row in data:
                script.write(",".join(csv_field(v) for v in row) + "\n")
            script.write("\\.\n")
        for statement in totals_sql("postgres"):
            script.write(statement + ";\n")
        script.write("ANALYZE;\n")
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-f", script.name], check=True,
                   stdout=subprocess.DEVNULL)
    os.unlink(script.name)


def csv_field(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def timed(port, token, path, requests, change=None):
    """p50/p99/max in ms over `requests` sequential requests, after 3 to warm up.
    With `change`, called (untimed) before each request: every request then
    computes the board afresh instead of getting the kept one."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"authorization": "Bearer " + token}
    times = []
    for i in range(requests + 3):
        if change:
            change()
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            sys.exit(f"{path}: {response.status} {body[:300]!r}")
        if i >= 3:
            times.append(elapsed)
    connection.close()
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
            "max_ms": round(times[-1], 1), "requests": requests, "bytes": len(body)}


def changer(url, sqlite_path):
    """A change to one report, as an approval elsewhere would make: its version raised and, where
    the build keeps per-unit totals, its unit's moves (what the kept board is checked against)."""
    statement = "UPDATE reports SET version = version + 1 WHERE id = 'bench-r-00000-01'"
    if os.path.isdir(os.path.join(ROOT, "migrations", "sqlite", "2026-12-02-000019_unit_totals")):
        statement += "; UPDATE unit_totals SET moves = moves + 1 WHERE org_unit_id = 'bench-u-00000'"
    if url.startswith("postgres"):
        return lambda: subprocess.run(["psql", url, "-qc", statement], check=True, stdout=subprocess.DEVNULL)

    def change():
        db = sqlite3.connect(sqlite_path, timeout=30)
        db.executescript(statement)
        db.commit()
        db.close()
    return change


def memory_kb(pid, field):
    """`field` (VmRSS, VmHWM: the peak) of process `pid`, in kB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def export_memory(url, folder, port, path):
    """Peak RSS of a fresh server answering the whole campaign's board once in each format (each
    in a server of its own, so that one answer's peak does not hide another's): JSON (the board
    itself, computed and kept), CSV and XLSX (the same board, then streamed as a file). In MB, with
    the bytes sent and the idle server's RSS beside."""
    figures = {}
    for name, query in [("json", ""), ("csv", "?format=csv"), ("xlsx", "?format=xlsx")]:
        server = Server(url, port, folder)
        try:
            token = token_of(port)
            idle = memory_kb(server.process.pid, "VmRSS")
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            connection.request("GET", path + query, headers={"authorization": "Bearer " + token})
            response = connection.getresponse()
            size = 0
            while True:
                piece = response.read(65536)
                if not piece:
                    break
                size += len(piece)
            if response.status != 200:
                sys.exit(f"{path}{query}: {response.status}")
            connection.close()
            figures[name] = {"idle_rss_mb": round(idle / 1024, 1),
                             "peak_rss_mb": round(memory_kb(server.process.pid, "VmHWM") / 1024, 1),
                             "bytes": size}
        finally:
            server.stop()
    return figures


def token_of(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/token", method="POST",
                                     data=json.dumps({"username": "admin", "password": ADMIN_PASSWORD}).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["access_token"]




def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--port", type=int, default=18300,
                        help="the servers listen from here up (another benchmark on the machine may hold 18301…)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "thidua"], cwd=ROOT, check=True)
    backends = args.backends.split(",")
    if "postgres" in backends and not pg_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: measuring SQLite only")
        backends.remove("postgres")
    results = new_results(criteria=len(CRITERIA), periods=12, runs=[])
    port = args.port
    for backend in backends:
        for units in sizes:
            port += 1
            with fresh_database(backend) as (url, folder):
                server = Server(url, port, folder)
                try:
                    started = time.perf_counter()
                    if backend == "postgres":
                        load_postgres(url, units)
                    else:
                        load_sqlite(os.path.join(folder, "thidua.db"), units)
                    load_s = round(time.perf_counter() - started, 1)
                    token = token_of(port)
                    requests = max(5, args.requests * 2000 // max(units, 2000))
                    base = f"/api/v1/campaigns/{CAMPAIGN}/scoreboard"
                    change = changer(url, os.path.join(folder, "thidua.db"))
                    run = {"backend": backend, "units": units, "values": units * 12 * len(CRITERIA), "load_s": load_s}
                    for name, path in [("one_period", base + "?period=2023M06"), ("whole_campaign", base),
                                       ("explanation", base + "/units/bench-u-00001")]:
                        # Computed afresh each time (a report changed just before), then kept.
                        run[name] = {"computed": timed(port, token, path, requests, change),
                                     "kept": timed(port, token, path, requests)}
                    server.stop()
                    run["export_memory"] = export_memory(url, folder, port, base)
                    results["runs"].append(run)
                    print(f"{backend:8} {units:6} units ({run['values']:,} values, loaded in {load_s} s):")
                    for name in ("one_period", "whole_campaign", "explanation"):
                        c, k = run[name]["computed"], run[name]["kept"]
                        print(f"    {name:15} computed p50 {c['p50_ms']:7} ms p99 {c['p99_ms']:7} ms | "
                              f"kept p50 {k['p50_ms']:6} ms p99 {k['p99_ms']:6} ms")
                    for name, m in run["export_memory"].items():
                        print(f"    whole campaign as {name:4}: peak RSS {m['peak_rss_mb']:7} MB "
                              f"(idle {m['idle_rss_mb']} MB), {m['bytes']:,} bytes")
                finally:
                    if server.process.poll() is None:
                        server.stop()
    write_results("scoreboard", results)


if __name__ == "__main__":
    main()
