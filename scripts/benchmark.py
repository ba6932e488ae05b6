#!/usr/bin/env python3
"""Time the site build on synthetic corpora: the annotation layer against a plain Material build.

Run it with the project's virtual environment (``make bench BENCH_ARGS="..."``, or
``.venv/bin/python scripts/benchmark.py --help``). This is a benchmark, not a test: it prints figures
and PASS/FAIL against the targets below; its exit status is non-zero only when something broke
(a generated corpus failed the check, a build failed), never because a target was missed.

For each corpus size (by default N = 200 reports / 4,000 annotations / 60 topics / 150 actors, and 2N;
``--large`` makes N = 1,000 / 20,000 / 100 / 300; ``--sizes`` lists other multiples of N):

1. **Generate** a throw-away project: what ``tests.sitebuild.make_project`` copies (the real
   ``mkdocs.yml``, ``overrides/``, hand-written pages, schema), with ``macros/`` linked to a copy
   taken once at the start of the run (from the working tree, or from ``--rev``), so that one run
   measures one version of the code while others commit. The corpus is deterministic
   (``random.Random(seed)``): reports of 1,000-6,000 words by default (the real corpus runs from a
   1,000-word bulletin to a 5,100-word working paper; ``--words`` changes it) in ~6 ``##`` sections
   of varied sentences, with some emphasis, links, bullet lists and footnotes; the annotations spread
   evenly over the reports, a quarter of them recommendations (about 40% of those assessed, with
   dated https://example.org evidence no later than ``as_of`` and sometimes earlier statuses); topics
   and actors drawn with a Zipf-like skew; a few relations, most across reports; notes in Markdown.
   Every quote is a sentence or clause of the generated text, unique in its report; a few reports
   repeat a sentence on purpose and annotate one occurrence with ``prefix``.
2. **Check** it with ``python -m macros --root DIR check``; anything but "OK" aborts the benchmark.
3. **(a)**: ``python -m mkdocs build --strict`` of the generated project in its own process, exactly
   as the real site builds (hooks, mkdocs-macros, search, Material).
4. **Capture** the final Markdown of every page of (a) and write project (b) (see below).
5. **(b)**: the same command on project (b): the very same pages as static Markdown files, with the
   ``macros`` plugin and ``hooks:`` removed from an otherwise identical ``mkdocs.yml`` (same theme,
   nav, extensions, extra_css/js, validation, search).

``--repeat k`` runs (a) and (b) alternately k times and reports the median (``--stat best``: the
minimum). Each build is timed with ``time.perf_counter`` around its process (start-up included, the
same for both); its CPU time comes from ``os.wait4``; its peak memory is the build process's own
high-water mark (VmHWM, written at exit by a short wrapper around ``python -m mkdocs``): ``ru_maxrss``
of a child would include the RSS of this script, which the child inherits at fork and exec keeps. The
ratio and the time targets use wall-clock time; ``--clock cpu`` uses the builds' CPU time, which other
work on a shared machine disturbs far less (the table shows both; the load average is reported).
SITE_URL and REPO_URL are set to example addresses unless already set, so that the pages carry edit
links and absolute addresses as on the deployed site.

How (b) is made
---------------
The final Markdown of each page is captured during one more build of (a), run in a child process
(``--capture``) with a plugin of this script (``_Capture``, not in the repository) added to it:

* ``on_page_markdown``, after every other handler (``event_priority(-1000)``), records
  ``page.markdown``: macro pages (index, tracker, briefing, data, about) with their macros expanded,
  generated pages (topic, actor and index pages, contributing.md) with their generated content,
  report pages unchanged.
* The layer keeps its rendered HTML (cards, tables, lists) out of the Markdown parser: the Markdown
  holds a placeholder comment, and the hooks put the HTML block back after conversion
  (``macros/render/blocks.py``). The capture reads each page's blocks just before the hooks use them,
  checks that the hooks' output is exactly the converted page with its placeholders filled, and
  writes the blocks into (b)'s Markdown as raw HTML where the placeholders were: a static site holds
  its HTML in its Markdown, so (b) pays Python-Markdown's raw-HTML handling, which (a) avoids. The
  ratio (a)/(b) can then fall below 1; the profile (``--profile``) gives the layer's own time.
* ``on_page_content`` records the final HTML of report pages. The layer turns a report's HTML into
  ``citation_block(report) + body (cleaned, highlighted) + report_annotations(...)``; the capture
  recomputes the first and last parts with the functions the hooks call and verifies that the final
  HTML starts and ends with them (it aborts if the hooks changed shape). (b)'s report page is the
  citation block as raw HTML, the report's Markdown, and the cards as raw HTML under a Markdown
  ``##`` heading (in the table of contents, as the hooks put it there). Only the cleaning and the
  ``<mark>`` highlighting of the body are missing from (b): they are work on HTML, not content.
* Front matter: each page's ``meta``, with ``title`` set to its final title (as the hooks set it:
  bracketed when supplied, HTML-escaped once) and without ``render_macros``.
* Files the hooks generate that are not pages (the ``data/`` exports) become static files; the static
  files of ``docs/`` (CSS, JS) are copied.

The script prints both builds' page counts, Markdown and HTML bytes, and checks that the two sites
hold the same set of files.

Targets (from the issue): (a)/(b) <= 1.15; doubling the corpus costs <= 2.1x the time of (a); the
1,000-report corpus builds (a) in <= 60 s on a 2-core machine; the tracker page is <= 150 KB gzipped
for 1,000 recommendations (gzip level 6 of the built ``tracker/index.html``; at other sizes scaled
linearly to 1,000 recommendations, and the scaling is printed).

``--timeout S`` stops any build (or capture) running longer than S seconds and reports its time as a
lower bound (">S"), so that a build far past its target need not run to the end; ``--no-plain``
builds (a) only. ``--profile`` runs build (a) of the first size once more under cProfile (``python -m
cProfile -m mkdocs build``: the profiler runs in the build's own process) and prints the layer's own
share of the time, the top 25 entries by cumulative time, then those of the annotation layer
(``macros/``, the hooks, mkdocs-macros).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # for tests.sitebuild (the throw-away project layout) and the macros package
    sys.path.insert(0, str(ROOT))

DEFAULT_SITE_URL = "https://example.github.io/policy-reports/"
DEFAULT_REPO_URL = "https://github.com/example/policy-reports"

RATIO_TARGET = 1.15
DOUBLING_TARGET = 2.1
LARGE_TARGET_S = 60.0
TRACKER_TARGET_GZ = 150 * 1024
TRACKER_TARGET_RECS = 1000
REC_SHARE = 0.25


@dataclass(frozen=True)
class Size:
    reports: int
    annotations: int
    topics: int
    actors: int

    def scaled(self, k: float) -> "Size":
        return Size(*(max(1, round(v * k)) for v in (self.reports, self.annotations, self.topics, self.actors)))

    def __str__(self) -> str:
        return f"{self.reports}/{self.annotations}/{self.topics}/{self.actors}"


DEFAULT = Size(200, 4000, 60, 150)
LARGE = Size(1000, 20000, 100, 300)


# --------------------------------------------------------------------------------------------------
# Vocabulary of the synthetic reports
# --------------------------------------------------------------------------------------------------

def _words(s: str) -> list[str]:
    return s.split()


def _phrases(s: str) -> list[str]:
    return [p.strip() for p in s.split(",") if p.strip()]


ADJ = _words("""economic strategic critical national regional bilateral multilateral domestic foreign long-term
 sustained coordinated limited significant emerging advanced fragmented robust new existing public private
 transparent effective common shared digital industrial financial technical political legal institutional
 sectoral global local allied joint permanent informal formal ambitious modest cautious uneven growing
 declining persistent rapid gradual clear broad narrow complex fragile resilient costly""")
HEADS = _words("""alliance agreement framework strategy mechanism dialogue committee council office program
 initiative partnership process review assessment approach effort regime coalition network platform plan
 budget mandate capacity commitment dependence vulnerability competition cooperation consensus debate risk
 gap shift trend priority incentive standard rule policy market sector industry economy agenda forum""")
TOPICAL = _phrases("""supply chains, export controls, semiconductors, critical minerals, investment screening,
 economic security, industrial policy, research funding, data flows, standards bodies, technology alliances,
 trade rules, energy markets, the defense industry, cyber defense, talent programs, public procurement,
 infrastructure finance, regional institutions, maritime security, digital trade, climate finance,
 clean energy, battery production, rare earths, shipbuilding capacity, dual-use research, quantum computing,
 artificial intelligence, telecommunications networks, subsea cables, financial sanctions,
 development finance, health security, food security, port infrastructure, space policy,
 customs cooperation, capital markets, startup ecosystems, university partnerships, export credit,
 state subsidies, market access, intellectual property, foreign direct investment, inbound investment,
 outbound investment, interagency coordination, legislative oversight, local governments, sister cities,
 business associations, trade missions, R&D spending, Japan’s economic statecraft, the country’s exporters""")
VERB3 = _words("""strengthens undermines requires reflects shapes supports limits expands reduces increases
 complicates enables constrains accelerates weakens highlights affects reinforces changes influences sustains
 threatens improves delays blocks encourages favors protects exposes""")
VERB_BASE = _words("""establish expand strengthen coordinate fund review align create adopt prioritize launch
 convene streamline publish develop harmonize reform support extend clarify monitor pilot finance
 institutionalize deepen""")
VERB_PAST = _words("""established expanded announced adopted launched reviewed introduced approved rejected
 delayed funded published signed created revised""")
ADV = _words("""increasingly significantly rarely often gradually rapidly largely partly consistently steadily
 sharply quietly repeatedly already still""")
CONNECTORS = _phrases("""However, Moreover, In practice, At the same time, As a result, For example, In contrast,
 Over the past decade, According to officials, In recent years, By comparison, To a large extent, Even so,
 In this context, For now""")
PPS = _phrases("""in the Indo-Pacific, across the alliance, within five years, at the national level,
 in close consultation with industry, through existing institutions, for critical sectors,
 with like-minded partners, before the next review, under the new framework, beyond the current budget cycle,
 in key technologies, at the working level, in both capitals, over the coming decade""")
REC_SUBJECTS = _phrases("""Both governments, The alliance, Policymakers, Legislators, The two countries,
 Allied governments, Regulators, Industry groups, Local governments, The ministries concerned""")
MODALS = ["should", "should", "should", "must", "could", "ought to"]
GOVS = _phrases("""government, ministry, parliament, cabinet, regulator, central bank, state legislature,
 trade agency""")
TRENDS = _phrases("""rose, fell, grew, declined, increased, dropped""")
HEADINGS = _phrases("""Background, Findings, The policy landscape, Implications for the alliance,
 Options for policymakers, Recommendations, Conclusion, The economic stakes, Lessons from the past decade,
 Where coordination works, Gaps in the current approach, Institutions and instruments, The road ahead""")
BOILERPLATE = _phrases("""These figures are discussed in more detail below, The same pattern holds in other sectors,
 This point is taken up again in the final section, Officials interviewed for this study agreed""")
PUBLISHERS = _phrases("""Institute for Strategic Policy, Center for Economic Statecraft, Pacific Policy Forum,
 Council on Technology and Trade, Foundation for Alliance Studies, Asia Economic Research Institute,
 Global Governance Initiative, Center for Supply Chain Studies, Atlantic Economic Council,
 Institute of International Economics, Northern Policy Institute, Tokyo Policy Research Center,
 Washington Trade Institute, Center for Regional Cooperation, Forum on Security and Prosperity""")
SERIES = _phrases("""Policy Brief, Working Paper, Issue Brief, Special Report, Asia Pacific Bulletin, Research Note""")
FIRST = _words("""Sarah James Yuki Kenji Maria David Aiko Thomas Emily Hiroshi Laura Daniel Mei Robert Naoko
 Michael Anna Takeshi Julia Peter Sofia Kevin Rina Charles Hannah""")
LAST = _words("""Sieloff Schoff Connell Tanaka Suzuki Miller Nakamura Brown Kobayashi Garcia Watanabe Lee Sato
 Wilson Yamamoto Clark Ito Lewis Kato Walker Hayashi Young Shimizu Allen Mori""")
COUNTRIES = _phrases("""United States, Japan, China, South Korea, Taiwan, Australia, India, Germany, France,
 United Kingdom, Canada, Netherlands, Singapore, Vietnam, Indonesia, Philippines, Thailand, Malaysia, Italy,
 Sweden, Poland, Brazil, Mexico, Israel, New Zealand""")
PORTFOLIOS = _phrases("""Economy, Trade and Industry, Foreign Affairs, Defense, Finance, Commerce, Energy,
 Science and Technology, Digital Affairs, Education, Health, Transport, Agriculture""")
TOPIC_BASES = _phrases("""Economic security, Export controls, Supply chain resilience, Semiconductors,
 Critical minerals, Investment screening, Industrial policy, Technology alliances, Digital trade,
 Data governance, Energy security, Clean energy transition, Maritime security, Cybersecurity,
 Research security, Talent and immigration, Standards and norms, Trade agreements, Development finance,
 Infrastructure investment, Subnational diplomacy, Alliance management, Defense industrial base,
 Space policy, Health security, Food security, Financial sanctions, Telecommunications,
 Artificial intelligence, Quantum technology""")
TOPIC_QUALIFIERS = _phrases("""in the Indo-Pacific, and the alliance, in Europe, and industry, at home,
 and China, in Southeast Asia, and the G7, in practice, and legislation""")
ACTOR_KINDS = ["national-government-body", "legislature", "subnational-government",
               "business-or-civil-society-group", "multilateral-or-minilateral-body", "country"]
MULTILATERALS = _phrases("""G7, G20, OECD, Quad, World Trade Organization, APEC, ASEAN, International Energy Agency,
 Wassenaar Arrangement, Indo-Pacific Economic Framework, European Union, United Nations""")
GROUPS = _phrases("""Chamber of Commerce, Semiconductor Association, Business Council, Institute of Technology,
 Employers Federation""")
CITIES = _phrases("""California, Washington State, Maryland, Hawaii, Osaka Prefecture, Tokyo Metropolitan Government,
 Kanagawa Prefecture, City of Seattle, City of Yokohama, State of Texas, Ohio, Hokkaido""")
STATUSES = [("not-yet-assessed", 0.60), ("in-progress", 0.12), ("partially-implemented", 0.07),
            ("implemented", 0.07), ("implemented-differently", 0.03), ("no-action", 0.05),
            ("superseded", 0.02), ("stalled", 0.04)]
CLAIM_TYPES = [("assessment", 0.40), ("fact", 0.30), ("statistic", 0.20), ("forecast", 0.10)]
RELATION_TYPES = ["supports", "contradicts", "elaborates", "same-as", "responds-to"]
_SLUG = re.compile(r"[^a-z0-9]+")
_TRAIL = re.compile(r"^([A-Za-z0-9’'&-]+)(\W*)$")


def slugify(value: str, limit: int = 40) -> str:
    return _SLUG.sub("-", value.lower().replace("’", "")).strip("-")[:limit].strip("-")


# --------------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------------

@dataclass
class Sentence:
    """One sentence: its words (Markdown may decorate them), the text a reader sees, and its role."""

    words: list[str]
    kind: str = "plain"  # plain | recommendation | statistic | forecast | boilerplate | intro (before a list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    md: str = ""

    @property
    def plain(self) -> str:
        return " ".join(self.words)


@dataclass
class GeneratedCorpus:
    files: dict[str, str]
    reports: int
    annotations: int
    recommendations: int
    words: int


class Generator:
    """A deterministic synthetic corpus: same seed and size, same bytes."""

    def __init__(self, size: Size, seed: int = 1, words: tuple[int, int] = (1000, 6000)):
        self.size, self.seed, self.word_range = size, seed, words
        self.rng = random.Random(f"policy-reports-bench-{seed}-{size}")

    # -- small helpers -------------------------------------------------------------------------
    def pick(self, seq: list[Any]) -> Any:
        return seq[int(self.rng.random() * len(seq))]

    def weighted(self, pairs: list[tuple[str, float]]) -> str:
        return self.rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]

    @staticmethod
    def zipf_weights(n: int, s: float = 1.0) -> list[float]:
        return [1.0 / (k + 1) ** s for k in range(n)]

    def distinct(self, pool: list[Any], cum: list[float], k: int) -> list[Any]:
        """k distinct items drawn with the Zipf-like weights (cumulative) of ``pool``."""
        k = min(k, len(pool))
        out: list[Any] = []
        while len(out) < k:
            item = self.rng.choices(pool, cum_weights=cum)[0]
            if item not in out:
                out.append(item)
        return out

    def np(self) -> list[str]:
        """A noun phrase, as words."""
        r = self.rng.random()
        det = self.pick(["the", "the", "a", "its", "their", "this"])
        words = [det]
        if r < 0.7:
            words.append(self.pick(ADJ))
        if r < 0.45:
            words += [self.pick(HEADS), "of"] + self.pick(TOPICAL).split()
        elif r < 0.8:
            words.append(self.pick(HEADS))
        else:
            words = self.pick(TOPICAL).split() if r > 0.9 else words + self.pick(TOPICAL).split()
        if words[0] == "a" and len(words) > 1 and words[1][0] in "aeiou":
            words[0] = "an"
        return words

    def clause(self) -> list[str]:
        words = self.np() + ([self.pick(ADV)] if self.rng.random() < 0.3 else []) + [self.pick(VERB3)] + self.np()
        if self.rng.random() < 0.35:
            words += self.pick(PPS).split()
        return words

    def plain_sentence(self) -> Sentence:
        form = self.rng.random()
        words: list[str] = []
        if self.rng.random() < 0.3:
            words += (self.pick(CONNECTORS) + ",").split()
        if form < 0.35:
            words += self.clause()
        elif form < 0.55:
            a, b = self.clause(), self.clause()
            words += a[:-1] + [a[-1] + ","] + ["and"] + b
        elif form < 0.7:
            a, b = self.clause(), self.clause()
            words += a[:-1] + [a[-1] + ","] + ["while"] + b
        elif form < 0.85:
            year = self.rng.randint(1995, 2023)
            words += ["in" if words else "In", f"{year},", "the", self.pick(GOVS), self.pick(VERB_PAST)] + self.np()
            words[-1] += ","
            words += ["which", self.pick(VERB3)] + self.np()
        else:
            a, b = self.clause(), self.clause()
            words += a[:-1] + [a[-1] + ";"] + b
        words[0] = words[0][0].upper() + words[0][1:]
        words[-1] += "."
        return Sentence(words)

    def recommendation_sentence(self, subject: str) -> Sentence:
        words = subject.split() + self.pick(MODALS).split() + [self.pick(VERB_BASE)] + self.np()
        words += self.pick(PPS).split()
        if self.rng.random() < 0.3:
            words[-1] += ","
            words += ["so", "that"] + self.clause()
        words[-1] += "."
        return Sentence(words, "recommendation")

    def statistic_sentence(self) -> Sentence:
        subject = self.np()
        subject[0] = subject[0].capitalize()
        if self.rng.random() < 0.5:
            value = round(self.rng.uniform(0.5, 40), 1)
            y1 = self.rng.randint(1995, 2015)
            y2 = y1 + self.rng.randint(2, 8)
            words = subject + [self.pick(TRENDS), "by", f"{value}", "percent", "between", str(y1), "and", f"{y2}."]
            fig = {"value": value, "unit": "percent", "period": f"{y1}-{y2}",
                   "measures": "change in " + " ".join(subject).lower()}
        else:
            value = self.rng.randint(2, 900)
            year = self.rng.randint(2000, 2023)
            words = subject + ["reached", f"${value}", "billion", "in", f"{year},"] + self.clause()
            words[-1] += "."
            fig = {"value": value, "unit": "billion US dollars", "year": year, "measures": " ".join(subject).lower()}
        return Sentence(words, "statistic", [fig])

    def forecast_sentence(self) -> Sentence:
        subject = self.np()
        subject[0] = subject[0].capitalize()
        words = subject + ["will", "likely", self.pick(VERB_BASE)] + self.np() + ["by", f"{self.rng.randint(2026, 2040)}."]
        return Sentence(words, "forecast")

    def decorate(self, sent: Sentence) -> None:
        """Markdown for a sentence: now and then an emphasised word or a link (the plain text is unchanged)."""
        words = list(sent.words)
        r = self.rng.random()
        if r < 0.06 and len(words) > 4:
            i = self.rng.randrange(1, len(words) - 1)
            m = _TRAIL.match(words[i])
            if m:
                words[i] = f"*{m.group(1)}*{m.group(2)}"
        elif r < 0.09 and len(words) > 6:
            i = self.rng.randrange(1, len(words) - 3)
            if all(_TRAIL.match(w) and not _TRAIL.match(w).group(2) for w in words[i:i + 2]):
                words[i] = "[" + words[i]
                words[i + 1] = words[i + 1] + f"](https://example.org/ref/{self.rng.randrange(10**6)})"
        sent.md = " ".join(words)

    # -- topics and actors --------------------------------------------------------------------
    def topics(self) -> list[dict[str, str]]:
        out, seen = [], set()
        for i in range(self.size.topics):
            base = TOPIC_BASES[i % len(TOPIC_BASES)]
            round_ = i // len(TOPIC_BASES)
            title = base if round_ == 0 else f"{base} {TOPIC_QUALIFIERS[(round_ - 1 + i) % len(TOPIC_QUALIFIERS)]}"
            ident = slugify(title, 60)
            if ident in seen or round_ > len(TOPIC_QUALIFIERS):
                title, ident = f"{title} ({i})", f"{ident}-{i}"
            seen.add(ident)
            desc = " ".join(self.plain_sentence().plain for _ in range(self.rng.randint(1, 3)))
            out.append({"id": ident, "title": title, "description": desc})
        return out

    def actors(self) -> list[dict[str, str]]:
        out, seen = [], set()
        for i in range(self.size.actors):
            kind = ACTOR_KINDS[i % len(ACTOR_KINDS)] if i >= 6 else "country"
            country = COUNTRIES[(i * 7) % len(COUNTRIES)]
            if kind == "country":
                name = COUNTRIES[i % len(COUNTRIES)] if i < len(COUNTRIES) else f"{COUNTRIES[i % len(COUNTRIES)]} ({i})"
                country = COUNTRIES[i % len(COUNTRIES)]
            elif kind == "national-government-body":
                name = f"Ministry of {self.pick(PORTFOLIOS)} ({country})"
            elif kind == "legislature":
                name = f"{country} {self.pick(['Parliament', 'Senate', 'House Committee on Trade', 'Upper House'])}"
            elif kind == "subnational-government":
                name = self.pick(CITIES)
            elif kind == "business-or-civil-society-group":
                name = f"{country} {self.pick(GROUPS)}"
            else:
                name = self.pick(MULTILATERALS)
            ident = slugify(name, 60)
            if ident in seen:
                name, ident = f"{name} {i}", f"{ident}-{i}"
            seen.add(ident)
            actor = {"id": ident, "name": name, "kind": kind}
            if kind not in ("multilateral-or-minilateral-body",):
                actor["country"] = country
            if self.rng.random() < 0.7:
                actor["description"] = self.plain_sentence().plain
            out.append(actor)
        return out

    # -- one report -----------------------------------------------------------------------------
    def report_meta(self, i: int) -> tuple[str, dict[str, Any]]:
        publisher = self.pick(PUBLISHERS)
        abbr = "".join(w[0] for w in publisher.split() if w[0].isupper()).lower()
        year = self.rng.randint(2010, 2024)
        topic_words = self.pick(TOPICAL)
        title = f"{self.pick(ADJ).capitalize()} {self.pick(HEADS)}: {topic_words[0].upper() + topic_words[1:]} {self.pick(PPS)}"
        slug = f"{abbr}-{year}-{slugify(topic_words, 30)}-{i:04d}"
        precision = self.weighted([("day", 0.6), ("month", 0.3), ("year", 0.1)])
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        date = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]
        meta: dict[str, Any] = {"title": title, "title_supplied": self.rng.random() < 0.05}
        n_authors = self.weighted([("0", 0.05), ("1", 0.45), ("2", 0.3), ("3", 0.12), ("4", 0.08)])
        authors = []
        for _ in range(int(n_authors)):
            author = {"name": f"{self.pick(FIRST)} {self.pick(LAST)}"}
            if self.rng.random() < 0.6:
                author["affiliation"] = f"{self.pick(['Senior Fellow', 'Fellow', 'Director', 'Research Associate'])}, {publisher}"
            authors.append(author)
        meta["authors"] = authors
        if not authors:
            meta["authors_statement"] = f"The report names no author; it is published by the {publisher}."
        meta["publisher"] = publisher
        if self.rng.random() < 0.3:
            meta["series"] = self.pick(SERIES)
            meta["number"] = str(self.rng.randint(1, 700))
        meta["date"] = date
        meta["date_precision"] = precision
        meta["url"] = f"https://example.org/{abbr}/publications/{slug}"
        if self.rng.random() < 0.2:
            meta["captured_from"] = f"https://example.org/reposts/{slug}"
        excerpt = self.rng.random() < 0.15
        meta["completeness"] = "excerpt" if excerpt else "full"
        meta["completeness_note"] = ("An excerpt: the summary and first chapters; the rest is at the publisher’s address."
                                     if excerpt else "The whole text of the report; page furniture was removed.")
        if self.rng.random() < 0.05:
            meta["uncertain"] = [{"field": "date", "note": "The date is given by a later article; the publisher’s page does not show it."}]
        return slug, meta

    def report(self, i: int, kinds: list[str], actor_names: list[str]) -> tuple[str, dict[str, Any], str, list[Sentence], str]:
        """A report page: slug, front matter, Markdown body, its sentences (with roles) and its plain text."""
        slug, meta = self.report_meta(i)
        target = self.rng.randint(*self.word_range)
        n_sections = self.rng.randint(5, 7)
        per_section = target / n_sections
        need = {"recommendation": kinds.count("recommendation") + 2, "statistic": kinds.count("statistic") + 1,
                "forecast": kinds.count("forecast") + 1}
        # the skeleton: sections of paragraphs of sentences (and now and then a bullet list)
        blocks: list[tuple[str, Any]] = []  # ("h", title) | ("p", [Sentence]) | ("ul", [str])
        headings = self.rng.sample(HEADINGS, n_sections)
        slots: list[tuple[int, int]] = []
        words = 0
        for h in headings:
            blocks.append(("h", h))
            section_words = 0
            while section_words < per_section:
                if self.rng.random() < 0.06:
                    items = [" ".join(self.np() + self.pick(PPS).split()) for _ in range(self.rng.randint(3, 5))]
                    blocks.append(("p", [Sentence("The main elements are the following:".split(), "intro")]))
                    blocks.append(("ul", [it[0].upper() + it[1:] + ";" for it in items[:-1]] + [items[-1][0].upper() + items[-1][1:] + "."]))
                    section_words += sum(len(it.split()) for it in items)
                    continue
                para = [self.plain_sentence() for _ in range(self.rng.randint(3, 8))]
                slots += [(len(blocks), k) for k in range(len(para))]
                blocks.append(("p", para))
                section_words += sum(len(s.words) for s in para)
            words += section_words
        # special sentences (recommendations, statistics, forecasts) replace random plain ones
        minimum = sum(need.values()) + len(kinds) * 2 + 4
        while len(slots) < minimum:  # very short reports (tests): add paragraphs to the last section
            para = [self.plain_sentence() for _ in range(5)]
            slots += [(len(blocks), k) for k in range(len(para))]
            blocks.append(("p", para))
        chosen = self.rng.sample(slots, sum(need.values()))
        it = iter(chosen)
        for kind, n in need.items():
            for _ in range(n):
                b, k = next(it)
                if kind == "recommendation":
                    subject = self.pick(actor_names) if actor_names and self.rng.random() < 0.6 else self.pick(REC_SUBJECTS)
                    blocks[b][1][k] = self.recommendation_sentence(subject)
                elif kind == "statistic":
                    blocks[b][1][k] = self.statistic_sentence()
                else:
                    blocks[b][1][k] = self.forecast_sentence()
        # now and then a sentence repeated on purpose (to be annotated with a prefix), never first in a paragraph
        if self.rng.random() < 0.2:
            text = self.pick(BOILERPLATE) + "."
            free = [(b, k) for b, k in slots if k > 0 and (b, k) not in chosen]
            for b, k in self.rng.sample(free, 2):
                blocks[b][1][k] = Sentence(text.split(), "boilerplate")
        # Markdown: decorations and footnotes
        footnotes: list[str] = []
        for kind, content in blocks:
            if kind == "p":
                for s in content:
                    self.decorate(s)
        for b, k in self.rng.sample(slots, min(len(slots), self.rng.randint(2, 6))):
            s = blocks[b][1][k]
            footnotes.append(f"{self.pick(PUBLISHERS)}, “{' '.join(self.np()).capitalize()},” {self.rng.randint(1995, 2023)}, "
                             f"https://example.org/sources/{slug}/{len(footnotes) + 1}.")
            s.md += f"[^{len(footnotes)}]"
        md_parts, plain_parts = [], []
        for kind, content in blocks:
            if kind == "h":
                md_parts.append(f"## {content}")
                plain_parts.append(content)
            elif kind == "p":
                md_parts.append(" ".join(s.md for s in content))
                plain_parts.append(" ".join(s.plain for s in content))
            else:
                md_parts.append("\n".join(f"- {item}" for item in content))
                plain_parts += content
        for n, note in enumerate(footnotes, 1):
            md_parts.append(f"[^{n}]: {note}")
            plain_parts.append(note)
        sentences = [s for kind, content in blocks if kind == "p" for s in content]
        return slug, meta, "\n\n".join(md_parts) + "\n", sentences, " ".join(plain_parts)

    # -- annotations ----------------------------------------------------------------------------
    def evidence(self, after: str, before: str, slug: str, n: int) -> list[dict[str, str]]:
        lo, hi = _day_number(after), _day_number(before)
        days = sorted(self.rng.randint(lo, hi) for _ in range(n))
        out = []
        for d in days:
            date = _date_of(d)
            if self.rng.random() < 0.2:
                date = date[:7]  # a source that gives the month only
            who = " ".join(self.np())
            out.append({"date": date, "event": f"{who[0].upper() + who[1:]} was {self.pick(VERB_PAST)} {self.pick(PPS)}.",
                        "source": f"https://example.org/evidence/{slug}/{self.rng.randrange(10**6)}"})
        return out

    def summary(self) -> str:
        s = self.plain_sentence().plain
        return s if len(s) <= 600 else s[:590].rsplit(" ", 1)[0] + "."

    def corpus(self) -> GeneratedCorpus:
        size, rng = self.size, self.rng
        topics, actors = self.topics(), self.actors()
        topic_ids, actor_ids = [t["id"] for t in topics], [a["id"] for a in actors]
        rng.shuffle(topic_ids)  # the skew should not follow the file order
        rng.shuffle(actor_ids)
        actor_name = {a["id"]: a["name"] for a in actors}
        t_cum = _cumulative(self.zipf_weights(len(topic_ids)))
        a_cum = _cumulative(self.zipf_weights(len(actor_ids)))
        # exactly REC_SHARE of the annotations are recommendations, spread at random over the reports
        n_recs = round(size.annotations * REC_SHARE)
        kinds_all = ["recommendation"] * n_recs + [""] * (size.annotations - n_recs)
        rng.shuffle(kinds_all)
        per_report = [size.annotations // size.reports + (1 if r < size.annotations % size.reports else 0)
                      for r in range(size.reports)]
        files: dict[str, str] = {}
        all_ids: list[tuple[str, str]] = []  # (annotation id, report slug), for relations
        pos, words = 0, 0
        for r in range(size.reports):
            kinds = [k or self.weighted(CLAIM_TYPES) for k in kinds_all[pos:pos + per_report[r]]]
            pos += per_report[r]
            # addressees/subjects first, so that some recommendation sentences name their actor
            ann_actors = [self.distinct(actor_ids, a_cum, rng.choice([1, 1, 2, 3]) if k == "recommendation"
                                        else rng.choice([0, 1, 1, 2, 3])) for k in kinds]
            names = [actor_name[a] for acts in ann_actors for a in acts if actor_name[a][0].isupper()]
            slug, meta, body, sentences, plain = self.report(r, kinds, names)
            words += len(plain.split())
            files[f"docs/reports/{slug}.md"] = "---\n" + _dump(meta) + "---\n\n" + body
            files[f"annotations/{slug}.yml"] = self.annotation_file(slug, meta, kinds, ann_actors, sentences, plain,
                                                                    topic_ids, t_cum, all_ids)
        files["annotations/topics.yml"] = "# yaml-language-server: $schema=schema.json\n" + _dump({"topics": topics})
        files["annotations/actors.yml"] = "# yaml-language-server: $schema=schema.json\n" + _dump({"actors": actors})
        return GeneratedCorpus(files, size.reports, size.annotations, n_recs, words)

    def quote(self, sentences: list[Sentence], plain: str, candidates: list[int],
              used: set[int]) -> tuple[int, dict[str, str], int]:
        """The first unused candidate sentence (or one of its clauses) whose quote is unique in the report.

        A sentence that occurs twice gets a prefix: the last words of the sentence before it (it is never
        first in its paragraph). Returns the sentence index, the quote and a sort key within the sentence.
        """
        for n in candidates:
            if n in used:
                continue
            sent = sentences[n]
            quote: dict[str, str] = {"exact": sent.plain}
            order = 0
            if sent.kind == "boilerplate":
                quote["prefix"] = " ".join(sentences[n - 1].plain.split()[-4:])
            elif sent.kind == "plain" and self.rng.random() < 0.25 and "," in sent.plain:
                parts = [p for p in sent.plain.rstrip(".").split(", ") if len(p.split()) >= 6]
                if parts:
                    quote["exact"] = self.rng.choice(parts)
                    order = 1 + sent.plain.index(quote["exact"])
            if _unique(plain, quote):
                used.add(n)
                return n, quote, order
        raise RuntimeError("generator: not enough distinct sentences to quote; raise --words")

    def annotation_file(self, slug: str, meta: dict[str, Any], kinds: list[str], ann_actors: list[list[str]],
                        sentences: list[Sentence], plain: str, topic_ids: list[str], t_cum: list[float],
                        all_ids: list[tuple[str, str]]) -> str:
        rng = self.rng
        pools: dict[str, list[int]] = {"recommendation": [], "statistic": [], "forecast": [], "plain": [], "boilerplate": []}
        for n, s in enumerate(sentences):
            pools.setdefault(s.kind, []).append(n)
        for pool in pools.values():
            rng.shuffle(pool)
        used: set[int] = set()
        picked: list[tuple[int, int, dict[str, Any]]] = []  # (sentence index, order within, entry)
        report_date = meta["date"] + ("-01-01" if len(meta["date"]) == 4 else "-01" if len(meta["date"]) == 7 else "")
        boiler_done = False
        id_prefix = slug.split("-")[0] + slug.rsplit("-", 1)[1]  # publisher initials + report number: unique
        for j, kind in enumerate(kinds):
            pool_name = kind if kind in ("recommendation", "statistic", "forecast") else "plain"
            if not boiler_done and pool_name == "plain" and pools["boilerplate"]:
                pool_name, boiler_done = "boilerplate", True
            n, quote, order = self.quote(sentences, plain, pools[pool_name] + pools["plain"], used)
            sent = sentences[n]
            keyword = slugify(" ".join(sent.words[1:3]), 20)
            entry: dict[str, Any] = {"id": keyword, "kind": "recommendation" if kind == "recommendation" else "claim"}
            if kind != "recommendation":
                entry["claim_type"] = kind
            entry["quote"] = quote
            entry["summary"] = self.summary()
            entry["topics"] = self.distinct(topic_ids, t_cum, rng.choice([1, 1, 2, 2, 3]))
            entry["actors"] = list(ann_actors[j])
            if kind == "statistic" and sent.figures:
                entry["figures"] = [dict(f) for f in sent.figures]
            if kind == "recommendation":
                status = self.weighted(STATUSES)
                entry["status"] = status
                if status != "not-yet-assessed":
                    as_of = _date_of(rng.randint(_day_number(report_date) + 200, _day_number("2025-12-31")))
                    entry["as_of"] = as_of
                    entry["evidence"] = self.evidence(report_date, as_of, slug, rng.randint(1, 3))
                    if rng.random() < 0.3:
                        older = sorted(rng.randint(_day_number(report_date), _day_number(as_of)) for _ in range(rng.randint(1, 2)))
                        entry["history"] = [{"status": self.weighted(STATUSES[:4]), "as_of": _date_of(d)} for d in older]
                        if rng.random() < 0.5:
                            entry["history"][-1]["note"] = self.plain_sentence().plain
            elif rng.random() < 0.05:
                entry["evidence"] = self.evidence(report_date, "2025-12-31", slug, 1)
            if rng.random() < 0.15:
                entry["note"] = (f"{self.plain_sentence().plain} See *{' '.join(self.np()[1:])}* in "
                                 f"[the source](https://example.org/notes/{slug}/{j + 1}).")
            if all_ids and rng.random() < 0.05:
                others = [a for a in all_ids[-400:] if a[1] != slug] if rng.random() < 0.8 else []
                target = rng.choice(others or all_ids)[0]
                entry["relations"] = [{"type": rng.choice(RELATION_TYPES), "target": target}]
            picked.append((n, order, entry))
        picked.sort(key=lambda p: (p[0], p[1]))  # reading order, as contributors keep it
        for j, (_, _, entry) in enumerate(picked, 1):
            entry["id"] = f"{id_prefix}-{j:02d}-{entry['id']}".rstrip("-")
        all_ids += [(e["id"], slug) for _, _, e in picked]
        return "# yaml-language-server: $schema=schema.json\n" + _dump({"report": slug, "annotations": [e for _, _, e in picked]})


def _unique(plain: str, quote: dict[str, str]) -> bool:
    """The quote occurs once in the report text (with its prefix, when it has one)."""
    exact, prefix = quote["exact"], quote.get("prefix")
    hits, i = [], plain.find(exact)
    while i != -1:
        hits.append(i)
        i = plain.find(exact, i + 1)
    if prefix:
        hits = [h for h in hits if plain[:h].rstrip().endswith(prefix)]
    return len(hits) == 1


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _day_number(date: str) -> int:
    import datetime
    return datetime.date.fromisoformat(date).toordinal()


def _date_of(n: int) -> str:
    import datetime
    return datetime.date.fromordinal(n).isoformat()


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Plain YAML the project's strict loader accepts: no anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


# --------------------------------------------------------------------------------------------------
# Projects
# --------------------------------------------------------------------------------------------------

def generate_project(dest: Path, size: Size, seed: int = 1, words: tuple[int, int] = (1000, 6000),
                     macros_dir: Path | None = None) -> GeneratedCorpus:
    """A buildable copy of the site (as tests.sitebuild.make_project makes it) holding a synthetic corpus.

    ``macros_dir``: link the project's ``macros/`` there instead of to the repository's (a snapshot keeps
    one benchmark run on one version of the code while others commit).
    """
    from tests.sitebuild import make_project

    corpus = Generator(size, seed, words).corpus()
    make_project(dest, reports={}, annotations={}, topics=corpus.files["annotations/topics.yml"],
                 actors=corpus.files["annotations/actors.yml"])
    if macros_dir is not None:
        (dest / "macros").unlink()
        (dest / "macros").symlink_to(macros_dir)
    for rel, text in corpus.files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return corpus


def check_project(project: Path) -> str:
    """``python -m macros check --root``: its "OK" line, or RuntimeError with everything it printed."""
    proc = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=project,
                          capture_output=True, text=True, env=_env())
    out = proc.stdout.strip()
    if proc.returncode != 0 or not out.startswith("OK"):
        problems = (proc.stderr or out).strip().splitlines()
        shown = "\n".join(problems[:40] + ([f"... ({len(problems) - 40} more lines)"] if len(problems) > 40 else []))
        raise RuntimeError(f"the generated corpus in {project} fails the check:\n{shown}")
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("SITE_URL", DEFAULT_SITE_URL)
    env.setdefault("REPO_URL", DEFAULT_REPO_URL)
    return env


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry)) if isinstance(entry, dict) and entry else ""


def plain_config(project_a: Path) -> dict[str, Any]:
    """Project (a)'s mkdocs.yml (with !ENV resolved), minus the macros plugin and the hooks."""
    from mkdocs.utils.yaml import yaml_load

    old = {k: os.environ.get(k) for k in ("SITE_URL", "REPO_URL")}
    os.environ.update({k: v for k, v in _env().items() if k in old})
    try:
        with open(project_a / "mkdocs.yml", "rb") as fh:
            config = yaml_load(fh)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    config.pop("hooks", None)
    config["plugins"] = [p for p in config.get("plugins", []) if _plugin_name(p) != "macros"]
    return config


