"""Start and stop a real Neo4j 5.26 Community server for tests (stdlib only).

    from tests.neo4j_server.launcher import start_server, stop_server
    proc, uri = start_server(tmp_dir, "secret-password")   # uri = bolt://127.0.0.1:PORT
    ...  # neo4j.GraphDatabase.driver(uri, auth=("neo4j", "secret-password"))
    stop_server(proc)

The server is the Java program in this folder, built with Maven on first use
(`mvn -q -f tests/neo4j_server/pom.xml package`). It runs until its stdin
reaches EOF, so it also goes away when the Python process dies, even by kill -9.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
SOURCES = HERE / "src"
JAR = HERE / "target" / "neo4j-test-server.jar"
LIB = HERE / "target" / "lib"
READY_PREFIX = "NEO4J_READY "
USER = "neo4j"

# The 256m page cache is set in the Java class; the heap is set here. SerialGC keeps the
# idle RSS ~120 MB below G1's on a small shared machine (2 cores).
DEFAULT_JVM_OPTS = ("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC")


class Neo4jServerError(RuntimeError):
    """The test Neo4j server could not be built or started."""


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise Neo4jServerError(
            f"'{tool}' not found on PATH: the Neo4j test server needs Java 17+ and Maven 3.8+ "
            "(Debian: apt-get install openjdk-17-jdk-headless maven)"
        )
    return path


def _newest_input_mtime() -> float:
    files = [POM, *(p for p in SOURCES.rglob("*") if p.is_file())]
    return max(p.stat().st_mtime for p in files)


def jar_is_stale() -> bool:
    return not JAR.exists() or not LIB.is_dir() or JAR.stat().st_mtime < _newest_input_mtime()


def build_jar(force: bool = False, timeout: float = 900) -> Path:
    """Build target/neo4j-test-server.jar (+ target/lib/) if missing or older than its sources."""
    if not force and not jar_is_stale():
        return JAR
    mvn = _need("mvn")
    _need("java")
    JAR.parent.mkdir(exist_ok=True)
    with open(JAR.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers: build once
        if force or jar_is_stale():
            _run_maven(mvn, timeout)
    return JAR


def _run_maven(mvn: str, timeout: float) -> None:
    try:
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "package"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise Neo4jServerError(f"mvn package did not finish within {timeout:.0f} s") from exc
    if result.returncode != 0 or not JAR.exists():
        raise Neo4jServerError(f"mvn package failed (exit {result.returncode}):\n{result.stdout[-4000:]}")
    JAR.touch()  # maven-jar-plugin may keep an unchanged jar's old mtime


def start_server(
    tmp_dir: str | os.PathLike[str],
    password: str,
    port: int = 0,
    settings: dict[str, str] | None = None,
    timeout: float = 120,
    jvm_opts: tuple[str, ...] = DEFAULT_JVM_OPTS,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start Neo4j with its home in tmp_dir; return (process, "bolt://127.0.0.1:PORT").

    port=0 picks a free port. settings are extra Neo4j settings, e.g.
    {"db.transaction.timeout": "30s"}. The server's output goes to tmp_dir/server.out.
    """
    if len(password) < 8:
        raise ValueError("Neo4j needs a password of at least 8 characters")
    build_jar()
    java = _need("java")
    home = Path(tmp_dir).resolve()
    home.mkdir(parents=True, exist_ok=True)
    out_path = home / "server.out"
    args = [java, *jvm_opts, "-jar", str(JAR), str(home / "neo4j"), str(port)]
    args += [f"{k}={v}" for k, v in (settings or {}).items()]
    env = dict(os.environ, NEO4J_PASSWORD=password)
    with open(out_path, "wb") as out:
        # stdin stays an open pipe: the server stops when it reaches EOF.
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    while True:
        text = out_path.read_text(errors="replace")
        for line in text.splitlines():
            if line.startswith(READY_PREFIX):
                return proc, line[len(READY_PREFIX) :].strip()
        if proc.poll() is not None:
            raise Neo4jServerError(f"Neo4j exited with code {proc.returncode} before it was ready:\n{text[-4000:]}")
        if time.monotonic() > deadline:
            stop_server(proc)
            raise Neo4jServerError(f"Neo4j was not ready within {timeout:.0f} s:\n{text[-4000:]}")
        time.sleep(0.1)


def stop_server(proc: subprocess.Popen[bytes], timeout: float = 20) -> int:
    """Stop the server (close its stdin; SIGTERM, then SIGKILL as fallbacks); return its exit code."""
    if proc.poll() is None:
        try:
            if proc.stdin and not proc.stdin.closed:
                proc.stdin.close()
            return proc.wait(timeout=timeout)
        except (subprocess.TimeoutExpired, OSError):
            proc.terminate()
            try:
                return proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
    return proc.wait()
