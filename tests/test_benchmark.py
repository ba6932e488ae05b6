"""The benchmark at a tiny size: it prints figures, and its synthetic project is valid data grown from the real reports.

Only invariants are tested here; timings belong to ``make bench``, never to the test suite.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
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
def test_prints_every_figure_per_size_and_the_targets(bench_run: tuple[str, Path]) -> None:
    out, _ = bench_run
    for reports in (4, 8):
        block = out.split(f"\n{reports} reports, ", 1)[1].split("\n\n", 1)[0]
        assert re.search(r"check\s+[\d.]+ s CPU cold, [\d.]+ s warm", block), block
        for build in ("full", "plain"):
            found = re.search(rf"^  {build}\s+[\d.]+ s CPU \([\d.]+ s wall\), peak (\d+) MB \(MkDocs (\d+) MB, Pagefind (\d+) MB\);"
                              r" \d+ pages, site [\d.]+ MB$", block, re.M)
            assert found and int(found[1]) == max(int(found[2]), int(found[3])), block  # the run's peak is its largest process's
            assert int(found[2]) > 0 and int(found[3]) > 0, block  # both sites are searched with Pagefind
        phases = re.findall(r"phases \(s CPU\): ours ([\d.]+), markdown ([\d.]+), search ([\d.]+), templates ([\d.]+), other ([\d.]+)", block)
        assert len(phases) == 2 and float(phases[0][0]) > 0 and float(phases[1][0]) == 0  # the plain build runs none of ours
        assert float(phases[0][1]) > 0 and float(phases[0][3]) > 0
        assert re.search(r"full/plain: [\d.]+ CPU", block)
        assert re.search(r"largest pages, gzipped: reports/b\d{4}-[a-z0-9-]+/index.html \d+ KB", block), block
        assert re.search(r"first search downloads \d+ KB \(Pagefind, at most: ", block), block  # searched with Pagefind
    assert re.search(r"^(PASS|FAIL)  4 reports: full/plain [\d.]+ CPU \(target <= 1.5\)$", out, re.M), out
    assert re.search(r"^(PASS|FAIL)  doubling 4 -> 8 reports costs [\d.]+x", out, re.M), out
    assert re.search(r"^n/a   1,000 reports: not run", out, re.M), out


@pytest.mark.slow
def test_plain_build_has_the_same_pages_and_prose_without_the_layer(bench_run: tuple[str, Path]) -> None:
    _, keep = bench_run
    for n in (4, 8):
        project = keep / str(n)
        assert _check(project).startswith(f"OK: {n} reports, ")
        site_a, site_b = project / "site-a", project / "site-b"
        pages_a = {p.relative_to(site_a) for p in site_a.rglob("*.html")}
        pages_b = {p.relative_to(site_b) for p in site_b.rglob("*.html")}
        assert pages_a == pages_b  # the same page paths
        assert (site_a / "topics" / "index.html").is_file() and (site_a / "briefing").is_dir()
        assert not (site_b / "data" / "tracker.csv").exists() and not list(site_b.rglob("*.jsonld"))  # no layer
        assert not (site_b / "reports").joinpath(next(iter((project / "docs" / "reports").glob("*.md"))).stem) \
            .joinpath("index.html").read_text(encoding="utf-8").count("anno-card")
        for report in (project / "docs" / "reports").glob("*.md"):  # the same prose
            assert (project / "plain-docs" / "reports" / report.name).read_bytes() == report.read_bytes()
        topic = next((project / "plain-docs" / "topics").glob("*.md"))
        assert re.fullmatch(r"# [^\n]+\n", topic.read_text(encoding="utf-8"))  # a generated page: its title only
        plain = yaml.safe_load((project / "plain.yml").read_text(encoding="utf-8"))
        assert plain["INHERIT"] == "mkdocs.yml" and plain["hooks"] == [] and plain["plugins"] == ["pagefind"]
        assert plain["docs_dir"] == "plain-docs"
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


def test_the_first_search_figure_counts_what_a_browser_fetches_once(tmp_path: Path) -> None:
    """What tests/browser/test_search.py sees a first search fetch: the scripts (which the server gzips) and the
    WebAssembly of the first part's language, once; of each part (pagefind/parts.json) its entry, metadata and
    one chunk and filter file; five fragments (Pagefind stores these gzipped). The largest stand for the ones a
    query needs, so the figure is a bound."""
    bench = _load_bench()
    pagefind = tmp_path / "site" / "pagefind"
    sizes = {"pagefind-entry.json": 200, "wasm.en.pagefind": 70_000, "wasm.unknown.pagefind": 68_000,
             "pagefind.en_abc.pf_meta": 3_000, "pagefind-ui.js": 120_000, "index/en_1.pf_index": 9_000,
             "index/en_2.pf_index": 4_000, "filter/en_1.pf_filter": 1_500, "filter/en_2.pf_filter": 500,
             "part-2/pagefind-entry.json": 200, "part-2/wasm.en.pagefind": 70_000, "part-2/pagefind.en_def.pf_meta": 2_000,
             "part-2/index/en_3.pf_index": 6_000, "part-2/index/en_4.pf_index": 1_000, "part-2/filter/en_3.pf_filter": 700,
             "part-2/fragment/en_9.pf_fragment": 6_500, "part-2/fragment/en_8.pf_fragment": 100}
    sizes |= {f"fragment/en_{i}.pf_fragment": 1_000 * i for i in range(1, 8)}
    for name, size in sizes.items():
        (pagefind / name).parent.mkdir(parents=True, exist_ok=True)
        (pagefind / name).write_bytes(os.urandom(size))
    (pagefind / "pagefind-entry.json").write_text(json.dumps({"languages": {"en": {"hash": "en_abc", "wasm": "en"}}}))
    (pagefind / "part-2" / "pagefind-entry.json").write_text(json.dumps({"languages": {"en": {"hash": "en_def", "wasm": "en"}}}))
    (pagefind / "parts.json").write_text('["part-2/"]')
    scripts = {"pagefind.js": "const a = 1;\n" * 3000, "pagefind-worker.js": "let b = 2;\n" * 2000}
    for name, text in scripts.items():
        (pagefind / name).write_text(text)
    run = bench.Run(1.0, 1.0, 1.0, False)
    bench.measure_site(run, tmp_path / "site")
    entries = [(pagefind / "pagefind-entry.json").stat().st_size, (pagefind / "part-2" / "pagefind-entry.json").stat().st_size]
    first = 70_000 + 3_000 + 9_000 + 1_500 + len('["part-2/"]')
    second = 2_000 + 6_000 + 700
    fragments = (7 + 6.5 + 6 + 5 + 4) * 1_000
    served = sum(len(gzip.compress(text.encode(), 6)) for text in scripts.values())
    assert served < 2_000  # the scripts count as served, gzipped, not as stored
    assert run.search_kb == pytest.approx((sum(entries) + first + second + fragments + served) / 1024)
