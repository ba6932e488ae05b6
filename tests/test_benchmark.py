"""The benchmark at a tiny size: it prints figures, and its synthetic project is valid data grown from the real reports.

Only invariants are tested here; timings belong to ``make bench``, never to the test suite.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow  # generates synthetic projects and runs the check on them: seconds, not the edit-test loop

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "benchmark.py"
PAGE_IDS = {"index", "citation", "annotations-in-this-report"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


def _check(project: Path) -> str:
    done = _run("-m", "macros", "--root", str(project), "check")
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    keep = tmp_path_factory.mktemp("bench")
    done = _run(str(SCRIPT), "--sizes", "4", "8", "--keep", str(keep))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, keep


@pytest.mark.slow
def test_prints_a_row_of_figures_per_build_and_the_targets(bench_run: tuple[str, Path]) -> None:
    out, _ = bench_run
    number = r"\s+[\d.]+"
    for reports in (4, 8):
        for build in (r"\(a\) layer", r"\(b\) plain"):
            assert re.search(rf"^\s+{reports}\s+\d+\s+\d+\s+\d+\s+\d+\s+{build}({number}){{5}}$", out, re.M), out
    assert "(a)/(b):" in out
    assert re.search(r"^(PASS|FAIL)  doubling 4 -> 8 reports costs \(a\) [\d.]+x", out, re.M), out
    assert re.search(r"^n/a   1,000 reports", out, re.M), out


@pytest.mark.slow
def test_synthetic_project_passes_the_check_and_both_sites_are_built(bench_run: tuple[str, Path]) -> None:
    _, keep = bench_run
    for n in (4, 8):
        project = keep / str(n)
        assert _check(project).startswith(f"OK: {n} reports, ")
        site_a, site_b = project / "site-a", project / "site-b"
        slugs = [p.stem for p in (project / "docs" / "reports").glob("*.md")]
        for slug in slugs:
            assert (site_a / "reports" / slug / "index.html").is_file() and (site_b / "reports" / slug / "index.html").is_file()
        assert (site_a / "tracker" / "index.html").is_file() and (site_a / "topics" / "index.html").is_file()
        assert not (site_b / "topics").exists() and not (site_b / "data" / "tracker.csv").exists()  # (b) has no annotation layer
        plain = yaml.safe_load((project / "plain.yml").read_text(encoding="utf-8"))
        assert plain["INHERIT"] == "mkdocs.yml" and plain["hooks"] == [] and plain["plugins"] == ["pagefind"]
        assert (project / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()


def _load_bench():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import benchmark
    finally:
        sys.path.remove(str(SCRIPT.parent))
    return benchmark


def test_generated_data_grows_from_the_real_reports_and_follows_the_rules(tmp_path: Path) -> None:
    bench = _load_bench()
    project = bench.generate(tmp_path / "p", 7, per_report=6)
    assert re.match(r"OK: 7 reports, \d+ annotations", _check(project))
    real = {p.stem: p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in (ROOT / "docs" / "reports").glob("*.md")}
    reports = sorted((project / "docs" / "reports").iterdir())
    slugs = {p.stem for p in reports}
    assert all(p.suffix == ".md" for p in reports) and len(slugs) == 7
    assert {p.name for p in (project / "annotations").iterdir()} == {"topics.yml", "actors.yml", "schema.json"} | {f"{s}.yml" for s in slugs}
    ids: list[str] = []
    for slug in slugs:
        seed = slug.split("-", 1)[1]
        assert seed in real  # every synthetic report copies a real one
        body = (project / "docs" / "reports" / f"{slug}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
        assert abs(len(body) - len(real[seed])) < len(real[seed]) * 0.05
        data = yaml.safe_load((project / "annotations" / f"{slug}.yml").read_text(encoding="utf-8"))
        assert data["report"] == slug and data["annotations"]
        ids += [a["id"] for a in data["annotations"]]
    assert len(ids) == len(set(ids))
    today = datetime.date.today().isoformat()
    dates = re.findall(r"\b\d{4}-\d{2}-\d{2}\b", "".join(p.read_text(encoding="utf-8") for p in (project / "annotations").glob("*.yml")))
    assert dates and max(dates) <= today  # nothing dated in the future
    assert all(re.fullmatch(r"b\d{4}-[a-z0-9-]+", i) and i not in PAGE_IDS and not i.startswith("card-") for i in ids)


def test_topics_and_actors_scale_with_the_corpus(tmp_path: Path) -> None:
    bench = _load_bench()
    seeds = bench.load_seeds()
    project = bench.generate(tmp_path / "p", 251, per_report=1, seeds=seeds)
    real_topics = yaml.safe_load((ROOT / "annotations" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    topics = yaml.safe_load((project / "annotations" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    assert len(topics) == 2 * len(real_topics)
    assert sum(len(c) for c in bench.plan(seeds, 1000, 20)) == pytest.approx(20000, rel=0.01)
    assert _check(project).startswith("OK: 251 reports, ")
