"""The fair yardstick for a submission (issue 19): the database doing exactly
the statements a submission makes, with no HTTP, no JSON and no Rust around
them, at the same concurrency.

A submission reads its report with its unit and campaign status, reads its
values, then in one transaction moves the report (an `UPDATE … RETURNING`
guarded by id), adds its history entry and its audit event. The scripts
below run those statements against the benchmark's own database, on the
reports it made, picked at random.

One difference, on purpose: the UPDATE assigns each column its own value
(`status = status`, …). Both databases write a new row version for it all
the same (PostgreSQL a new tuple and its WAL, SQLite the page), but the
reports stay as the server's submissions expect them (their ETags), so the
yardstick can be measured right before and right after the submissions.

- PostgreSQL: pgbench with this script, `-M prepared` (the service keeps its
  statements prepared too), `-c` the submissions' concurrency.
- SQLite: the same transaction on one connection with the service's
  settings (WAL, synchronous=FULL, foreign keys, temp_store=MEMORY),
  `BEGIN IMMEDIATE`, on a copy of the benchmark's database made with
  SQLite's backup API. The service's one writer commits several
  submissions together, so it can run above this yardstick.
"""

import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time

REPORT_COLUMNS = ("r.id, r.campaign_id, r.org_unit_id, r.period_id, r.status, r.version, r.submitted_at, "
                  "r.approved_at, r.created_by, r.created_at, r.updated_at, r.first_submitted_at, r.submitted_on_time")
VALUE_COLUMNS = ("criterion_id, numerator, denominator, percentage, count, achieved, computed_percentage, met, "
                 "not_applicable, note, updated_at")


def statements(report):
    """The statements of one submission of the report whose id `report` yields (an SQL expression)."""
    return [
        f"SELECT {REPORT_COLUMNS}, u.path, u.kind, c.status FROM reports r JOIN org_units u ON u.id = r.org_unit_id "
        f"JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = {report}",
        f"SELECT {VALUE_COLUMNS} FROM report_values WHERE report_id = {report}",
        "BEGIN",
        "UPDATE reports SET status = status, version = version, updated_at = updated_at, submitted_at = submitted_at, "
        "met_weight = met_weight, met_count = met_count, not_applicable_weight = not_applicable_weight, "
        f"not_applicable_count = not_applicable_count WHERE id = {report} AND version = version "
        f"RETURNING {REPORT_COLUMNS.replace('r.', '')}",
        "INSERT INTO report_events (id, report_id, actor, at, action, from_status, to_status, reason) VALUES "
        f"(:uuid, {report}, 'user-bench', CURRENT_TIMESTAMP, 'submit', 'draft', 'submitted', NULL)",
        # No `:name` outside the variables (a space after each colon, no `user:id`): pgbench reads it as one.
        "INSERT INTO audit_events (id, at, actor, request_id, entity, entity_id, action, before, after, unit_path, "
        f"client_address) VALUES (:uuid, CURRENT_TIMESTAMP, 'user-bench', 'bench-request', 'report', {report}, "
        "'submit', '{\"status\": \"draft\"}', '{\"status\": \"submitted\", \"reason\": null}', '/bench/', '127.0.0.1')",
        "COMMIT",
    ]


def postgres_rate(database_url, report_ids, seconds, clients):
    """Transactions per second of pgbench running a submission's statements over `clients` connections."""
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    values = ",".join(f"({n},'{rid}')" for n, rid in enumerate(report_ids, 1))
    # On standard input: thousands of ids pass the 128 KiB a single argument may hold.
    subprocess.run(["psql", database_url, "-q", "-v", "ON_ERROR_STOP=1"], check=True, env=env, text=True,
                   input="DROP TABLE IF EXISTS bench_ids; "
                         "CREATE TABLE bench_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL); "
                         f"INSERT INTO bench_ids VALUES {values}; ANALYZE bench_ids;")
    report = "(SELECT id FROM bench_ids WHERE n = :n)"
    script = [f"\\set n random(1, {len(report_ids)})"]
    script += [s.replace(":uuid", "gen_random_uuid()::text") + ";" for s in statements(report)]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write("\n".join(script) + "\n")
    try:
        out = subprocess.run(["pgbench", "-n", "-M", "prepared", "-f", f.name, "-c", str(clients), "-j", "2",
                              "-T", str(seconds), database_url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    for line in out.splitlines():
        if line.startswith("tps"):
            return round(float(line.split("=")[1].split()[0]), 1)
    return None


def sqlite_rate(database_path, report_ids, seconds):
    """Transactions per second of one connection running a submission's statements, on a copy of the database."""
    folder = tempfile.mkdtemp()
    try:
        copy = sqlite3.connect(os.path.join(folder, "copy.db"), isolation_level=None)
        source = sqlite3.connect(database_path)
        source.backup(copy)
        source.close()
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "temp_store = MEMORY",
                       "busy_timeout = 5000"):
            copy.execute(f"PRAGMA {pragma}")
        reads, writes = statements("?")[:2], statements("?")[2:]
        writes = [w.replace("BEGIN", "BEGIN IMMEDIATE") for w in writes]
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            rid = random.choice(report_ids)
            for s in reads:
                copy.execute(s, (rid,)).fetchall()
            for s in writes:
                params = [rid] * s.count("?")
                s = s.replace(":uuid", "?")
                if s.startswith("INSERT"):
                    params = [os.urandom(16).hex()] + params
                copy.execute(s, params).fetchall()
            done += 1
        elapsed = time.perf_counter() - started
        copy.close()
        return round(done / elapsed, 1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
