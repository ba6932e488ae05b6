#!/usr/bin/env python3
"""Time the site build on synthetic corpora grown from the real reports, against plain MkDocs + Material.

Run it with the project's virtual environment: ``make bench`` (``BENCH_ARGS="--large"`` for 1,000
reports) or ``.venv/bin/python scripts/benchmark.py --help``. It is a benchmark, not a test: it prints
figures and PASS/FAIL against the targets; its exit status is non-zero only when something broke (a
generated corpus failed the check, a build failed), never because a target was missed.

For each size N (reports; by default 200 and 400, ``--large``: 500 and 1,000):

1. **Generate** a throw-away project: a copy of the real ``mkdocs.yml`` (unchanged), ``overrides/``,
   ``CONTRIBUTING.md``, the hand-written pages and assets of ``docs/`` and ``annotations/schema.json``,
   with ``macros/`` a link to this repository's package (the plugin and mkdocs-macros load it from the
   project folder, as in the real site). Its N reports are copies of the real ones in
   ``docs/reports/`` (report ``bNNNN-<slug>`` copies real report ``NNNN mod R``), a few words varied
   (a different set of word swaps per copy, applied alike to the text and to the quotes) and
   ``(copy C)`` added to its title. Its annotations are the real annotations of that report with ids
   ``bNNNN-<real id>``: about ``--per-report`` of them (20 by default, so 20,000 at 1,000 reports), taken
   from each real report in proportion to how many it has. Relations keep their target when the target
   was copied into the same copy of its report, and are dropped otherwise. Topics and actors are the
   real ones, in K = ``ceil(N / 250)`` copies (id ``<id>-J``) when N > 250 (200, 400, 500 and 1,000
   reports have 1, 2, 2 and 4: a doubled corpus has twice the topics and actors); report I uses copy I mod K.
   Nothing is random: the same N gives the same project. Reports are as long as the real ones (350 to
   5,000 words, 2,200 on average), so there is no option for their length.
2. **Check** it with ``python -m macros --root DIR check``; anything but "OK" stops the benchmark.
3. **(a)** ``python -m mkdocs build --strict -f mkdocs.yml -d site-a``: the real site, with its plugin
   and mkdocs-macros, exactly as ``make build`` runs it.
4. **(b)** ``python -m mkdocs build --strict -f plain.yml -d site-b``: the same site without the
   annotation layer. ``plain.yml`` is ``INHERIT: mkdocs.yml`` (MkDocs' own config inheritance) with
   ``hooks: []``, its plugins but ours and mkdocs-macros (that is, search), the nav entries whose page exists in
   ``docs/`` and ``validation.links.not_found: info`` (the hand-written pages link to topic and actor
   pages that only the layer makes). It builds the very same ``docs/`` folder: the same N report pages,
   hand-written pages (their macro calls left as text), assets, theme, Markdown extensions, search.

Why (b) is the fair baseline: it is what the plain tool does for the same publishing job, with the
same sources, configuration, interpreter and process model, and nothing taken away but our layer. So
(a) minus (b) is the whole cost of the layer: loading and checking the YAML, anchoring and
highlighting the quotes, and the pages and files it adds (topic, actor and index pages, tracker,
briefing book, exports). The ratio (a)/(b) is printed as that cost, not held to a target; (b) builds
fewer pages, so the ratio is not a like-for-like speed comparison of the same pages.

Each build runs in its own process (``subprocess`` in a new session, reaped with ``os.wait4``): wall
time around the process (start-up included, the same for both), CPU time (user + system) and peak
resident memory (``ru_maxrss``) of the child. On Linux a child's ``ru_maxrss`` is at least this
script's own resident size at the fork, which is a few tens of MB, far below a build's.
The targets use CPU time (``--clock wall`` for wall time): the machine may be shared, and a build is
one single-threaded process, so its CPU time is what an idle machine would show as wall time. SITE_URL
and REPO_URL are set to example addresses unless set, so pages carry edit links and absolute
addresses as on the deployed site.

Targets: the 1,000-report corpus builds (a) in <= 60 s; doubling the corpus costs (a) <= 2.1 times
the time (for each pair of sizes N and 2N); the tracker page (``tracker/index.html``, gzip level 6) is
<= 150 KB per 1,000 recommendations at the largest size.

``--sizes`` lists report counts; ``--repeat K`` builds (a) and (b) alternately K times and keeps each
one's fastest run (by ``--clock``); ``--timeout S`` stops a build after S seconds and shows ">S";
``--keep DIR`` generates the projects (and sites) under DIR/<N>/ and keeps them; ``--no-plain`` skips (b).
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from macros.yamlload import load_yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD_TARGET_S, BUILD_TARGET_REPORTS = 60.0, 1000
DOUBLING_TARGET = 2.1
TRACKER_TARGET_KB = 150.0
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
    """(b): the real config inherited, without the annotation layer (see the module's docstring)."""
    real = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), _AnyTag)
    nav = [entry for entry in real["nav"] if (project / "docs" / next(iter(entry.values()))).is_file()]
    layer = ("annotations", "macros")  # our plugin and mkdocs-macros
    plugins = [p for p in real["plugins"] if (p if isinstance(p, str) else next(iter(p))) not in layer]
    config = {"INHERIT": "mkdocs.yml", "hooks": [], "plugins": plugins, "nav": nav,
              "validation": {"links": {"not_found": "info"}}}
    path = project / "plain.yml"
    path.write_text(dump(config), encoding="utf-8")
    return path