BLOCK_PLACEHOLDER = re.compile(r"<!--pr-block-\d+-->")  # macros/render/blocks.py: HTML kept out of Markdown


@dataclass
class Capture:
    pages: int
    markdown_bytes_in: int   # the Markdown MkDocs read or the hooks generated, before macros and hooks ran
    markdown_bytes_out: int  # what project (b) holds (final Markdown + raw HTML additions)
    static_files: int
    html_blocks: int = 0     # HTML blocks the layer puts in after Markdown conversion (raw HTML in (b)'s Markdown)
    html_block_bytes: int = 0


def capture_plain_project(project_a: Path, project_b: Path, work: Path) -> Capture:
    """Build (a) in-process with a capturing plugin; write project (b) from what it saw (see the docstring)."""
    import logging

    from macros.glue import site as site_state
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin, event_priority

    class _Capture(BasePlugin):
        def __init__(self) -> None:
            super().__init__()
            self.files: Any = None
            self.source: dict[str, int] = {}
            self.pages: dict[str, dict[str, Any]] = {}

        @event_priority(-1000)
        def on_files(self, files: Any, config: Any) -> Any:
            self.files = files
            return files

        @event_priority(1000)
        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            self.source[page.file.src_uri] = len(markdown.encode("utf-8"))
            return markdown

        @event_priority(-1000)
        def last_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            self.pages[page.file.src_uri] = {"page": page, "markdown": markdown}
            return markdown

        @event_priority(1000)
        def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
            """Before the hooks: the HTML blocks the page's placeholders stand for (the hooks consume them)."""
            keys = BLOCK_PLACEHOLDER.findall(html)
            store = getattr(getattr(site_state.current(), "kit", None), "blocks", None)
            store = getattr(store, "_html", None)
            if keys and not isinstance(store, dict):
                raise RuntimeError("the hooks keep HTML blocks differently now; update capture_plain_project")
            entry = self.pages[page.file.src_uri]
            entry["blocks"] = {k: store[k] for k in keys if k in store} if keys else {}
            entry["pre_html"] = html
            return html

        @event_priority(-1000)
        def last_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
            entry = self.pages[page.file.src_uri]
            blocks, pre = entry["blocks"], entry.pop("pre_html")
            if blocks and BLOCK_PLACEHOLDER.sub(lambda m: blocks.get(m.group(0), m.group(0)), pre) != html:
                raise RuntimeError(f"{page.file.src_uri}: the hooks do more than fill placeholders with their blocks; "
                                   "update capture_plain_project")
            entry["html"], entry["title"], entry["meta"] = html, page.title, dict(page.meta)
            return html

    env_keys = {k: v for k, v in _env().items() if k in ("SITE_URL", "REPO_URL", "NO_MKDOCS_2_WARNING")}
    old = {k: os.environ.get(k) for k in env_keys}
    os.environ.update(env_keys)
    capture = _Capture()
    try:
        config = load_config(str(project_a / "mkdocs.yml"), site_dir=str(work), strict=True)
        config.plugins["benchmark-capture"] = capture
        # two handlers of one event on one plugin: register the second by hand
        config.plugins._register_event("page_markdown", capture.last_page_markdown, plugin_name="benchmark-capture")
        config.plugins._register_event("page_content", capture.last_page_content, plugin_name="benchmark-capture")
        config.plugins.on_startup(command="build", dirty=False)
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    from macros.render import pages as render_pages
    from macros.render import urls
    from macros.render.citation import citation_block

    site = site_state.current()
    docs_b = project_b / "docs"
    docs_b.mkdir(parents=True)
    shutil.copytree(project_a / "overrides", project_b / "overrides")
    (project_b / "mkdocs.yml").write_text(_dump_config(plain_config(project_a)), encoding="utf-8")
    out_bytes = n_blocks = block_bytes = 0
    heading = '<h2 id="annotations-in-this-report">Annotations in this report</h2>'
    for src, entry in capture.pages.items():
        page, markdown, blocks = entry["page"], entry["markdown"], entry["blocks"]
        if blocks:  # the HTML the layer keeps out of the Markdown parser goes into (b)'s Markdown as raw HTML
            markdown = BLOCK_PLACEHOLDER.sub(lambda m: blocks[m.group(0)], markdown)
            n_blocks += len(blocks)
            block_bytes += sum(len(b.encode("utf-8")) for b in blocks.values())
        # Titles the hooks set are Markup, escaped once for Material's templates: (b) gets that same text
        meta = {k: _plain_data(v) for k, v in entry["meta"].items() if k != "render_macros"}
        if entry["title"]:
            meta["title"] = str(entry["title"])
        slug = src[len("reports/"):-3] if src.startswith("reports/") and src != "reports/index.md" else None
        if slug and slug in site.index.corpus.reports:
            report = site.index.corpus.reports[slug]
            head = citation_block(report)
            tail = render_pages.report_annotations(site.kit, slug, urls.base_for(page.url))
            html = entry["html"]
            if not (html.startswith(head) and html.endswith(tail)):
                raise RuntimeError(f"reports/{slug}.md: the hooks no longer produce citation block + body + cards; "
                                   "update capture_plain_project in scripts/benchmark.py")
            if tail.startswith(heading):
                tail = "## Annotations in this report {#annotations-in-this-report}\n\n" + tail[len(heading):]
            markdown = head + "\n\n" + markdown.strip("\n") + "\n\n" + tail + "\n"
        text = ("---\n" + _dump(meta) + "---\n\n" if meta else "") + markdown
        path = docs_b / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out_bytes += len(text.encode("utf-8"))
    static = 0
    docs_a = str(Path(config.docs_dir).resolve())
    for f in capture.files:
        if f.is_documentation_page() or f.inclusion.is_excluded():
            continue
        dest = docs_b / f.src_uri
        if f.generated_by:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.content_bytes)
        elif f.abs_src_path and str(Path(f.abs_src_path).resolve()).startswith(docs_a + os.sep):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f.abs_src_path, dest)
        else:
            continue  # theme files: Material provides them to (b) as well
        static += 1
    shutil.rmtree(work, ignore_errors=True)
    return Capture(len(capture.pages), sum(capture.source.values()), out_bytes, static, n_blocks, block_bytes)


