#!/usr/bin/env python3
"""Time the site build on synthetic corpora grown from the real reports, against a plain MkDocs + Material build.

Run it with the project's virtual environment: ``make bench`` (200 reports; ``BENCH_ARGS="--large"`` adds
1,000) or ``.venv/bin/python scripts/benchmark.py --help``. It is a benchmark, not a test: it prints figures
and PASS/FAIL against the targets; its exit status is non-zero only when something broke (a generated
corpus failed the check, a build failed), never because a target was missed.

For each size N (reports):

1. **Generate** a throw-away project: a copy of the real ``mkdocs.yml`` (unchanged), ``overrides/``,
   ``CONTRIBUTING.md``, the hand-written pages and assets of ``docs/`` and ``annotations/schema.json``,
   with ``macros/`` a link to this repository's package. Its N reports are copies of the real ones in
   ``docs/reports/`` (report ``bNNNN-<slug>`` copies real report ``NNNN mod R``), a few words varied
   (a different set of word swaps per copy, applied alike to the text and to the quotes) and
   ``(copy C)`` added to its title. Its annotations are the real annotations of that report with ids
   ``bNNNN-<real id>``: about ``--per-report`` of them (20 by default, so 20,000 at 1,000 reports), taken
   from each real report in proportion to how many it has. Relations keep their target when the target
   was copied into the same copy of its report, and are dropped otherwise. Topics and actors are the
   real ones, in K = ``ceil(N / 250)`` copies (id ``<id>-J``) when N > 250. Nothing is random.
2. **Check** it with ``python -m macros --root DIR check``, timed (the contributor's loop: a first, cold
   check fills the rendered-text cache, ``.cache/``; a second, warm one reads it).
3. **Full**: ``mkdocs build --strict`` of the real site (``mkdocs.yml``: our plugin, mkdocs-macros, search),
   from a cold cache (``.cache/`` removed first, as on a fresh clone in CI).
4. **Plain**: a plain Material build of the same pages: ``plain.yml`` inherits ``mkdocs.yml`` (MkDocs'
   ``INHERIT``) with ``hooks: []``, the plugins but ours and mkdocs-macros (that is, search) and
   ``docs_dir: plain-docs``, a copy of ``docs/`` (the reports' Markdown and the hand-written pages, their
   macro calls left as text) plus, for every page the layer generates (topic, actor, briefing, index
   pages, the guide), a page at the same path holding its title only: the same page paths and prose,
   no generated cards. Links to pages are ``info`` there (a hand-written page's link may need a card).

Each build runs in its own process (reaped with ``os.wait4``): CPU time (user + system), wall time and peak
resident memory (``ru_maxrss``). The process is ``mkdocs build`` started through this script (``--child``),
which first wraps a few entry points in CPU timers for the per-phase split, each phase counting its own time
without the phases nested in it: **ours** (every event of our plugin and of mkdocs-macros: the check,
index, cards, pages, exports, highlighting), **markdown** (``Page.render``: Python-Markdown and MkDocs'
link handling), **search** (the search plugin's events: Pagefind's, with the CPU time of the Pagefind process
it runs, or Material's), **templates** (``_build_page``: the theme's Jinja templates and writing each page)
and **other** (the rest: start-up, reading the config, copying files). The wrappers cost a few thousand
calls per build, nothing next to a build. The peak memory is the largest process's, MkDocs' or Pagefind's
(which indexes the written site in a process of its own); the peaks of each follow it. Pagefind's is the
largest of MkDocs' child processes, and Linux counts a child's memory from its parent's until it starts
its own program: where Pagefind needs less than MkDocs (200 reports), its figure reads as MkDocs' own.

Then the site: its size, its HTML pages over 500 KB gzipped (level 6) and the largest ones, and what the first
search downloads: with Material's search, ``search/search_index.json`` (gzipped) on every page; with a
Pagefind index (``pagefind/``), a bound: its scripts and WebAssembly, each part's entry, metadata, largest
chunk and filter file, and the five largest fragments (``first_search_kb``).

Targets: full/plain CPU <= 1.5 at every size; at 1,000 reports full <= 30 s CPU and <= 600 MB peak memory,
the site < 150 MB with no HTML page over 500 KB gzipped, the first search download <= 300 KB; the warm check
under 4 s; doubling the corpus (N and 2N both given) costs <= 2.1 times the CPU time.
The targets use CPU time: the machine may be shared, and a build is one single-threaded process.
SITE_URL and REPO_URL are set to example addresses unless set.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros.yamlload import load_yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD_TARGET_S, RSS_TARGET_MB, LARGE = 30.0, 600.0, 1000
RATIO_TARGET = 1.5
DOUBLING_TARGET = 2.1
PAGE_TARGET_KB, SITE_TARGET_MB, SEARCH_TARGET_KB, CHECK_TARGET_S = 500.0, 150.0, 300.0, 4.0
PHASES = ("ours", "markdown", "search", "templates")
SCALE_STEP = 250  # one more copy of the topics and actors per 250 reports
ENV_DEFAULTS = {"SITE_URL": "https://example.github.io/policy-reports/",
                "REPO_URL": "https://github.com/example/policy-reports", "NO_MKDOCS_2_WARNING": "1"}
# Word swaps that vary a copy's text (bit j of the copy number applies swap j); a swap whose new word
# already occurs in a real report is not used for that report, so that every quote still occurs once.
SWAPS = [("government", "administration"), ("policy", "strategy"), ("economic", "commercial"),
         ("technology", "engineering"), ("countries", "nations"), ("security", "safety"),
         ("cooperation", "collaboration"), ("companies", "firms"), ("national", "federal"),
         ("important", "significant"), ("new", "novel"), ("support", "assist"), ("research", "inquiry")]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the project's loader rejects anchors and aliases


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def load(text: str, path: str) -> Any:
    """YAML read as the project reads it (``no``, ``012`` and dates stay strings)."""
    loaded, problems = load_yaml(text, path)
    if loaded is None:
        sys.exit(f"cannot read {path}: {problems}")
    return loaded.data


@dataclass
class Seed:
    slug: str
    meta: dict[str, Any]
    body: str
    annotations: list[dict[str, Any]]
    swaps: list[tuple[re.Pattern[str], str]]


def load_seeds(root: Path = ROOT) -> list[Seed]:
    """The real reports and their annotations, the seed of every synthetic corpus."""
    seeds = []
    for page in sorted((root / "docs" / "reports").glob("*.md")):
        _, meta, body = page.read_text(encoding="utf-8").split("---\n", 2)
        path = root / "annotations" / f"{page.stem}.yml"
        anns = load(path.read_text(encoding="utf-8"), path.name)["annotations"] if path.exists() else []
        if not anns:
            continue  # a report not yet annotated seeds nothing
        text = body + repr(anns)
        swaps = [(re.compile(rf"\b{old}\b"), new) for old, new in SWAPS if not re.search(rf"\b{new}\b", text)]
        seeds.append(Seed(page.stem, load(meta, page.name), body, anns, swaps))
    return seeds


def copies(n: int) -> int:
    return max(1, math.ceil(n / SCALE_STEP))


def plan(seeds: list[Seed], n: int, per_report: float) -> list[list[int]]:
    """Which real annotations (by position) each synthetic report keeps: a share proportional to its seed's count."""
    capacity = sum(len(seeds[i % len(seeds)].annotations) for i in range(n))
    share, carry, chosen = min(1.0, per_report * n / capacity), 0.0, []
    for i in range(n):
        k = len(seeds[i % len(seeds)].annotations)
        carry += share * k
        q = max(1, min(k, round(carry)))
        carry -= q
        start = (i // len(seeds)) * 7 % k  # each copy keeps a different run of its report's annotations
        chosen.append(sorted((start + j) % k for j in range(q)))
    return chosen


def scaled(entries: list[dict[str, Any]], k: int, label: str) -> list[dict[str, Any]]:
    """``k`` copies of the topics or actors: ids ``<id>-J``, titles or names with ``(J)``."""
    if k == 1:
        return entries
    return [{**e, "id": f"{e['id']}-{j}", label: f"{e[label]} ({j})"} for j in range(k) for e in entries]


def generate(dest: Path, n: int, per_report: float = 20, seeds: list[Seed] | None = None) -> Path:
    """Write a project of ``n`` synthetic reports into ``dest`` (see the module's docstring)."""
    seeds = seeds or load_seeds()
    if dest.exists():
        sys.exit(f"{dest} exists: give --keep a new folder")
    (dest / "docs" / "reports").mkdir(parents=True)
    (dest / "annotations").mkdir()
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "annotations/schema.json"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    for src in (ROOT / "docs").iterdir():
        if src.name != "reports":
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / "docs" / src.name)
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    k, chosen, home = copies(n), plan(seeds, n, per_report), {}
    for s, seed in enumerate(seeds):
        home |= {a["id"]: s for a in seed.annotations}
    kept = [{seeds[i % len(seeds)].annotations[j]["id"] for j in js} for i, js in enumerate(chosen)]
    for name, key, label in (("topics", "topics", "title"), ("actors", "actors", "name")):
        real = load((ROOT / "annotations" / f"{name}.yml").read_text(encoding="utf-8"), name)[key]
        (dest / "annotations" / f"{name}.yml").write_text(dump({key: scaled(real, k, label)}), encoding="utf-8")
    for i, js in enumerate(chosen):
        seed, c = seeds[i % len(seeds)], i // len(seeds)
        swaps = [sw for b, sw in enumerate(seed.swaps) if c >> b & 1]

        def vary(text: str) -> str:
            for pattern, new in swaps:
                text = pattern.sub(new, text)
            return text

        def ref(ident: str) -> str:
            return ident if k == 1 else f"{ident}-{i % k}"

        slug = f"b{i:04d}-{seed.slug}"
        meta = {**seed.meta, "title": f"{vary(seed.meta['title'])} (copy {c + 1})"}
        (dest / "docs" / "reports" / f"{slug}.md").write_text(f"---\n{dump(meta)}---\n{vary(seed.body)}", encoding="utf-8")
        anns = []
        for j in js:
            real = seed.annotations[j]
            ann = {**real, "id": f"b{i:04d}-{real['id']}", "topics": [ref(t) for t in real.get("topics", [])],
                   "actors": [ref(a) for a in real.get("actors", [])],
                   "quote": {key: vary(value) for key, value in real["quote"].items()}}
            relations = []
            for rel in real.get("relations", []):  # the target's report, in the same copy as this one
                target = c * len(seeds) + home[rel["target"]] if rel["target"] in home else n
                if target < n and rel["target"] in kept[target]:
                    relations.append({**rel, "target": f"b{target:04d}-{rel['target']}"})
            ann.pop("relations", None)
            anns.append(ann | ({"relations": relations} if relations else {}))
        (dest / "annotations" / f"{slug}.yml").write_text(dump({"report": slug, "annotations": anns}), encoding="utf-8")
    write_plain_config(dest)
    return dest


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav and plugins: MkDocs' own tags (!ENV) read as null."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)


