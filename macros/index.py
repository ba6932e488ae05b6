"""The site index: built once per build from the checked corpus; every page renders from it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from macros.checks import by_report
from macros.model import Actor, Annotation, Corpus, Report, Topic
from macros.schema import inverse_labels, vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabularies, read from the schema (their one definition)."""

    statuses: tuple[tuple[str, str], ...]
    relation_types: tuple[tuple[str, str], ...]
    inverse: dict[str, str]
    actor_kinds: tuple[tuple[str, str], ...]
    claim_types: tuple[tuple[str, str], ...]
    weights: tuple[tuple[str, str], ...] = ()
    force_levels: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_schema(cls, schema_path: str) -> "Vocabulary":
        return cls(tuple(vocabulary(schema_path, "status")), tuple(vocabulary(schema_path, "relationType")),
                   inverse_labels(schema_path), tuple(vocabulary(schema_path, "actorKind")),
                   tuple(vocabulary(schema_path, "claimType")), tuple(vocabulary(schema_path, "weight")),
                   tuple(vocabulary(schema_path, "force", "level")))


def label(value: str) -> str:
    """A vocabulary value as words: "not-yet-assessed" -> "Not yet assessed"."""
    return value.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Link:
    """One end of a relation as seen from an annotation: "supports X" or "supported by Y"."""

    label: str
    other: Annotation
    outgoing: bool


@dataclass
class Index:
    """Lookups every renderer needs, computed once."""

    corpus: Corpus
    vocab: Vocabulary
    annotations: dict[str, Annotation] = field(default_factory=dict)
    by_report: dict[str, list[Annotation]] = field(default_factory=dict)
    by_topic: dict[str, list[Annotation]] = field(default_factory=dict)
    by_actor: dict[str, list[Annotation]] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    related_topics: dict[str, list[tuple[Topic, int]]] = field(default_factory=dict)
    topic_actors: dict[str, list[tuple[Actor, int]]] = field(default_factory=dict)

    @property
    def reports(self) -> list[Report]:
        """Reports, newest first."""
        return sorted(self.corpus.reports.values(), key=lambda r: (r.date, r.slug), reverse=True)

    @property
    def topics(self) -> list[Topic]:
        return sorted(self.corpus.topics.values(), key=lambda t: t.title.lower())

    @property
    def actors(self) -> list[Actor]:
        return sorted(self.corpus.actors.values(), key=lambda a: a.name.lower())

    @property
    def recommendations(self) -> list[Annotation]:
        """Every recommendation, newest report first, then in reading order."""
        return [a for r in self.reports for a in self.by_report.get(r.slug, []) if a.is_recommendation]

    def report(self, ann: Annotation) -> Report:
        return self.corpus.reports[ann.report]

    def status_counts(self) -> list[tuple[str, int]]:
        counts = Counter(a.status for a in self.recommendations)
        return [(status, counts.get(status, 0)) for status, _ in self.vocab.statuses]


def build_index(corpus: Corpus, vocab: Vocabulary) -> Index:
    """Group, order and cross-link the checked corpus."""
    index = Index(corpus, vocab)
    index.by_report = by_report(corpus)
    ordered = [a for r in index.reports for a in index.by_report.get(r.slug, [])]
    index.annotations = {a.id: a for a in ordered}
    by_topic, by_actor = defaultdict(list), defaultdict(list)
    for ann in ordered:
        for t in ann.topics:
            by_topic[t].append(ann)
        for a in ann.actors:
            by_actor[a].append(ann)
    index.by_topic, index.by_actor = dict(by_topic), dict(by_actor)
    index.links = _links(ordered, index.annotations, vocab)
    index.related_topics = {t: _co_topics(t, by_topic[t], corpus) for t in corpus.topics}
    index.topic_actors = {t: _counted(by_topic[t], lambda a: a.actors, corpus.actors) for t in corpus.topics}
    return index


def _links(ordered: list[Annotation], by_id: dict[str, Annotation], vocab: Vocabulary) -> dict[str, list[Link]]:
    """Relations both ways: A supports B shows on A as "supports B" and on B as "supported by A"."""
    links: dict[str, list[Link]] = {a.id: [] for a in ordered}
    for ann in ordered:
        for rel in ann.relations:
            target = by_id[rel.target]
            links[ann.id].append(Link(label(rel.type).lower(), target, True))
            links[target.id].append(Link(vocab.inverse.get(rel.type, rel.type), ann, False))
    return links


def _co_topics(topic: str, items: list[Annotation], corpus: Corpus) -> list[tuple[Topic, int]]:
    """Other topics sharing annotations with ``topic``, most shared first."""
    counts = Counter(t for a in items for t in a.topics if t != topic)
    return [(corpus.topics[t], n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _counted(items: list[Annotation], pick, pool: dict) -> list:
    counts = Counter(x for a in items for x in pick(a))
    return [(pool[x], n) for x, n in sorted(counts.items(), key=lambda kv: (-kv[1], pool[kv[0]].name.lower()))]
