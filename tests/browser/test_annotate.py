""""Annotate this passage" (docs/assets/annotate.js) in Chromium.

The JavaScript port of the check's text and matching must agree with the Python on every quote of the
corpus: the same report text read from the page, the same normalised text, the same unique span (in code
points, as Python counts), the same id a new annotation would get. And a reader's selections (one with
curly quotes, one of a passage that occurs twice, one across an inline link) give YAML that, appended to the
report's annotation file in a copy of the project, passes `python -m macros check`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

from macros.anchoring import SearchText
from macros.scaffold import AnnotationRequest, _base_id, _entry, _fresh_id, _item_text, _wording_problems
from macros.text import Normalized, normalize_quote
from tests.browser.helpers import bench_serve as bench
from tests.browser.helpers import new_context, pdf_script
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser

REPO = "https://github.com/example-org/policy-reports"
AGREE = """([text, quotes, prefix, taken]) => {
  const a = window.annotate, root = document.querySelector(".report-text");
  const page = a.reportText(root).text, search = new a.SearchText(page);
  return {page, norm: search.norm, quotes: quotes.map(([exact, pre, suf]) => {
    const m = search.anchor(exact, pre, suf);
    const found = m.count === 1 ? a.propose(search, m.start, m.end) : null;
    return {needle: a.normalizeQuote(exact), count: m.count,
            start: a.codePoints(page, m.start), end: a.codePoints(page, m.end),
            proposed: found && [found.exact, found.prefix, found.suffix],
            id: a.suggestId(prefix, exact, new Set(taken))};
  })};
}"""


@pytest.fixture(scope="module")
def corpus():
    """This repository's data as the check reads it: each report's text, each quote anchored."""
    from macros.glue.config import load_project
    from macros.validation import load_checked

    checked, problems = load_checked(load_project(ROOT))
    assert not problems
    return checked


def test_javascript_reads_the_page_and_anchors_every_quote_as_the_check_does(page, corpus):
    for report in corpus.reports.values():
        page.goto(f"reports/{report.slug}/")
        annotations = [a for a in corpus.annotations if a.report == report.slug]
        root = page.locator(".report-text")
        prefix = root.get_attribute("data-id-prefix")
        taken = page.evaluate("async (url) => (await fetch(url)).json()", root.get_attribute("data-ids-url"))
        quotes = [[a.quote.exact, a.quote.prefix or "", a.quote.suffix or ""] for a in annotations]
        got = page.evaluate(AGREE, [report.text, quotes, prefix, taken])
        assert got["page"] == report.text, report.slug  # the text the check anchors in, read from the page
        search = SearchText(report.text)
        assert got["norm"] == Normalized(report.text).text
        for ann, js in zip(annotations, got["quotes"]):
            match = search.anchor(ann.quote.exact, ann.quote.prefix or "", ann.quote.suffix or "")
            assert js["needle"] == normalize_quote(ann.quote.exact), ann.id
            assert (js["count"], js["start"], js["end"]) == (match.count, match.start, match.end), ann.id
            assert match.found and (match.start, match.end) == ann.span, ann.id
            exact, pre, suf = js["proposed"]  # what the panel proposes for the same span anchors there, once
            again = search.anchor(exact, pre, suf)
            assert (again.count, again.start, again.end) == (1, match.start, match.end), ann.id
            # The id new-annotation would give another annotation of this passage: the file's prefix and the
            # passage's words (_base_id), made unique among the site's ids (_fresh_id).
            mine = type("Loaded", (), {"data": {"annotations": [{"id": a.id} for a in annotations]}})
            site = type("Corpus", (), {"annotations": [type("Annotation", (), {"id": i}) for i in taken]})
            assert js["id"] == _fresh_id(site, mine, _base_id(mine, report.slug, ann.quote.exact)), ann.id


def test_javascript_white_space_and_quotes_are_pythons_on_every_character(page, corpus):
    page.goto(f"reports/{next(iter(corpus.reports))}/")
    every = "".join(chr(c) for c in range(1, 0x30000) if not 0xD800 <= c < 0xE000)
    got = page.evaluate("""(text) => {
      const a = window.annotate, n = new a.Normalized(text + "  x \\u3000\\u2028 y");
      return [a.normalizeQuote(text), n.text, a.collapse(text)];
    }""", every)
    assert got[0] == normalize_quote(every)
    assert got[1] == Normalized(every + "  x \u3000\u2028 y").text
    assert got[2] == re.sub(r"\s+", " ", every).strip()


# A paragraph of our own, appended to a report in a copy of the project: curly quotes and words YAML would
# retype, a passage that occurs twice, and an inline link inside a passage.
PARAGRAPH = ("The review panel called the plan “a ‘no-regrets’ choice: yes, no, 2021-05-01” for everyone. "
             "The quarterly zeppelin audit should widen, one said; a second quarterly zeppelin audit should widen, one said. "
             "Readers should consult the [annual zeppelin tables](https://example.org/tables) before any vote.")
SELECT = """([cpStart, cpEnd]) => {
  const a = window.annotate, root = document.querySelector(".report-text"), t = a.reportText(root);
  const unit = (cp) => Array.from(t.text).slice(0, cp).join("").length;
  const at = (offset, end) => {
    for (let k = 0; k < t.nodes.length; k++) {
      const s = t.starts[k], e = s + t.nodes[k].data.length;
      if (end ? s < offset && offset <= e : s <= offset && offset < e) return [t.nodes[k], offset - s];
    }
  };
  const range = document.createRange();
  range.setStart(...at(unit(cpStart), false));
  range.setEnd(...at(unit(cpEnd), true));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


@pytest.fixture(scope="module")
def proposing(tmp_path_factory, browser):
    """A copy of the project whose first report ends with PARAGRAPH, built with a repository address, served."""
    root = bench.copy_project(tmp_path_factory.mktemp("propose") / "project")
    report = min((root / "docs" / "reports").glob("*.md"))
    report.write_text(report.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + PARAGRAPH + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPO_URL", REPO)
        site = build_site(root, tmp_path_factory.mktemp("propose-site"))
    with pdf_script.serve(site) as url:
        context = new_context(browser, url)
        yield root, report.stem, context
        context.close()


def passage(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    return starts[nth], starts[nth] + len(words)


CASES = [  # (the passage as the page shows it, which occurrence, kind, claim type or level of force,
    # weight or wording, expected prefix, suffix)
    ("“a ‘no-regrets’ choice: yes, no, 2021-05-01”", 0, "claim", "assessment", "key", "", ""),
    ("quarterly zeppelin audit should widen", 1, "recommendation", "urged", "should", "second", ""),
    ("consult the annual zeppelin tables before", 0, "claim", "fact", "supporting", "", ""),
]


def test_selections_give_yaml_that_passes_the_check(proposing):
    from playwright.sync_api import expect

    from macros.glue.config import load_project
    from macros.validation import load_checked

    root, slug, context = proposing
    text = load_checked(load_project(root))[0].reports[slug].text
    page = context.new_page()
    page.goto(f"reports/{slug}/")
    items = []
    for n, (words, nth, kind, kind_of, strength, prefix, suffix) in enumerate(CASES):
        page.evaluate(SELECT, list(passage(text, words, nth)))
        page.get_by_role("button", name="Annotate this passage").click()
        panel = page.get_by_role("dialog", name="Propose an annotation")
        expect(panel.locator(".annotate-exact")).to_have_text(words)
        expect(panel.locator(".annotate-status")).to_contain_text("occurs 2 times" if nth else "occurs once")
        panel.get_by_label("Kind", exact=True).select_option(kind)
        if kind == "claim":
            panel.get_by_label("Claim type", exact=True).select_option(kind_of)
            panel.get_by_label("Weight", exact=True).select_option(strength)
            expect(panel.get_by_label("Force", exact=True)).to_be_hidden()
        else:  # the level and wording the passage's own word proposes; a wording not in the passage is warned of
            expect(panel.get_by_label("Weight", exact=True)).to_be_hidden()
            expect(panel.get_by_label("Force", exact=True)).to_have_value(kind_of)
            wording = panel.get_by_role("textbox", name=re.compile("^Wording"))
            expect(wording).to_have_value(strength)
            wording.fill("could")  # a wording that signals another level sets it, until the reader picks one
            expect(panel.get_by_label("Force", exact=True)).to_have_value("option")
            expect(wording).to_have_attribute("aria-invalid", "true")
            expect(panel.locator("#annotate-wording-hint")).to_have_text(
                "Warning: “could” does not occur in the passage: the check would refuse it.")
            wording.fill(strength)
            expect(panel.get_by_label("Force", exact=True)).to_have_value(kind_of)
            expect(wording).not_to_have_attribute("aria-invalid", "true")
            expect(panel.locator("#annotate-wording-hint")).not_to_contain_text("Warning")
        panel.locator(".annotate-choices").nth(0).locator("input").first.check()
        panel.locator(".annotate-choices").nth(1).locator("input").nth(n).check()
        panel.get_by_role("textbox", name=re.compile("^Summary")).fill(f"Yes: no # not a comment, 2021-05-01, case {n}.")
        edit = panel.get_by_role("link", name=re.compile("in the repository's editor"))
        expect(edit).to_have_attribute("href", f"{REPO}/edit/main/annotations/{slug}.yml")
        item = panel.locator(".annotate-yaml").inner_text()
        entry = yaml.safe_load(item)[0]
        assert entry["quote"] == {"exact": words} | \
            ({"prefix": prefix} if prefix else {}) | ({"suffix": suffix} if suffix else {})
        assert entry["summary"] == f"Yes: no # not a comment, 2021-05-01, case {n}."  # strings, read by any YAML reader
        assert (entry.get("weight"), entry.get("force")) == \
            ((strength, None) if kind == "claim" else (None, {"level": kind_of, "wording": strength}))
        assert item == _item_text(entry, 2)  # exactly what `make new-annotation` would write
        items.append(item)
        panel.get_by_role("button", name="Close").click()
        expect(panel).to_have_count(0)
    page.close()
    source = root / "annotations" / f"{slug}.yml"
    source.write_text(source.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(items), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "macros", "check"], cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    added = {yaml.safe_load(i)[0]["id"] for i in items}
    checked = {a.id: a for a in load_checked(load_project(root))[0].annotations}
    assert added <= set(checked) and len(added) == 3
    spans = sorted(checked[i].span for i in added)
    assert [text[s:e] for s, e in spans] == [w for w, *_ in CASES]  # each anchors where it was selected
    assert spans[1][0] == passage(text, CASES[1][0], 1)[0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_panel_opens_and_closes_from_the_keyboard_and_is_axe_clean(proposing, scheme):
    from playwright.sync_api import expect

    root, slug, context = proposing
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(f"reports/{slug}/")
    text = page.evaluate("window.annotate.reportText(document.querySelector('.report-text')).text")
    page.evaluate(SELECT, list(passage(text, "quarterly zeppelin audit", 0)))
    page.keyboard.press("Alt+Shift+A")
    panel = page.get_by_role("dialog", name="Propose an annotation")
    expect(panel.get_by_label("Id", exact=True)).to_be_focused()
    expect(panel.get_by_label("Id", exact=True)).to_have_value(re.compile(r"-quarterly-zeppelin-audit$"))
    page.keyboard.press("Tab")
    expect(panel.get_by_label("Kind", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(panel.get_by_label("Claim type", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(panel.get_by_label("Weight", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")  # a choice made from the keyboard
    expect(panel.locator(".annotate-yaml")).to_contain_text("weight: key")
    axe_clean(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # Kind: recommendation; its force and wording follow it in the tab order
    expect(panel.get_by_label("Kind", exact=True)).to_have_value("recommendation")
    page.keyboard.press("Tab")
    expect(panel.get_by_label("Force", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    wording = panel.get_by_role("textbox", name=re.compile("^Wording"))
    expect(wording).to_be_focused()
    page.keyboard.type("should")  # not in "quarterly zeppelin audit": warned, and the warning describes the field
    expect(wording).to_have_accessible_description(re.compile("^Warning: “should” does not occur in the passage"))
    expect(panel.locator(".annotate-yaml")).to_contain_text("level: urged")
    axe_clean(page)
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(page.locator(".report-text")).to_be_focused()  # the reader is back in the text
    page.close()


def axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    severe = [(v["id"], node["target"], node["failureSummary"]) for v in results["violations"]
              if v["impact"] in ("serious", "critical") for node in v["nodes"]]
    assert not severe, severe


LONG = "word " * 30 + "https://example.org/a-very-long-address-that-no-line-can-hold-" + "x" * 80 + " 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 “end”"
ENTRIES = [  # new-annotation's entries: unfinished fields get its notes; long words and astral characters wrap alike
    _entry(AnnotationRequest("r", "", "claim"), LONG, "t-claim"),
    _entry(AnnotationRequest("r", "", "recommendation", LONG, ("a", "b-c"), prefix="# not", suffix="no"), "x: y", "t-rec"),
    _entry(AnnotationRequest("r", "", "claim", "yes", ("t",), ("x-y",), "fact", weight="key"), "2021-05-01", "t-fact"),
    _entry(AnnotationRequest("r", "", "recommendation", "s", force="urged", wording=" need\n to "), "we need to act", "t-a"),
    _entry(AnnotationRequest("r", "", "recommendation", force="option", wording="May"), "May: “x”", "t-b"),
    _entry(AnnotationRequest("r", "", "recommendation", wording="could consider"), "could consider", "t-c"),
    _entry(AnnotationRequest("r", "", "recommendation", force="urged", wording="on"), "must carry on", "t-d"),
]


def test_the_yaml_is_new_annotations_and_values_yaml_would_retype_are_quoted(page, corpus):
    page.goto(f"reports/{next(iter(corpus.reports))}/")
    for entry in ENTRIES:
        assert page.evaluate("(e) => window.annotate.itemText(e, 2)", entry) == _item_text(entry, 2)
    assert 'wording: "on"' in _item_text(ENTRIES[-1], 2)  # a word YAML 1.1 reads as true (yamllint's truthy rule)
    scalars = page.evaluate("(vs) => vs.map(window.annotate.scalar)", ["ewc-jobs", "no", "on", "2021-05-01", "a:b", "y"])
    assert scalars == ["ewc-jobs", '"no"', '"on"', '"2021-05-01"', '"a:b"', '"y"']
    refused = page.evaluate("(vs) => vs.map(window.annotate.refusal)", ["fine ’quote’ \u00ad", "a\u200eb", "a\x07b"])
    assert refused == ["", "an invisible direction control (U+200E)", "an invisible control character (U+0007)"]


def test_the_passages_first_modal_word_proposes_the_force_and_the_wording_must_be_in_the_passage(page, corpus):
    page.goto(f"reports/{next(iter(corpus.reports))}/")
    passages = ["Japan should act", "Officials MUST act, and could wait", "Tokyo needs to act", "We need to act",
                "We recommend a fund", "The panel proposes a fund", "Japan could act", "Tokyo might act", "it may act",
                "Japan shouldered costs; mayors may act", "No word here", "mustard could"]
    got = page.evaluate("(ps) => ps.map((p) => window.annotate.proposeForce(p))", passages)
    assert [(f["level"], f["wording"]) for f in got] == [
        ("urged", "should"), ("urged", "MUST"), ("urged", "needs to"), ("urged", "need to"), ("proposed", "recommend"),
        ("proposed", "proposes"), ("option", "could"), ("option", "might"), ("option", "may"), ("option", "may"),
        ("", ""), ("option", "could")]
    pairs = [["Should", "we should act"], ["need  to", "We need to act"], ["“x”", "say \"x\""], ["must", "we should act"]]
    assert page.evaluate("(ps) => ps.map(([w, q]) => window.annotate.wordingInQuote(w, q))", pairs) == [True, True, True, False]
    for wording, exact in pairs:  # as new-annotation decides
        request = AnnotationRequest("r", exact, "recommendation", wording=wording)
        assert (not _wording_problems(request, exact)) == page.evaluate(
            "([w, q]) => window.annotate.wordingInQuote(w, q)", [wording, exact])
