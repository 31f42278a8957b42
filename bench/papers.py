#!/usr/bin/env python3
"""Times the papers: an award decision of 200 lines (and its 200 Giấy khen)
rendered as PDF and as DOCX by the release build of
`examples/render_decision.rs` — the layout and the writers, what a
`GET /api/v1/award-decisions/{id}/document` spends besides reading the
record. The issue's bar: a decision of 200 lines in under a second.

    python3 bench/papers.py [--lines 200] [--runs 10]

Prints the figures and writes them to bench/results/papers-<time>.json.
"""

import argparse
import datetime
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--example", "render_decision"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "examples", "render_decision")
    out = subprocess.run([binary, "--lines", str(args.lines), "--runs", str(args.runs)],
                         check=True, capture_output=True, text=True).stdout
    figures = json.loads(out)
    for paper in ("decision_pdf", "decision_docx", "certificates_pdf", "certificates_docx"):
        f = figures[paper]
        print(f"{paper:18} {args.lines} lines: p50 {f['p50_ms']:8.1f} ms, max {f['max_ms']:8.1f} ms, "
              f"{f['bytes'] / 1024:8.1f} KiB")
    results = os.path.join(ROOT, "bench", "results")
    os.makedirs(results, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    with open(os.path.join(results, f"papers-{stamp}.json"), "w") as f:
        json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
