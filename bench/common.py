"""What the benchmark scripts share: where the release binary is, how a
server is started on a database of its own, whether PostgreSQL answers."""

import os
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "thidua")
ADMIN_PASSWORD = "mật khẩu đo hiệu năng"
PG_SERVER = os.environ.get("THIDUA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


class Server:
    """The release build serving `database_url` on `port`; with `demo`, the demo data loaded first."""

    def __init__(self, database_url, port, data_dir, demo=False):
        env = dict(os.environ, THIDUA_BIND=f"127.0.0.1:{port}", THIDUA_DATA_DIR=data_dir,
                   THIDUA_ADMIN_PASSWORD=ADMIN_PASSWORD, RUST_LOG="warn", THIDUA_DB_POOL_SIZE="16",
                   THIDUA_JWT_SECRET="benchmark-signing-key-of-32-bytes-or-more", DATABASE_URL=database_url)
        if demo:
            subprocess.run([BINARY, "demo"], env=env, check=True, capture_output=True)
        self.process = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(200):
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