def _plain_data(value: Any) -> Any:
    """Front matter values as plain YAML types (str subclasses such as Markup become their text)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_data(v) for v in value]
    return value


def _dump_config(config: dict[str, Any]) -> str:
    return ("# Generated by scripts/benchmark.py: the site's mkdocs.yml without the macros plugin and hooks.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120))


# --------------------------------------------------------------------------------------------------
# Builds and measurements
# --------------------------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float    # wall clock, process start-up included
    cpu: float        # user + system CPU time of the build process
    maxrss_mb: float  # its peak resident memory
    load: float       # the highest 1-minute load average seen around the build (other work on the machine)
    timed_out: bool = False  # stopped at --timeout: the times are lower bounds


# ``python -m mkdocs build ...`` that writes its own peak memory to a file at exit. The kernel's ru_maxrss of a
# child (os.wait4, RUSAGE_CHILDREN, /usr/bin/time) starts from the RSS of the process that forked it, because
# exec keeps the high-water mark of the replaced image: a child of this script would report at least this
# script's size (several hundred MB after a capture). VmHWM in /proc/self/status belongs to the new image only.
_MEASURED_MKDOCS = """
import atexit, os, runpy, signal, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))  # a timeout: still record the peak
out = sys.argv[1]
def _peak():
    try:
        with open('/proc/self/status') as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith('VmHWM:'))
    except (OSError, StopIteration, ValueError):
        import resource
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == 'darwin' else 1)
    with open(out, 'w') as fh:
        fh.write(str(kb))
