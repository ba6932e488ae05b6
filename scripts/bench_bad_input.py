"""Benchmark: how fast the check and the build reject a huge report with quotes that do not anchor.

A contributor's mistake (or a hostile pull request) must not stall CI. The target, from the hardening
issue: on this repository's reports plus one synthetic report of about 3 MB whose annotation file has
6 quotes that do not anchor, `python -m macros check` and `mkdocs build --strict` each fail, naming the
6 quotes, in under 3 s. The synthetic report repeats the real reports' text (headings, lists,
footnotes with fresh labels), so Markdown does the work it does on real reports.

Usage: python scripts/bench_bad_input.py [--megabytes 3] [--quotes 6] [--keep DIR]
Prints the wall and CPU time of each command (separate processes) and PASS or FAIL per target.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0
META = """title: "A Very Long Synthetic Report"
title_supplied: false
authors:
  - name: "Synthetic Author"
publisher: "Benchmark Institute"
date: "2021-03-18"
date_precision: day
url: "https://example.org/long-report"
completeness: full
completeness_note: "Generated text for a benchmark."
"""


def make_project(dest: Path, megabytes: float, quotes: int) -> None:
    """A copy of this site (config, pages, data) plus one long report whose quotes do not anchor."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, dest / name)
    for name in ("docs", "annotations", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "macros").symlink_to(ROOT / "macros")
    bodies = [re.split(r"^---\n.*?\n---\n", p.read_text(encoding="utf-8"), maxsplit=1, flags=re.S | re.M)[-1]
              for p in sorted((ROOT / "docs" / "reports").glob("*.md"))]
    parts, size, copy = [], 0, 0
    while size < megabytes * 1_000_000:
        for body in bodies:
            text = re.sub(r"\[\^([^\]]+)\]", lambda m: f"[^{m.group(1)}-{copy}]", body)
            parts.append(f"## Part {copy}\n\n{text}")
            size, copy = size + len(text), copy + 1
    (dest / "docs" / "reports" / "long-report.md").write_text(f"---\n{META}---\n\n" + "\n\n".join(parts), encoding="utf-8")
    topic = re.search(r"^  - id: (\S+)", (ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"), re.M).group(1)
    entries = "".join(f'  - id: long-{i}\n    kind: claim\n    claim_type: assessment\n    quote:\n'
                      f'      exact: "A sentence number {i} that the report does not contain"\n'
                      f'    summary: "Nothing."\n    topics: [{topic}]\n    actors: []\n' for i in range(quotes))
    (dest / "annotations" / "long-report.yml").write_text(f"report: long-report\nannotations:\n{entries}", encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall time, CPU time (user + system) of the child, its exit status and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode, done.stdout + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=3.0, help="size of the synthetic report (default 3)")
    parser.add_argument("--quotes", type=int, default=6, help="quotes that do not anchor (default 6)")
    parser.add_argument("--keep", type=Path, help="build the project in this (new) folder and keep it")
    args = parser.parse_args(argv)
    dest = args.keep or Path(tempfile.mkdtemp(prefix="bench-bad-input-"))
    dest.mkdir(parents=True, exist_ok=True)
    make_project(dest, args.megabytes, args.quotes)
    size = (dest / "docs" / "reports" / "long-report.md").stat().st_size
    print(f"project: {dest} (long report {size:,} bytes, {args.quotes} quotes that do not anchor)")
    ok = True
    for name, command in (("check", [sys.executable, "-m", "macros", "check"]),
                          ("build", [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest / "site")])):
        wall, cpu, status, output = timed(command, dest)
        named = len(re.findall(r"long-report\.yml:\d+:\d+: long-\d+: quote not found", output))
        passed = status != 0 and named == args.quotes and wall < TARGET_SECONDS
        ok &= passed
        print(f"{name:6} wall {wall:5.2f} s  cpu {cpu:5.2f} s  exit {status}  quotes named {named}/{args.quotes}  "
              f"{'PASS' if passed else 'FAIL'} (fails naming every quote in < {TARGET_SECONDS:.0f} s)")
    if not args.keep:
        shutil.rmtree(dest)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
