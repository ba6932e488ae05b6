"""A crawl of a built site for anything live that is not ours: scripts, event handlers, script URLs, duplicate ids.

The 404 page is rendered from the theme's templates alone (no contributor text reaches it), so the
scripts it carries are the site's own; every other page may carry those and no others. The one other
``<script>`` allowed is a data block: ``type="application/ld+json"`` exactly, no ``src``, a body that
parses as one JSON object and holds no ``<`` (so no value could have closed it or opened a comment);
it is never run. Any other type counts as a script.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcset"}
SCRIPT_URL = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.I)
DATA_BLOCK = "application/ld+json"
EMBEDS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta-refresh"}
# What differs between two pages' copies of the same script: the way they address the site's root.
_ROOTS = [(re.compile(r'new URL\("[^"]*",location\)'), 'new URL("",location)'), (re.compile(r'"base": "[^"]*"'), '"base": ""'),
          (re.compile(r'"(?:\.\./)+|"\./|"/(?=assets)'), '"')]


class _Page(HTMLParser):
    """Collects the scripts, attributes and ids of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.findings: list[str] = []
        self.ids: Counter[str] = Counter()
        self.data_blocks: list[object] = []
        self._in_script: list[str] | None = None
        self._script_src = ""
        self._script_type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                self.findings.append(f"script URL in {name}= on <{tag}>: {value[:60]}")
            if name == "id":
                self.ids[value] += 1
            if name == "http-equiv" and value.lower() == "refresh":
                self.findings.append("meta refresh")
        if tag in EMBEDS:
            self.findings.append(f"<{tag}> element")
        if tag == "script":
            self._in_script, self._script_src = [], dict(attrs).get("src") or ""
            self._script_type = dict(attrs).get("type") or ""

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._in_script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            body = "".join(self._in_script).strip()
            self._in_script = None
            if self._script_type == DATA_BLOCK and not self._script_src:
                self._data_block(body)
                return
            self.scripts.append(normalise("src=" + self._script_src if self._script_src else body))

    def _data_block(self, body: str) -> None:
        try:
            data = json.loads(body)
        except ValueError:
            self.findings.append(f"a {DATA_BLOCK} block that is not JSON: {body[:60]}")
            return
        if not isinstance(data, dict) or "<" in body:
            self.findings.append(f"a {DATA_BLOCK} block that is not one object free of '<': {body[:60]}")
            return
        self.data_blocks.append(data)


def normalise(script: str) -> str:
    """A script with the page's depth taken out (``../../assets/x.js`` and ``/assets/x.js`` are the same)."""
    if script.startswith("src="):
        return "src=" + re.sub(r"^(\./|\.\./|/)+", "", script[4:])
    for pattern, replacement in _ROOTS:
        script = pattern.sub(replacement, script)
    return script


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def unsafe_markup(site: Path) -> list[str]:
    """Everything live in ``site`` that is not ours, as 'page: what' lines (empty when the site is clean)."""
    ours = set(parse((site / "404.html").read_text(encoding="utf-8")).scripts)
    found = []
    for path in sorted(site.rglob("*.html")):
        page = parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        found += [f"{rel}: {what}" for what in page.findings]
        found += [f"{rel}: a script that is not the site's own: {s[:80]}" for s in page.scripts if s not in ours]
        found += [f"{rel}: id '{i}' is used {n} times" for i, n in page.ids.items() if n > 1]
    return found
