"""The preview server's problem page: what it lists, that it escapes, and that only `mkdocs serve` shows it
(`mkdocs build --strict` still fails on the same data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.problems import Problem
from macros.render.preview import problem_page
from tests.sitebuild import MINI_ANNOTATIONS, BuildFailed, build_site, make_project

BAD = MINI_ANNOTATIONS.replace("topics: [security]", "topics: [nosuch]")


def test_problem_page_lists_each_problem_with_place_message_and_hint_escaped():
    problems = [Problem("annotations/b.yml", 9, 3, "b-id", "summary is empty", "give at least one character"),
                Problem("annotations/a.yml", 4, 14, "<a-id>", "unknown topic '<script>x</script>'", "use & fix")]
    html = problem_page(problems)
    assert "<title>Preview stopped: 2 problems</title>" in html
    first, second = html.index("annotations/a.yml:4:14"), html.index("annotations/b.yml:9:3")
    assert first < second  # sorted by file and line, as `make check` prints them
    assert ("<code class=\"subject\">&lt;a-id&gt;</code>: <span class=\"message\">unknown topic "
            "&#39;&lt;script&gt;x&lt;/script&gt;&#39;</span><p class=\"hint\">hint: use &amp; fix</p>") in html
    assert "<script" not in html and "<link" not in html  # a page on its own: no script, no asset


def test_problem_page_of_a_failed_build_shows_the_error_escaped():
    html = problem_page([], "WARNING: a link to '<x>' is broken\nAbort: Aborted with 1 warnings in strict mode!")
    assert "<h1>The build failed: the site is not built</h1>" in html
    assert "WARNING: a link to &#39;&lt;x&gt;&#39; is broken\nAbort: Aborted" in html


def serve_build(root: Path, site: Path) -> None:
    """One build as `mkdocs serve` runs it (the plugin told it is serving)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


def test_serve_shows_the_problems_at_every_page_while_build_fails(tmp_path):
    root = make_project(tmp_path / "project", annotations={"test-report": BAD})
    with pytest.raises(BuildFailed, match=r"annotations/test-report.yml:8:14: test-committee: unknown topic 'nosuch'"):
        build_site(root, tmp_path / "built")
    site = tmp_path / "served"
    serve_build(root, site)
    for page in ("index.html", "404.html", "reports/test-report/index.html", "tracker/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<code class=\"where\">annotations/test-report.yml:8:14</code>" in html, page
        assert "hint: add it to annotations/topics.yml first" in html, page
    (root / "annotations" / "test-report.yml").write_text(MINI_ANNOTATIONS, encoding="utf-8")
    serve_build(root, site)  # the next good save: the site again, the problem page gone
    assert "preview-problems" not in (site / "reports/test-report/index.html").read_text(encoding="utf-8")
    assert (site / "topics/security/index.html").is_file()


def test_a_rebuild_that_fails_for_another_reason_shows_why_at_every_address(tmp_path, capsys):
    import logging
    from types import SimpleNamespace

    from mkdocs.exceptions import Abort

    from macros.glue.plugin import AnnotationsPlugin

    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "reports").mkdir(parents=True)
    (docs / "reports" / "r.md").write_text("text", encoding="utf-8")
    (docs / "index.md").write_text("home", encoding="utf-8")
    (site / "topics" / "t").mkdir(parents=True)
    (site / "topics" / "t" / "index.html").write_text("stale", encoding="utf-8")

    def builder() -> None:
        logging.getLogger("mkdocs.commands.build").warning("Doc file 'index.md' contains a link to '<gone>.md'")
        raise Abort("Aborted with 1 warnings in strict mode!")

    plugin = AnnotationsPlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = SimpleNamespace(site_dir=str(site), docs_dir=str(docs), use_directory_urls=True)
    plugin.failures_shown(builder, config)()  # returns: the server then reloads the browsers
    for page in ("index.html", "404.html", "reports/r/index.html", "topics/t/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<h1>The build failed: the site is not built</h1>" in html, page
        assert ("WARNING: Doc file &#39;index.md&#39; contains a link to &#39;&lt;gone&gt;.md&#39;\n"
                "Abort: Aborted with 1 warnings in strict mode!") in html, page
    assert "Abort: Aborted with 1 warnings" in capsys.readouterr().err  # the traceback, in the terminal