def write_plain_config(project: Path) -> Path:
    """The plain build's configuration (see the module's docstring); its pages come from ``plain_docs``."""
    real = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), _AnyTag)
    layer = ("annotations", "macros")  # our plugin and mkdocs-macros
    plugins = [p for p in real["plugins"] if (p if isinstance(p, str) else next(iter(p))) not in layer]
    config = {"INHERIT": "mkdocs.yml", "docs_dir": "plain-docs", "hooks": [], "plugins": plugins,
              "validation": {"links": {"not_found": "info", "anchors": "info"}}}
    path = project / "plain.yml"
    path.write_text(dump(config), encoding="utf-8")
    return path


def plain_docs(project: Path, site: Path) -> int:
    """``plain-docs/``: ``docs/`` as it is, plus a title-only page at the path of every page the full build
    (in ``site``) generated. Returns the number of pages added."""
    dest = project / "plain-docs"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(project / "docs", dest)
    have = {p.relative_to(dest).with_suffix("").as_posix() for p in dest.rglob("*.md")}
    added = 0
    for page in site.rglob("index.html"):
        path = page.parent.relative_to(site).as_posix()
        if path in (".", "404") or path in have or f"{path}/index" in have:
            continue
        found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
        title = re.sub(r"<[^>]+>", "", found.group(1)).replace("¶", "").strip() if found else path
        folder = next(page.parent.glob("*/index.html"), None) is not None  # topics/ is topics/index.md (the nav's name)
        target = dest / (f"{path}/index.md" if folder else f"{path}.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n", encoding="utf-8")
        added += 1
    return added


