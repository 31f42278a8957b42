#!/usr/bin/env python3
"""Reads a schemathesis HAR report: how many of the document's operations
answered 2xx at least once, and how many reports were approved.

Usage: .ci/schemathesis_reach.py OPENAPI_JSON HAR_FILE ROLE [--needs-approval]
Exits 1 with --needs-approval when no report was approved.
       .ci/schemathesis_reach.py --merge INTO_HAR FROM_HAR
Appends the requests of one HAR report to another's.
"""

import json
import re
import sys
from urllib.parse import urlsplit

if sys.argv[1] == "--merge":
    with open(sys.argv[2]) as f:
        into = json.load(f)
    with open(sys.argv[3]) as f:
        into["log"]["entries"] += json.load(f)["log"]["entries"]
    with open(sys.argv[2], "w") as f:
        json.dump(into, f)
    sys.exit(0)

document, har, role = sys.argv[1], sys.argv[2], sys.argv[3]
needs_approval = "--needs-approval" in sys.argv[4:]

with open(document) as f:
    paths = json.load(f)["paths"]
# Literal segments before parameters, as the router matches.
templates = sorted(paths, key=lambda p: [s.startswith("{") for s in p.split("/")])
patterns = [(t, re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", t) + "$")) for t in templates]
operations = {(method.upper(), t) for t, item in paths.items() for method in item if method in
              ("get", "put", "post", "patch", "delete")}

reached, approvals = set(), 0
with open(har) as f:
    entries = json.load(f)["log"]["entries"]
for entry in entries:
    status = entry["response"]["status"]
    if not 200 <= status < 300:
        continue
    method = entry["request"]["method"]
    path = urlsplit(entry["request"]["url"]).path
    template = next((t for t, pattern in patterns if pattern.match(path)), None)
    if template is None:
        continue
    reached.add((method, template))
    if method == "POST" and template == "/api/v1/reports/{id}/approve":
        approvals += 1

print(f"schemathesis as {role}: {len(reached & operations)} of {len(operations)} operations answered 2xx; "
      f"{approvals} report approvals; {len(entries)} requests")
if needs_approval and approvals == 0:
    print(f"FAIL: the {role} run approved no report: the links did not carry the workflow through", file=sys.stderr)
    sys.exit(1)
