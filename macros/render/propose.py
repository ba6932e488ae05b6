"""What the "Annotate this passage" panel needs: a report's text marked with its file and ids, the site's lists.

``docs/assets/annotate.js`` reads the report's text from the element ``report_text`` wraps around it (the
text the check anchors quotes in), and proposes an annotation: its id takes the prefix the report's
annotations use, made unique among the site's ids with that prefix (``data/ids/<prefix>.json``), as
``macros.scaffold`` does; its kind, claim type, weight, level of force, topics and actors come from
``vocabulary_json`` (the values and descriptions the schema defines), published as
``data/vocabulary.json``. Both are fetched when the panel opens, so that a page carries none of them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from jinja2 import Environment
from markupsafe import Markup

from macros.index import Index
from macros.render.templates import render

KINDS = ("claim", "recommendation")
VOCABULARY = "data/vocabulary.json"
IDS = "data/ids/{prefix}.json"


def id_prefix(index: Index, slug: str) -> str:
    """The first word most of the report's ids share (the first one met on a tie), else the slug's first word."""
    prefixes = Counter(a.id.split("-")[0] for a in index.by_report.get(slug, []))
    return prefixes.most_common(1)[0][0] if prefixes else slug.split("-")[0]


class Proposals:
    """One build's ids grouped by their first word, computed once: a report's proposals must not take the
    ids with its prefix, which one file per prefix lists."""

    def __init__(self, index: Index, templates: Environment):
        self.index, self.templates = index, templates
        self.by_prefix: dict[str, list[str]] = defaultdict(list)
        for ident in index.annotations:
            self.by_prefix[ident.split("-")[0]].append(ident)

    def report_text(self, slug: str, body: Markup, base: str, annotation_file: str, edit_url: str) -> Markup:
        """The report's text (``body``, highlighted HTML) wrapped in the element annotate.js reads."""
        prefix = id_prefix(self.index, slug)
        return render(self.templates, "report-text.html", body=body, slug=slug, prefix=prefix,
                      ids=base + IDS.format(prefix=prefix), file=annotation_file, edit_url=edit_url,
                      vocabulary=base + VOCABULARY)

    def id_files(self) -> dict[str, str]:
        """``data/ids/<prefix>.json`` for each report's prefix: the site's ids with that prefix, sorted."""
        prefixes = set(self.by_prefix) | {id_prefix(self.index, slug) for slug in self.index.corpus.reports}
        return {IDS.format(prefix=p): json.dumps(sorted(self.by_prefix.get(p, [])), indent=0) for p in sorted(prefixes)}


def vocabulary_json(index: Index) -> str:
    """The kinds, claim types, weights, levels of force, topics and actors a proposal may use, as the site lists them."""
    vocab = index.vocab
    return json.dumps({
        "kinds": list(KINDS),
        "claim_types": [{"id": value, "description": text} for value, text in vocab.claim_types],
        "weights": [{"id": value, "description": text} for value, text in vocab.weights],
        "force_levels": [{"id": value, "description": text} for value, text in vocab.force_levels],
        "topics": [{"id": t.id, "title": t.title} for t in index.topics],
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind} for a in index.actors],
    }, ensure_ascii=False, indent=1)