def check(project: Path) -> tuple[dict[str, int], float, float]:
    """Run the project's check twice (cold, then with the rendered-text cache warm): the counts it prints and
    the CPU seconds of each, or stop the benchmark with its problems."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    times = []
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"],
                              capture_output=True, text=True, env=build_env())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        found = re.match(r"OK: (\d+) reports, (\d+) annotations \((\d+) recommendations\), (\d+) topics, (\d+) actors",
                         done.stdout)
        if done.returncode or not found:
            sys.exit(f"the generated project {project} failed the check:\n{done.stdout}{done.stderr[-4000:]}")
    counts = dict(zip(("reports", "annotations", "recommendations", "topics", "actors"), map(int, found.groups())))
    return counts, times[0], times[1]


def build_env() -> dict[str, str]:
    return {**ENV_DEFAULTS, **os.environ}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    timed_out: bool
    phases: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, float] = field(default_factory=dict)  # MB: "build", MkDocs' own process
    pages: int = 0
    site_mb: float = 0.0
    largest: list[tuple[float, str]] = field(default_factory=list)
    over: int = 0
    search_kb: float | None = None
    search_what: str = ""


def build(project: Path, config: str, site: Path, timeout: float | None) -> Run:
    """One ``mkdocs build --strict`` in its own process (this script's ``--child``): wall, CPU, peak memory and
    the per-phase split; stop the run if it fails."""
    log, split = site.with_suffix(".log"), site.with_suffix(".phases.json")
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(split),
            "build", "--strict", "--clean", "-f", config, "-d", str(site)]
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=build_env(), start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL)) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode == -signal.SIGKILL)
    if proc.returncode and not run.timed_out:
        sys.exit(f"build failed: {' '.join(argv)} (in {project})\n{log.read_text(encoding='utf-8')[-4000:]}")
    if not run.timed_out:
        saved = json.loads(split.read_text(encoding="utf-8"))
        run.phases, run.peaks = saved["phases"], saved["peaks"]
        run.phases["other"] = max(0.0, run.cpu - sum(run.phases.values()))
        measure_site(run, site)
    return run


def measure_site(run: Run, site: Path) -> None:
    """Size, pages, the largest pages gzipped and what the first search downloads."""
    files = [p for p in site.rglob("*") if p.is_file()]
    run.site_mb = sum(p.stat().st_size for p in files) / 1e6
    gz = sorted(((len(gzip.compress(p.read_bytes(), 6)) / 1024, p.relative_to(site).as_posix())
                 for p in files if p.suffix == ".html"), reverse=True)
    run.pages, run.largest, run.over = len(gz), gz[:3], sum(kb > PAGE_TARGET_KB for kb, _ in gz)
    pagefind, material = site / "pagefind", site / "search" / "search_index.json"
    if pagefind.is_dir():
        run.search_kb = first_search_kb(pagefind)
        run.search_what = "Pagefind, at most: entry, scripts, wasm, meta, largest chunk, filter, 5 fragments"
    elif material.is_file():
        run.search_kb = len(gzip.compress(material.read_bytes(), 6)) / 1024
        run.search_what = "Material: search/search_index.json, gzipped, fetched on every page"


def first_search_kb(pagefind: Path) -> float:
    """A bound of what a first search downloads (tests/browser/test_search.py measures it in a browser): the
    scripts (served gzipped) and WebAssembly of the index's first part, and of every part (pagefind/parts.json)
    its entry, metadata, largest chunk and filter file; then the five largest fragments of all. Pagefind stores
    the index's files gzipped. A browser fetches the WebAssembly of one language, the one the entry names."""
    size = lambda folder, pattern: [p.stat().st_size for p in folder.glob(pattern)]  # noqa: E731
    served = lambda name: [len(gzip.compress((pagefind / name).read_bytes(), 6))]  # noqa: E731
    language = lambda part: next(iter(json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()))  # noqa: E731
    parts = [pagefind] + [pagefind / name for name in json.loads((pagefind / "parts.json").read_text(encoding="utf-8"))]
    total = served("pagefind.js") + served("pagefind-worker.js") + size(pagefind, f"wasm.{language(pagefind)['wasm']}.pagefind") \
        + size(pagefind, "parts.json")
    for part in parts:
        total += size(part, "pagefind-entry.json") + size(part, f"pagefind.{language(part)['hash']}.pf_meta") \
            + sorted(size(part, "index/*"), reverse=True)[:1] + sorted(size(part, "filter/*"), reverse=True)[:1]
    total += sorted((s for part in parts for s in size(part, "fragment/*")), reverse=True)[:5]
    return sum(total) / 1024


@dataclass
class Result:
    counts: dict[str, int]
    check_cold: float
    check_warm: float
    a: Run
    b: Run | None


def report(name: str, run: Run, timeout: float | None) -> None:
    if run.timed_out:
        print(f"  {name:<6} stopped after {timeout:.0f} s", flush=True)
        return
    split = ", ".join(f"{k} {run.phases.get(k, 0):.1f}" for k in (*PHASES, "other"))
    peaks = f" (MkDocs {run.peaks['build']:.0f} MB, Pagefind {run.peaks.get('search', 0):.0f} MB)" if run.peaks else ""
    print(f"  {name:<6} {run.cpu:6.1f} s CPU ({run.wall:.1f} s wall), peak {run.rss_mb:.0f} MB{peaks}; {run.pages} pages,"
          f" site {run.site_mb:.1f} MB\n         phases (s CPU): {split}", flush=True)


def bench_size(n: int, workdir: Path, args: argparse.Namespace, seeds: list[Seed]) -> Result:
    project = generate(workdir / str(n), n, args.per_report, seeds)
    counts, cold, warm = check(project)
    print(f"\n{counts['reports']:,} reports, {counts['annotations']:,} annotations ({counts['recommendations']:,}"
          f" recommendations), {counts['topics']} topics, {counts['actors']} actors; load average"
          f" {os.getloadavg()[0]:.1f}\n  check  {cold:.1f} s CPU cold, {warm:.1f} s warm (rendered text cached)", flush=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # the build starts cold, as in CI
    a = build(project, "mkdocs.yml", project / "site-a", args.timeout)
    report("full", a, args.timeout)
    b = None
    if not args.no_plain and not a.timed_out:
        added = plain_docs(project, project / "site-a")
        b = build(project, "plain.yml", project / "site-b", args.timeout)
        report("plain", b, args.timeout)
        if not b.timed_out:
            print(f"  full/plain: {a.cpu / b.cpu:.2f} CPU, {a.wall / b.wall:.2f} wall (plain: {added} title-only pages"
                  f" where the layer generates pages)", flush=True)
    if not a.timed_out:
        print("  largest pages, gzipped: " + "; ".join(f"{path} {kb:.0f} KB" for kb, path in a.largest)
              + f"; {a.over} over {PAGE_TARGET_KB:.0f} KB", flush=True)
        if a.search_kb is not None:
            print(f"  first search downloads {a.search_kb:.0f} KB ({a.search_what})", flush=True)
    return Result(counts, cold, warm, a, b)


def verdict(ok: bool | None, text: str) -> None:
    print(f"{'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {text}")


def summary(results: list[Result]) -> None:
    by_n = {r.counts["reports"]: r for r in results}
    print("\nTargets:")
    for n, r in sorted(by_n.items()):
        if r.b and not r.a.timed_out and not r.b.timed_out:
            ratio = r.a.cpu / r.b.cpu
            verdict(ratio <= RATIO_TARGET, f"{n:,} reports: full/plain {ratio:.2f} CPU (target <= {RATIO_TARGET})")
    large = by_n.get(LARGE)
    if large is None:
        verdict(None, f"{LARGE:,} reports: not run (--large)")
    elif large.a.timed_out:
        verdict(False, f"{LARGE:,} reports: the build was stopped at --timeout")
    else:
        a = large.a
        verdict(a.cpu <= BUILD_TARGET_S, f"{LARGE:,} reports build in {a.cpu:.1f} s CPU (target <= {BUILD_TARGET_S:.0f} s)")
        own = f"; MkDocs' own {a.peaks['build']:.0f} MB, Pagefind's {a.peaks.get('search', 0):.0f} MB" if a.peaks else ""
        verdict(a.rss_mb <= RSS_TARGET_MB, f"{LARGE:,} reports: peak memory {a.rss_mb:.0f} MB (target <= {RSS_TARGET_MB:.0f} MB{own})")
        verdict(a.site_mb < SITE_TARGET_MB, f"{LARGE:,} reports: site {a.site_mb:.0f} MB (target < {SITE_TARGET_MB:.0f} MB)")
        verdict(a.over == 0, f"{LARGE:,} reports: {a.over} HTML pages over {PAGE_TARGET_KB:.0f} KB gzipped (largest"
                             f" {a.largest[0][0]:.0f} KB)")
        if a.search_kb is not None:
            verdict(a.search_kb <= SEARCH_TARGET_KB, f"{LARGE:,} reports: first search downloads {a.search_kb:.0f} KB"
                                                     f" (target <= {SEARCH_TARGET_KB:.0f} KB)")
        verdict(large.check_warm < CHECK_TARGET_S, f"{LARGE:,} reports: warm check {large.check_warm:.1f} s CPU"
                                                   f" (target < {CHECK_TARGET_S:.0f} s)")
    for n in sorted(by_n):
        if 2 * n in by_n and not (by_n[n].a.timed_out or by_n[2 * n].a.timed_out):
            ratio = by_n[2 * n].a.cpu / by_n[n].a.cpu
            verdict(ratio <= DOUBLING_TARGET, f"doubling {n} -> {2 * n} reports costs {ratio:.2f}x the CPU time"
                                              f" (target <= {DOUBLING_TARGET}x)")


def child(split_path: str, mkdocs_args: list[str]) -> None:
    """``mkdocs`` with CPU timers on the phases (see the module's docstring); the split goes to ``split_path``."""
    import atexit

    import mkdocs.commands.build as mk_build
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.__main__ import cli
    from mkdocs.structure.pages import Page
    from mkdocs_macros.plugin import MacrosPlugin

    from macros.glue.plugin import AnnotationsPlugin
    from macros.glue.search import PagefindPlugin

    def cpu() -> float:
        """This process's CPU time and its finished children's: Pagefind indexes in a process of its own."""
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    spent = dict.fromkeys(PHASES, 0.0)
    stack: list[float] = []  # per open phase: the CPU time its nested phases took

    def timed(phase: str, func: Any) -> Any:
        @functools.wraps(func)  # keeps an event's priority (mkdocs_priority): the order of the events is the build's
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = cpu()
            stack.append(0.0)
            try:
                return func(*args, **kwargs)
            finally:
                total = cpu() - start
                spent[phase] += total - stack.pop()
                if stack:
                    stack[-1] += total
        return wrapper

    for cls, phase in ((AnnotationsPlugin, "ours"), (MacrosPlugin, "ours"), (SearchPlugin, "search"), (PagefindPlugin, "search")):
        for name in [n for n in vars(cls) if n.startswith("on_")]:
            setattr(cls, name, timed(phase, getattr(cls, name)))
    Page.render = timed("markdown", Page.render)
    mk_build._build_page = timed("templates", mk_build._build_page)
    def save() -> None:  # the phases, and the peaks of MkDocs' own process and of its children (Pagefind's)
        peaks = {"build": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                 "search": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
        Path(split_path).write_text(json.dumps({"phases": spent, "peaks": peaks}), encoding="utf-8")

    atexit.register(save)
    cli(mkdocs_args, prog_name="mkdocs")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200], help="numbers of reports (default: 200)")
    parser.add_argument("--large", action="store_true", help=f"add {LARGE:,} reports (the targets at that size)")
    parser.add_argument("--per-report", type=float, default=20, help="annotations per report (default 20)")
    parser.add_argument("--timeout", type=float, default=600, help="stop a build after this many seconds (default 600)")
    parser.add_argument("--keep", type=Path, help="generate the projects under this folder and keep them")
    parser.add_argument("--no-plain", action="store_true", help="build the full site only")
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes + ([LARGE] if args.large else [])))
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], argv[2:])
        return 0
    args = parse_args(argv)
    seeds = load_seeds()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f};"
          f" seed: {len(seeds)} real reports, {sum(len(s.annotations) for s in seeds)} annotations", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [bench_size(n, workdir, args, seeds) for n in args.sizes]
    summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
