"""What the renderers share within one build: the index, edit links, URL style, theme, templates, a card memo."""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from markupsafe import Markup

from macros.index import Index
from macros.model import Annotation
from macros.render.cards import Cards
from macros.render.templates import Theme, environment
from macros.render.urls import EditLinks, Urls


@dataclass
class Kit:
    """One build's rendering state. The glue gives the site's settings (URL style, theme names, the
    folder of template overrides); left out, they are directory URLs, no theme names, the package's
    templates alone (for tests and scripts)."""

    index: Index
    edit: EditLinks = field(default_factory=EditLinks)
    urls: Urls = field(default_factory=Urls)
    theme: Theme = field(default_factory=Theme)
    templates: Environment = None  # type: ignore[assignment]
    cards: Cards = None  # type: ignore[assignment]
    site_url: str = ""
    """The site's address, which the exports and the Data page give the passages under ("" in tests: site-relative)."""

    def __post_init__(self) -> None:
        self.templates = self.templates or environment(theme=self.theme)
        self.cards = self.cards or Cards(self.index, self.templates, self.urls)

    def card(self, ann: Annotation, base: str, *, with_quote: bool, heading: str, compact: bool = False) -> Markup:
        return self.cards(ann, base, with_quote=with_quote, heading=heading, compact=compact,
                          edit_url="" if compact else self.edit.at_line(ann.origin.path, ann.origin.line))