atexit.register(_peak)
sys.argv = ['mkdocs'] + sys.argv[2:]
runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)
"""


def timed_build(project: Path, site: Path, log: Path, timeout: float | None = None) -> Run:
    """``python -m mkdocs build --strict`` in its own process: wall and CPU time, and that process's peak RSS.

    With ``timeout``, a build still running after that many seconds is stopped and marked ``timed_out``.
    """
    if site.exists():
        shutil.rmtree(site)
    peak_file = log.with_suffix(".peak")
    peak_file.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    stopped = threading.Event()

    def stop(pid: int) -> None:
        stopped.set()
        for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            if grace and finished.wait(grace):
                return

    finished = threading.Event()
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _MEASURED_MKDOCS, str(peak_file), "build", "--strict", "-d", str(site)],
                                cwd=project, stdout=out, stderr=subprocess.STDOUT, env=_env())
        timer = threading.Timer(timeout, stop, (proc.pid,)) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: do not leave the build running
            proc.kill()
            proc.wait()
            raise
        elapsed = time.perf_counter() - start
        finished.set()
        if timer:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and not stopped.is_set():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"build of {project} failed (exit {proc.returncode}); log {log}:\n{tail}")
    peak_kb = int(peak_file.read_text() or 0) if peak_file.exists() else usage.ru_maxrss
    return Run(elapsed, usage.ru_utime + usage.ru_stime, peak_kb / 1024, max(load, os.getloadavg()[0]), stopped.is_set())


@dataclass
class SiteStats:
    html_pages: int
    html_bytes: int
    files: set[str]
    tracker_raw: int
    tracker_gz: int
    largest: list[tuple[int, str]]


def site_stats(site: Path) -> SiteStats:
    html_pages = html_bytes = 0
    files: set[str] = set()
    sizes: list[tuple[int, str]] = []
    for path in site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            files.add(rel)
            if rel.endswith(".html") or rel.endswith("search_index.json"):
                sizes.append((path.stat().st_size, rel))
            if rel.endswith(".html"):
                html_pages += rel != "404.html"
                html_bytes += sizes[-1][0]
    tracker = (site / "tracker" / "index.html").read_bytes()
    return SiteStats(html_pages, html_bytes, files, len(tracker), len(gzip.compress(tracker, compresslevel=6, mtime=0)),
                     sorted(sizes, reverse=True)[:4])


def profile_build(project: Path, site: Path, out: Path, timeout: float | None = None) -> pstats.Stats:
    """Build (a) under cProfile, in the build's own process (``python -m cProfile -m mkdocs build``)."""
    try:
        proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "--strict",
                               "-q", "-d", str(site)], cwd=project, env=_env(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the profiled build ran longer than {timeout:g} s") from None
    if proc.returncode != 0:
        raise RuntimeError(f"profiled build failed:\n{proc.stderr[-3000:]}")
    return pstats.Stats(str(out))


def _short_path(filename: str) -> str:
    for marker in ("site-packages/", "/macros/"):
        if marker in filename:
            rest = filename.split(marker, 1)[1]
            return ("macros/" + rest) if marker == "/macros/" else rest
    return filename if filename.startswith("<") or filename == "~" else Path(filename).name


def _layer(filename: str) -> bool:
    return "/macros/" in filename or "/mkdocs_macros/" in filename


def print_profile(stats: pstats.Stats, top: int = 25) -> None:
    entries = list(stats.stats.items())  # type: ignore[attr-defined]
    total = max((v[3] for _, v in entries), default=0.0)

    def table(title: str, rows: list, sort_index: int, n: int) -> None:
        print(f"\n{title}")
        print(f"  {'ncalls':>11} {'tottime':>8} {'cumtime':>8}  function")
        for (filename, line, func), (cc, nc, tt, ct, _) in sorted(rows, key=lambda kv: -kv[1][sort_index])[:n]:
            calls = f"{nc}/{cc}" if nc != cc else str(nc)
            where = f"{_short_path(filename)}:{line}({func})" if line else func
            print(f"  {calls:>11} {tt:8.3f} {ct:8.3f}  {where}")

    print(f"\nProfile of build (a): {total:.2f} s under cProfile")
    # The layer's own time: its entry points (hook and mkdocs-macros events, module imports) never call each other
    entry = [v[3] for (f, _, func), v in entries
             if (f.endswith("/glue/hooks.py") or f.endswith("mkdocs_macros/plugin.py")) and (func.startswith("on_") or func == "<module>")]
    if total:
        print(f"Annotation layer's own time (hook and mkdocs-macros events, their imports): {sum(entry):.2f} s, "
              f"{100 * sum(entry) / total:.0f}% of the build")
    table(f"Top {top} by cumulative time (whole build):", entries, 3, top)
    layer = [(k, v) for k, v in entries if _layer(k[0])]
    table(f"Annotation layer (macros/, hooks, mkdocs-macros), top {top} by cumulative time:", layer, 3, top)
    table("Annotation layer, top 15 by own time:", layer, 2, 15)


# --------------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------------

@dataclass
class Result:
    size: Size
    recs: int
    words: int
    a: list[Run]
    b: list[Run]
    capture: Capture | None
    stats_a: SiteStats | None
    stats_b: SiteStats | None
    timings: dict[str, float]

    def t(self, which: str, stat: str, clock: str = "wall") -> float | None:
        """The time of (a) or (b); None when not measured. A timed-out run counts as its lower bound."""
        runs = self.a if which == "a" else self.b
        values = [r.seconds if clock == "wall" else r.cpu for r in runs]
        if not values:
            return None
        return min(values) if stat == "best" else statistics.median(values)

    def timed_out(self, which: str) -> bool:
        return any(r.timed_out for r in (self.a if which == "a" else self.b))

    def rss(self, which: str) -> float | None:
        runs = self.a if which == "a" else self.b
        return max(r.maxrss_mb for r in runs) if runs else None

    def load(self) -> float:
        return max((r.load for r in self.a + self.b), default=0.0)


def _code_version(rev: str | None = None) -> str:
    paths = ["overrides", "docs", "mkdocs.yml", "CONTRIBUTING.md"] + ([] if rev else ["macros"])
    try:
        head = subprocess.run(["git", "log", "-1", "--format=%h %s", rev or "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *paths], cwd=ROOT, capture_output=True, text=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{head[:90]}{' + uncommitted changes' if dirty else ''}" if head else "unknown"


def _export_macros(rev: str, dest: Path) -> None:
    """macros/ as committed at ``rev`` (git archive), into ``dest``."""
    import io
    import tarfile

    proc = subprocess.run(["git", "archive", "--format=tar", rev, "macros"], cwd=ROOT, capture_output=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"git archive {rev} macros failed: {proc.stderr.decode(errors='replace').strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        shutil.move(str(Path(tmp) / "macros"), dest)


def say(message: str) -> None:
    print(message, flush=True)


def run_capture(project_a: Path, project_b: Path, work: Path, timeout: float | None) -> Capture | None:
    """capture_plain_project in a child process (its memory and module state stay there); None on timeout."""
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--capture", str(project_a), str(project_b),
                               str(work)], capture_output=True, text=True, env=_env(), timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise RuntimeError(f"capturing the final Markdown of {project_a} failed:\n{proc.stderr[-3000:]}")
    return Capture(**json.loads(proc.stdout.strip().splitlines()[-1]))


def bench_size(size: Size, workdir: Path, args: argparse.Namespace) -> Result:
    label = f"[{size}]"
    timings: dict[str, float] = {}
    project_a, project_b = workdir / "a", workdir / "b"
    for p in (project_a, project_b):
        if p.exists():
            shutil.rmtree(p)
    start = time.perf_counter()
    corpus = generate_project(project_a, size, args.seed, tuple(args.words), args.macros_dir)
    timings["generate"] = time.perf_counter() - start
    say(f"{label} generated {corpus.reports} reports ({corpus.words:,} words), {corpus.annotations} annotations "
        f"({corpus.recommendations} recommendations) in {timings['generate']:.1f} s")
    start = time.perf_counter()
    say(f"{label} check: {check_project(project_a)} ({time.perf_counter() - start:.1f} s)")
    runs_a: list[Run] = []
    runs_b: list[Run] = []
    capture: Capture | None = None
    plain = not args.no_plain
    for k in range(args.repeat):
        a = timed_build(project_a, workdir / "site-a", workdir / "build-a.log", args.timeout)
        runs_a.append(a)
        say(f"{label} run {k + 1}/{args.repeat}: (a) {'stopped after ' if a.timed_out else ''}{a.seconds:.2f} s "
            f"({a.cpu:.2f} s CPU), {a.maxrss_mb:.0f} MB; load {a.load:.1f}")
        if a.timed_out:
            say(f"{label} (a) exceeded --timeout {args.timeout:g} s: no further runs at this size")
            plain = False
            break
        if plain and capture is None:
            start = time.perf_counter()
            capture = run_capture(project_a, project_b, workdir / "capture-site", args.timeout)
            timings["capture"] = time.perf_counter() - start
            if capture is None:
                say(f"{label} capture for (b) exceeded --timeout {args.timeout:g} s: (b) not measured")
                plain = False
            else:
                say(f"{label} captured {capture.pages} pages for (b) in {timings['capture']:.1f} s")
        if plain:
            b = timed_build(project_b, workdir / "site-b", workdir / "build-b.log", args.timeout)
            runs_b.append(b)
            say(f"{label} run {k + 1}/{args.repeat}: (b) {'stopped after ' if b.timed_out else ''}{b.seconds:.2f} s "
                f"({b.cpu:.2f} s CPU), {b.maxrss_mb:.0f} MB; load {b.load:.1f}")
            if b.timed_out:
                plain = False
    stats_a = site_stats(workdir / "site-a") if runs_a and not runs_a[-1].timed_out else None
    stats_b = site_stats(workdir / "site-b") if runs_b and not runs_b[-1].timed_out else None
    if stats_a and stats_b and stats_a.files != stats_b.files:
        only_a, only_b = sorted(stats_a.files - stats_b.files), sorted(stats_b.files - stats_a.files)
        raise RuntimeError(f"(a) and (b) sites differ: only in (a): {only_a[:10]}; only in (b): {only_b[:10]}")
    return Result(size, corpus.recommendations, corpus.words, runs_a, runs_b, capture, stats_a, stats_b, timings)


def _num(value: float | None, fmt: str, width: int, lower_bound: bool = False) -> str:
    if value is None:
        return f"{'—':>{width}}"
    return f"{('>' if lower_bound else '') + format(value, fmt):>{width}}"


def report(results: list[Result], args: argparse.Namespace) -> None:
    stat, clock = args.stat, args.clock

    def t(r: Result, which: str, c: str = clock) -> float | None:
        return r.t(which, stat, c)

    def ratio(x: float | None, y: float | None) -> float | None:
        return x / y if x is not None and y else None

    say("")
    say(f"Build times in seconds ({stat} of {args.repeat}; wall clock and CPU time of the build process), "
        f"ratio and doubling on {clock} time, peak RSS per build, tracker page size ('>': stopped at --timeout)")
    head = (f"{'size (rep/ann/top/act)':<23} {'(a) wall':>8} {'(a) cpu':>8} {'(b) wall':>8} {'(b) cpu':>8} {'ratio':>6} "
            f"{'RSS a MB':>8} {'RSS b MB':>8} {'pages a/b':>11} {'recs':>5} {'tracker KB':>10} {'gz KB':>6} "
            f"{'x2 (a)':>6} {'x2 (b)':>6}")
    say(head)
    say("-" * len(head))
    prev: Result | None = None
    for r in results:
        ta_out, tb_out = r.timed_out("a"), r.timed_out("b")
        double_a = double_b = None
        if prev and r.size == prev.size.scaled(2) and not prev.timed_out("a"):
            double_a = ratio(t(r, "a"), t(prev, "a"))
            double_b = None if prev.timed_out("b") else ratio(t(r, "b"), t(prev, "b"))
        pages = f"{r.stats_a.html_pages if r.stats_a else '—':>5}/{r.stats_b.html_pages if r.stats_b else '—':<5}"
        both = not (ta_out or tb_out)
        say(f"{str(r.size):<23} {_num(t(r, 'a', 'wall'), '.2f', 8, ta_out)} {_num(t(r, 'a', 'cpu'), '.2f', 8, ta_out)} "
            f"{_num(t(r, 'b', 'wall'), '.2f', 8, tb_out)} {_num(t(r, 'b', 'cpu'), '.2f', 8, tb_out)} "
            f"{_num(ratio(t(r, 'a'), t(r, 'b')) if both else None, '.3f', 6)} "
            f"{_num(r.rss('a'), '.0f', 8, ta_out)} {_num(r.rss('b'), '.0f', 8, tb_out)} {pages} {r.recs:>5} "
            f"{_num(r.stats_a.tracker_raw / 1024 if r.stats_a else None, '.1f', 10)} "
            f"{_num(r.stats_a.tracker_gz / 1024 if r.stats_a else None, '.1f', 6)} "
            f"{_num(double_a, '.2f', 6, ta_out)} {_num(double_b, '.2f', 6, tb_out)}")
        prev = r
    say("")
    say("Same pages? (pages: documentation pages; Markdown: bytes read or generated for (a), written for (b))")
    for r in results:
        c = r.capture
        if c and r.stats_a and r.stats_b:
            say(f"  {str(r.size):<21} (a) {c.pages} pages, {c.markdown_bytes_in / 1e6:.1f} MB Markdown in, "
                f"{r.stats_a.html_bytes / 1e6:.1f} MB HTML; (b) {c.pages} pages, {c.markdown_bytes_out / 1e6:.1f} MB "
                f"Markdown (+{c.static_files} static files), {r.stats_b.html_bytes / 1e6:.1f} MB HTML; "
                f"same {len(r.stats_a.files)} site files: {r.stats_a.files == r.stats_b.files}")
            if c.html_blocks:
                say("  " + " " * 22 + f"{c.html_blocks} HTML blocks ({c.html_block_bytes / 1e6:.1f} MB) that (a) puts in after "
                    "Markdown conversion are raw HTML in (b)'s Markdown")
        else:
            why = "stopped at --timeout" if r.timed_out("b") else "not built"
            say(f"  {str(r.size):<21} (b) {why}" + ("" if r.stats_a else "; (a) did not finish"))
        if r.stats_a:
            say("  " + " " * 22 + "largest files of (a): " + ", ".join(f"{rel} {n / 1e6:.1f} MB" for n, rel in r.stats_a.largest))
    busy = [r for r in results if r.load() > 1.5]
    if busy:
        say(f"  Note: the machine was busy with other work (1-minute load up to {max(r.load() for r in busy):.1f} on "
            f"{os.cpu_count()} CPUs): wall times are inflated; CPU times (--clock cpu) are the steadier measure.")
    say("")
    say(f"Targets ({clock} time)")
    lines: list[tuple[bool | None, str]] = []
    for r in results:
        if r.a and r.b and not (r.timed_out("a") or r.timed_out("b")):
            q = ratio(t(r, "a"), t(r, "b"))
            lines.append((q <= RATIO_TARGET, f"(a)/(b) <= {RATIO_TARGET} at {r.size}: {q:.3f}"))
        else:
            lines.append((None, f"(a)/(b) <= {RATIO_TARGET} at {r.size}: not measured ((b) not built)"))
    for p, r in zip(results, results[1:]):
        if r.size == p.size.scaled(2) and not p.timed_out("a"):
            f = ratio(t(r, "a"), t(p, "a"))
            bound = ">" if r.timed_out("a") else ""
            ok = False if r.timed_out("a") and f > DOUBLING_TARGET else (None if r.timed_out("a") else f <= DOUBLING_TARGET)
            lines.append((ok, f"doubling {p.size} -> {r.size} costs <= {DOUBLING_TARGET}x: (a) {bound}{f:.2f}x"))
    large = [r for r in results if r.size == LARGE]
    for r in large:
        ta = t(r, "a")
        lines.append((ta <= LARGE_TARGET_S and not r.timed_out("a"),
                      f"{LARGE} builds (a) in <= {LARGE_TARGET_S:.0f} s: {'>' if r.timed_out('a') else ''}{ta:.1f} s"))
    for r in results:
        if not r.stats_a:
            lines.append((None, f"tracker at {r.size}: not measured ((a) did not finish)"))
            continue
        per = r.stats_a.tracker_gz * TRACKER_TARGET_RECS / r.recs if r.recs else 0
        scaled = "" if r.recs == TRACKER_TARGET_RECS else f" (scaled from {r.stats_a.tracker_gz / 1024:.1f} KB for {r.recs})"
        lines.append((per <= TRACKER_TARGET_GZ, f"tracker <= {TRACKER_TARGET_GZ // 1024} KB gzipped per {TRACKER_TARGET_RECS:,} "
                      f"recommendations at {r.size}: {per / 1024:.1f} KB{scaled}"))
    for ok, text in lines:
        say(f"  {'n/a ' if ok is None else 'PASS' if ok else 'FAIL'}  {text}")
    if not large:
        say(f"  n/a   {LARGE} builds in <= {LARGE_TARGET_S:.0f} s: not measured (run with --large)")
    if not any(r.size == p.size.scaled(2) for p, r in zip(results, results[1:])):
        say("  n/a   doubling: no pair of sizes N, 2N in --sizes")
    if any(ok is False for ok, _ in lines) and not args.profile:
        say("  Some targets are missed: re-run with --profile to see where the time goes.")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See the module docstring (top of scripts/benchmark.py) for what is measured and how.")
    parser.add_argument("--reports", type=int, default=None, help=f"reports in corpus N (default {DEFAULT.reports})")
    parser.add_argument("--annotations", type=int, default=None, help=f"annotations in N (default {DEFAULT.annotations})")
    parser.add_argument("--topics", type=int, default=None, help=f"topics in N (default {DEFAULT.topics})")
    parser.add_argument("--actors", type=int, default=None, help=f"actors in N (default {DEFAULT.actors})")
    parser.add_argument("--large", action="store_true", help=f"N = {LARGE} (reports/annotations/topics/actors)")
    parser.add_argument("--sizes", default="1,2", help="corpus sizes as multiples of N, comma-separated (default 1,2: N and 2N)")
    parser.add_argument("--words", type=lambda s: tuple(int(x) for x in s.split("-")), default=(1000, 6000),
                        metavar="MIN-MAX", help="words per report (default 1000-6000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generator (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="build (a) and (b) k times each (default 1)")
    parser.add_argument("--stat", choices=("median", "best"), default="median", help="which of the repeats to report")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time the ratio, doubling and 60-s targets use: wall clock (default) or the build's CPU "
                             "time, steadier when other work shares the machine")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated projects, sites and logs in DIR")
    parser.add_argument("--profile", action="store_true", help="profile build (a) of the first size with cProfile")
    parser.add_argument("--timeout", type=float, default=None, metavar="S",
                        help="stop a build (or the capture for (b)) that runs longer than S seconds; its time is then "
                             "reported as a lower bound ('>S') and the rest of that size is skipped")
    parser.add_argument("--no-plain", action="store_true", help="build (a) only: no capture, no (b), no ratio")
    parser.add_argument("--rev", metavar="REV", help="benchmark macros/ as committed at this git revision (e.g. HEAD) "
                        "instead of the working tree")
    parser.add_argument("--capture", nargs=3, metavar=("A", "B", "WORK"), help=argparse.SUPPRESS)  # run_capture's child
    args = parser.parse_args(argv)
    base = LARGE if args.large else DEFAULT
    args.base = Size(args.reports or base.reports, args.annotations or base.annotations,
                     args.topics or base.topics, args.actors or base.actors)
    args.multipliers = [float(x) for x in args.sizes.split(",") if x.strip()]
    if len(args.words) != 2 or not 50 <= args.words[0] <= args.words[1]:
        parser.error("--words takes MIN-MAX, e.g. 4000-8000")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.capture:  # the child process of run_capture: the project's own macros/ first, as its build sees it
        sys.path.insert(0, str(Path(args.capture[0]).resolve()))
        capture = capture_plain_project(*(Path(x) for x in args.capture))
        print(json.dumps(dataclasses.asdict(capture)))
        return 0
    import markdown
    import material
    import mkdocs

    say(f"Benchmark: python {platform.python_version()}, mkdocs {mkdocs.__version__}, material "
        f"{getattr(material, '__version__', '?')}, markdown {markdown.__version__}; {os.cpu_count()} CPUs; "
        f"sizes {', '.join(str(args.base.scaled(m)) for m in args.multipliers)}; seed {args.seed}")
    keep = Path(args.keep).resolve() if args.keep else None
    root = keep or Path(tempfile.mkdtemp(prefix="policy-reports-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    # one version of the annotation layer for the whole run, whatever is committed meanwhile
    args.macros_dir = root / "macros-snapshot"
    shutil.rmtree(args.macros_dir, ignore_errors=True)
    if args.rev:
        _export_macros(args.rev, args.macros_dir)
    else:
        shutil.copytree(ROOT / "macros", args.macros_dir, ignore=shutil.ignore_patterns("__pycache__"))
    say(f"Code: {_code_version(args.rev)} (macros/ {'of ' + args.rev if args.rev else ''} copied to {args.macros_dir}; "
        "mkdocs.yml, overrides/ and pages copied from the working tree when each corpus is generated)")
    results: list[Result] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped from outside: still print what was measured
    try:
        for m in args.multipliers:
            size = args.base.scaled(m)
            workdir = root / f"size-{size.reports}-{size.annotations}-{size.topics}-{size.actors}"
            workdir.mkdir(parents=True, exist_ok=True)
            results.append(bench_size(size, workdir, args))
        report(results, args)
        if args.profile:
            workdir = root / f"size-{results[0].size.reports}-{results[0].size.annotations}-{results[0].size.topics}-{results[0].size.actors}"
            say(f"\nProfiling build (a) of {results[0].size} ...")
            stats = profile_build(workdir / "a", workdir / "site-profile", workdir / "build-a.prof",
                                  args.timeout * 3 if args.timeout else None)
            print_profile(stats)
            if keep:
                say(f"\n(profile data: {workdir / 'build-a.prof'})")
    except RuntimeError as err:
        print(f"benchmark aborted: {err}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        if results:
            say("\nInterrupted: the figures of the sizes completed so far")
            report(results, args)
        raise
    finally:
        if keep:
            say(f"\nOutputs kept in {keep}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