def check(project: Path) -> dict[str, int]:
    """Run the project's check; the counts it prints, or stop the benchmark with its problems."""
    done = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"],
                          capture_output=True, text=True, env=build_env())
    found = re.match(r"OK: (\d+) reports, (\d+) annotations \((\d+) recommendations\), (\d+) topics, (\d+) actors", done.stdout)
    if done.returncode or not found:
        sys.exit(f"the generated project {project} failed the check:\n{done.stdout}{done.stderr[-4000:]}")
    return dict(zip(("reports", "annotations", "recommendations", "topics", "actors"), map(int, found.groups())))


def build_env() -> dict[str, str]:
    return {**ENV_DEFAULTS, **os.environ}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    timed_out: bool
    pages: int = 0
    site_mb: float = 0.0
    tracker_gz_kb: float | None = None

    def t(self, clock: str) -> float:
        return self.cpu if clock == "cpu" else self.wall


def build(project: Path, config: str, site: Path, timeout: float | None) -> Run:
    """One ``mkdocs build --strict`` in its own process: wall, CPU and peak memory; stop the run if it fails."""
    log = site.with_suffix(".log")
    argv = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", config, "-d", str(site)]
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
        files = [p for p in site.rglob("*") if p.is_file()]
        run.pages = sum(p.suffix == ".html" for p in files)
        run.site_mb = sum(p.stat().st_size for p in files) / 1e6
        tracker = site / "tracker" / "index.html"
        if tracker.is_file():
            run.tracker_gz_kb = len(gzip.compress(tracker.read_bytes(), 6)) / 1024
    return run


@dataclass
class Result:
    counts: dict[str, int]
    a: Run
    b: Run | None


def fmt(run: Run | None, clock: str, timeout: float | None) -> str:
    if run is None:
        return "-"
    return f">{timeout:.0f}" if run.timed_out else f"{run.t(clock):.1f}"


def print_row(name: str, counts: dict[str, int], run: Run | None, timeout: float | None) -> None:
    if run is None:
        return
    cells = [fmt(run, "wall", timeout), fmt(run, "cpu", timeout), f"{run.rss_mb:.0f}"]
    cells += ["-", "-"] if run.timed_out else [str(run.pages), f"{run.site_mb:.1f}"]
    print(f"{counts['reports']:>7} {counts['annotations']:>7} {counts['recommendations']:>5} {counts['topics']:>6} "
          f"{counts['actors']:>6}  {name:<10}" + "".join(f"{c:>9}" for c in cells), flush=True)


