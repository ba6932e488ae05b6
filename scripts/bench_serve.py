"""Benchmark: how long a saved YAML edit takes to appear in `make serve` (the contributor's inner loop).

Copies this project to a temporary folder, starts `mkdocs serve` there exactly as `make serve` does (on a
free port), then, run after run, writes a new word into the first summary of a report's annotation file
and times from the save until the report page the server sends holds that word. The target (issue 15): on
the seed corpus, under 2 s. The server's own build times are in its log (--log).

Usage: python scripts/bench_serve.py [--runs 8] [--log FILE]
Prints each run's seconds (and, on Linux, the CPU seconds the server spent on it: on a busy machine the
wall time grows with the load, the CPU time much less), then the median and the slowest, and PASS or FAIL
against the target.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
# The command of `make serve`, less its fixed address.
SERVE = ["-m", "mkdocs", "serve", "--strict"]
_SUMMARY = re.compile(r"^( +)summary: >-\n( +)", re.M)


def copy_project(dest: Path) -> Path:
    """This project's site sources in ``dest`` (the core linked, not copied: it is the installed package)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, dest / name)
    for name in ("docs", "annotations", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "macros").symlink_to(ROOT / "macros")
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """Status and text of ``url`` (a 404 is an answer too: the preview may be showing its problem page)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds process ``pid`` has used so far (Linux' /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(root: Path, log: Path | None = None, timeout: float = 120) -> Iterator[tuple[str, int]]:
    """`mkdocs serve` on ``root`` at a free port on 127.0.0.1; yields its address and process id once the site is up."""
    port = free_port()
    out = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    server = subprocess.Popen([sys.executable, *SERVE, "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"mkdocs serve stopped with status {server.returncode}" + (f"; see {log}" if log else ""))
            with contextlib.suppress(OSError):
                if fetch(url)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("mkdocs serve did not come up in time")
            time.sleep(0.2)
        yield url, server.pid
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            out.close()


def edit_summary(path: Path, word: str) -> None:
    """Put ``word`` at the start of the first summary in the annotation file ``path`` (folded text)."""
    text = path.read_text(encoding="utf-8")
    found = _SUMMARY.search(text)
    if not found:
        raise ValueError(f"{path} has no folded summary")
    path.write_text(text[:found.end()] + word + " " + text[found.end():], encoding="utf-8")


def wait_for(url: str, word: str, start: float, timeout: float = 30) -> float:
    """Seconds from ``start`` (a perf_counter reading) until the page at ``url`` holds ``word``."""
    while word not in fetch(url)[1]:
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{word!r} did not appear at {url} within {timeout} s")
        time.sleep(0.02)
    return time.perf_counter() - start


def timed_edits(root: Path, url: str, pid: int, runs: int) -> list[tuple[float, float | None]]:
    """The seconds from each save to the report page served with the edit, and the server's CPU seconds."""
    source = sorted(p for p in (root / "annotations").glob("*.yml") if p.stem not in ("topics", "actors"))[0]
    page = f"{url}reports/{source.stem}/"
    times = []
    for run in range(runs):
        word = f"Preview{run}x{time.time_ns() % 10**9}"
        cpu, start = cpu_seconds(pid), time.perf_counter()
        edit_summary(source, word)
        wall = wait_for(page, word, start)
        after = cpu_seconds(pid)
        times.append((wall, after - cpu if cpu is not None and after is not None else None))
        time.sleep(0.5)  # a contributor does not save twice within half a second
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--log", type=Path, help="write the server's log to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root = copy_project(Path(tmp) / "project")
        with serve(root, args.log) as (url, pid):
            runs = timed_edits(root, url, pid, args.runs)
    for run, (seconds, cpu) in enumerate(runs, 1):
        print(f"run {run}: {seconds:.2f} s from save to the new page served"
              + (f" (server CPU {cpu:.2f} s)" if cpu is not None else ""))
    times = [seconds for seconds, _ in runs]
    median, worst = statistics.median(times), max(times)
    cpus = [cpu for _, cpu in runs if cpu is not None]
    if cpus:
        print(f"server CPU per edit: median {statistics.median(cpus):.2f} s")
    print(f"median {median:.2f} s, slowest {worst:.2f} s over {len(times)} runs; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    ok = median < TARGET_SECONDS
    print(f"{'PASS' if ok else 'FAIL'}: median under {TARGET_SECONDS:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
