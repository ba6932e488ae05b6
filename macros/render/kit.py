"""What the renderers share within one build: the index, edit links, templates, HTML blocks, a card memo."""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from markupsafe import Markup

from macros.index import Index
from macros.model import Annotation
from macros.render.blocks import Blocks
from macros.render.cards import Cards
from macros.render.templates import package_environment
from macros.render.urls import EditLinks


@dataclass
class Kit:
    """One build's rendering state. ``templates`` comes from the glue (the site's overrides first);
    left out, it is the package's templates alone."""

    index: Index
    edit: EditLinks = field(default_factory=EditLinks)
    blocks: Blocks = field(default_factory=Blocks)
    cards: Cards = None  # type: ignore[assignment]
    templates: Environment = field(default_factory=package_environment)

    def __post_init__(self) -> None:
        self.cards = self.cards or Cards(self.index, self.templates)

    def card(self, ann: Annotation, base: str, *, with_quote: bool, heading: str, compact: bool = False) -> Markup:
        return self.cards(ann, base, with_quote=with_quote, heading=heading, compact=compact,
                          edit_url="" if compact else self.edit.at_line(ann.origin.path, ann.origin.line))
