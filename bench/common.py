"""What the benchmark scripts share: where the release binary is, how a
server is started on a database of its own, whether PostgreSQL answers."""

import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "thidua")
ADMIN_PASSWORD = "mật khẩu đo hiệu năng"
PG_SERVER = os.environ.get("THIDUA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


class Server:
    """The release build serving `database_url` on `port`; with `demo`, the demo data loaded first;
    `settings`: more environment variables (`THIDUA_…`)."""

    def __init__(self, database_url, port, data_dir, demo=False, settings=None):
        env = dict(os.environ, THIDUA_BIND=f"127.0.0.1:{port}", THIDUA_DATA_DIR=data_dir,
                   THIDUA_ADMIN_PASSWORD=ADMIN_PASSWORD, RUST_LOG="warn", THIDUA_DB_POOL_SIZE="16",
                   THIDUA_JWT_SECRET="benchmark-signing-key-of-32-bytes-or-more", DATABASE_URL=database_url)
        env.update(settings or {})
        if demo:
            subprocess.run([BINARY, "demo"], env=env, check=True, capture_output=True)
        self.process = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(1200):
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("the server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def pg_answers():
    """Whether PostgreSQL answers on PG_SERVER."""
    return subprocess.run(["psql", PG_SERVER + "/postgres", "-qAtc", "SELECT 1"], capture_output=True).returncode == 0


@contextlib.contextmanager
def fresh_database(backend):
    """A new empty database of `backend` (`sqlite` or `postgres`) and a data folder
    for the server: `(url, folder)`, both removed afterwards (stop the server first)."""
    folder = tempfile.mkdtemp()
    pg_db = f"bench_{uuid.uuid4().hex[:12]}" if backend == "postgres" else None
    if pg_db:
        subprocess.run(["psql", PG_SERVER + "/postgres", "-qc", f"CREATE DATABASE {pg_db}"], check=True)
        url = f"{PG_SERVER}/{pg_db}"
    else:
        url = "sqlite://" + os.path.join(folder, "thidua.db")
    try:
        yield url, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if pg_db:
            subprocess.run(["psql", PG_SERVER + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)"])


def new_results(**fields):
    """The start of a results file: when, on how many cores, and `fields`."""
    return {"when": datetime.datetime.now(datetime.timezone.utc).isoformat(), "cores": os.cpu_count(), **fields}


def write_results(name, results):
    """Writes `results` to bench/results/<name>-<time>.json and says where."""
    out_dir = os.path.join(ROOT, "bench", "results")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}-{int(time.time())}.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    print(f"written to {path}")
