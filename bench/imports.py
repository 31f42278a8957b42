#!/usr/bin/env python3
"""Bulk import of figures: N generated units × every criterion of plan 05
(2,000 × 17 = 34,000 values by default), by JSON and by CSV, dry run and
real, on SQLite and (when it answers on 127.0.0.1:5432) PostgreSQL.

Each import is timed from the POST until `GET /api/v1/imports/{id}` says it
is finished (imports above the setting `imports.async_above_rows` are
queued and written by the background worker; smaller ones are answered
when written). The order: a JSON dry run, a JSON import that creates every
report, a CSV dry run, a CSV import that changes every value (updates).

    python3 bench/imports.py --units 2000 [--port 18300]
"""

import argparse
import csv
import datetime
import io
import json
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, __import__("os").path.dirname(__file__))
from common import ADMIN_PASSWORD, ROOT, Server, fresh_database, new_results, pg_answers, write_results  # noqa: E402
from reports import CreateUnit, call, in_workers, must  # noqa: E402


def prepare(base, units):
    """A running copy of plan 05 over `units` generated units; an office token, the campaign code, period and criteria."""
    token = must(call(base, "POST", "/api/v1/auth/token", body={"username": "admin", "password": ADMIN_PASSWORD}), 200)[2]["access_token"]
    commune = must(call(base, "GET", "/api/v1/org-units?code=XA-DAI-THANG", token), 200)[2]["items"][0]["id"]
    codes = [f"BENCH-{i:05d}" for i in range(units)]
    in_workers(8, CreateUnit(base, token, commune), codes)
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
    office_unit = must(call(base, "GET", "/api/v1/org-units?code=DT-VP-TK", token), 200)[2]["items"][0]["id"]
    user = {"username": "bench.office", "display_name": "Văn phòng đo", "role": "office", "password": ADMIN_PASSWORD + " vp",
            "org_unit_id": office_unit}
    must(call(base, "POST", "/api/v1/users", token, user), 201)
    office = must(call(base, "POST", "/api/v1/auth/token", body={"username": "bench.office", "password": user["password"]}), 200)[2]["access_token"]
    return office, codes, period, definition["criteria"]


def figures(criterion, bump):
    """A value meeting `criterion`; `bump` changes it (for the update run)."""
    measure = criterion["measure"]
    if measure == "boolean":
        return {"achieved": not bump}
    if measure == "percentage":
        return {"percentage": 95 - bump}
    if measure == "count":
        return {"count": 3 + bump}
    return {"numerator": 9 - bump, "denominator": 10}


def rows(codes, period, criteria, bump):
    return [{"campaign": "BENCH/KH", "unit": code, "period": period, "criterion": c["code"], **figures(c, bump)}
            for code in codes for c in criteria]


def as_csv(rows):
    out = io.StringIO()
    columns = ["campaign", "unit", "period", "criterion", "numerator", "denominator", "percentage", "count", "achieved", "note"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in row.items()})
    return ("\ufeff" + out.getvalue()).encode()


def timed_import(base, token, query, body, content_type):
    """POSTs an import and waits for its end: (seconds, the import as finished)."""
    start = time.perf_counter()
    request = urllib.request.Request(base + "/api/v1/imports" + query, data=body, method="POST",
                                     headers={"authorization": f"Bearer {token}", "content-type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:
            status, view = answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        status, view = error.code, json.load(error)
    while status == 202 or view.get("status") in ("queued", "running"):
        time.sleep(0.02)
        status, _, view = must(call(base, "GET", f"/api/v1/imports/{view['id']}", token), 200)
    return time.perf_counter() - start, view


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--port", type=int, default=18300, help="the first server's port (one more per backend)")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "thidua"], cwd=ROOT, check=True)
    results = new_results(units=args.units, backends={})
    backends = ["sqlite"] + (["postgres"] if pg_answers() else [])
    for backend in backends:
        print(f"== {backend}")
        with fresh_database(backend) as (url, folder):
            server = Server(url, args.port + len(results["backends"]), folder, demo=True)
            try:
                token, codes, period, criteria = prepare(server.base, args.units)
                created, updated = rows(codes, period, criteria, 0), rows(codes, period, criteria, 1)
                json_body = json.dumps({"rows": created}).encode()
                csv_body = as_csv(updated)
                print(f"    {len(created)} values ({args.units} units × {len(criteria)} criteria); "
                      f"JSON {len(json_body) / 1e6:.1f} MB, CSV {len(csv_body) / 1e6:.1f} MB")
                runs = {}
                for name, query, body, kind in [
                    ("json_dry_run", "?dry_run=true", json_body, "application/json"),
                    ("json_create", "", json_body, "application/json"),
                    ("csv_dry_run", "?dry_run=true", csv_body, "text/csv"),
                    ("csv_update", "", csv_body, "text/csv"),
                ]:
                    seconds, view = timed_import(server.base, token, query, body, kind)
                    runs[name] = {"seconds": round(seconds, 2), "status": view.get("status"), "summary": view.get("summary"),
                                  "problems": len(view.get("problems", []))}
                    print(f"    {name}: {seconds:.2f} s, {view.get('status')}, {view.get('summary')}, "
                          f"{len(view.get('problems', []))} problems")
                results["backends"][backend] = runs
            finally:
                server.stop()
    write_results("imports", results)


if __name__ == "__main__":
    main()