def bench_size(n: int, workdir: Path, args: argparse.Namespace, seeds: list[Seed]) -> Result:
    project = generate(workdir / str(n), n, args.per_report, seeds)
    counts = check(project)
    runs: dict[str, list[Run]] = {"a": [], "b": []}
    for _ in range(args.repeat):  # alternately, so that a slow spell of a shared machine hits both
        runs["a"].append(build(project, "mkdocs.yml", project / "site-a", args.timeout))
        if not args.no_plain:
            runs["b"].append(build(project, "plain.yml", project / "site-b", args.timeout))
    a, b = (min(rs, key=lambda r: (r.timed_out, r.t(args.clock))) if rs else None for rs in runs.values())
    print_row("(a) layer", counts, a, args.timeout)
    print_row("(b) plain", counts, b, args.timeout)
    if b and not a.timed_out and not b.timed_out:
        print(f"{'':>37}(a)/(b): {a.wall / b.wall:.2f} wall, {a.cpu / b.cpu:.2f} CPU;"
              f" the layer costs {a.cpu - b.cpu:.1f} s CPU, {a.rss_mb - b.rss_mb:.0f} MB", flush=True)
    return Result(counts, a, b)


def verdict(ok: bool | None, text: str) -> None:
    print(f"{'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {text}")


def summary(results: list[Result], args: argparse.Namespace) -> None:
    clock, by_n = args.clock, {r.counts["reports"]: r for r in results}
    print(f"\nTargets ({'CPU' if clock == 'cpu' else 'wall'} time of build (a)):")
    large = by_n.get(BUILD_TARGET_REPORTS)
    if large is None:
        verdict(None, f"{BUILD_TARGET_REPORTS:,} reports in <= {BUILD_TARGET_S:.0f} s: not run (--large)")
    else:
        shown = fmt(large.a, clock, args.timeout)
        verdict(not large.a.timed_out and large.a.t(clock) <= BUILD_TARGET_S,
                f"{BUILD_TARGET_REPORTS:,} reports / {large.counts['annotations']:,} annotations in {shown} s"
                f" (target <= {BUILD_TARGET_S:.0f} s)")
    pairs = [(n, 2 * n) for n in sorted(by_n) if 2 * n in by_n]
    if not pairs:
        verdict(None, "doubling the corpus: give two sizes N and 2N")
    for n, m in pairs:
        one, two = by_n[n], by_n[m]
        if one.a.timed_out or two.a.timed_out:
            verdict(None, f"doubling {n} -> {m} reports: a build was stopped at --timeout")
            continue
        ratio = two.a.t(clock) / one.a.t(clock)
        plain = f"; (b) {two.b.t(clock) / one.b.t(clock):.2f}x" if one.b and two.b and not (one.b.timed_out or two.b.timed_out) else ""
        verdict(ratio <= DOUBLING_TARGET, f"doubling {n} -> {m} reports costs (a) {ratio:.2f}x the time"
                                         f" (target <= {DOUBLING_TARGET}x{plain})")
    top = by_n[max(by_n)]
    if top.a.tracker_gz_kb is None or top.counts["recommendations"] < 500:
        verdict(None, "tracker per 1,000 recommendations: too few recommendations to scale (fewer than 500)")
    else:
        per_k = top.a.tracker_gz_kb * 1000 / top.counts["recommendations"]
        verdict(per_k <= TRACKER_TARGET_KB, f"tracker: {top.a.tracker_gz_kb:.0f} KB gzipped for {top.counts['recommendations']:,}"
                                            f" recommendations = {per_k:.0f} KB per 1,000 (target <= {TRACKER_TARGET_KB:.0f} KB)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 400], help="numbers of reports (default: 200 400)")
    parser.add_argument("--large", action="store_true", help="sizes 500 and 1,000 (the 60 s target)")
    parser.add_argument("--per-report", type=float, default=20, help="annotations per report (default 20)")
    parser.add_argument("--timeout", type=float, default=600, help="stop a build after this many seconds (default 600)")
    parser.add_argument("--repeat", type=int, default=1, help="build each site this many times, keep the fastest")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu", help="time held to the targets (default cpu)")
    parser.add_argument("--keep", type=Path, help="generate the projects under this folder and keep them")
    parser.add_argument("--no-plain", action="store_true", help="build (a) only")
    args = parser.parse_args(argv)
    args.sizes = sorted(set([500, 1000] if args.large else args.sizes))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seeds = load_seeds()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f};"
          f" seed: {len(seeds)} real reports, {sum(len(s.annotations) for s in seeds)} annotations")
    print(f"{'reports':>7} {'annots':>7} {'recs':>5} {'topics':>6} {'actors':>6}  {'build':<10}"
          + "".join(f"{c:>9}" for c in ("wall s", "CPU s", "peak MB", "pages", "site MB")), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [bench_size(n, workdir, args, seeds) for n in args.sizes]
    summary(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
