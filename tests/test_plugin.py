"""The MkDocs glue: the plugin's options are documented, and the site's settings reach the core from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.glue.config import THEMES, load_project, template_pages
from macros.glue.plugin import AnnotationsConfig
from macros.glue.search import PagefindConfig
from tests.sitebuild import ROOT, BuildFailed, build_site, make_project


def test_every_plugin_option_is_documented_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| `([^`]*)` \| .+ \|$", readme, re.M))
    options = {name: str(option.default) for config in (AnnotationsConfig, PagefindConfig) for name, option in config._schema}
    assert documented == options


def test_the_site_settings_reach_the_core_through_the_glue() -> None:
    project = load_project(ROOT)
    assert project.docs == "docs" and project.annotations == "annotations"
    assert project.template_pages == {"index.md", "about.md", "tracker.md", "briefing.md", "data.md"}
    assert "admonition" in project.markdown_extensions and "assets/annotations.js" in project.declared_files
    assert THEMES["material"].button_class == "md-button"


@pytest.mark.parametrize("paths, error", [("index.md\n", "starting with '/'"), ("/*.md\n", "without wildcards")])
def test_template_pages_are_listed_one_by_one(tmp_path: Path, paths: str, error: str) -> None:
    root = make_project(tmp_path / "p")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"force_render_paths: \|\n(        .*\n)+", "force_render_paths: |\n        " + paths, config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    from mkdocs.config import load_config
    from macros.glue.config import ConfigError
    with pytest.raises(ConfigError, match=re.escape(error)):
        template_pages(load_config(str(root / "mkdocs.yml")))


@pytest.mark.slow
def test_file_urls_when_the_site_asks_for_them(tmp_path: Path) -> None:
    """With use_directory_urls: false every generated link is a .html address that exists."""
    root = make_project(tmp_path / "p")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("strict: true", "strict: true\nuse_directory_urls: false"), encoding="utf-8")
    site = build_site(root, tmp_path / "site")
    page = BeautifulSoup((site / "topics" / "security.html").read_text(encoding="utf-8"), "html.parser")
    deep = page.select_one("a.deep-link")["href"]
    assert deep == "../reports/test-report.html#test-committee"
    assert (site / "topics" / deep.split("#")[0]).resolve().is_file()
    links = [a["href"].split("#")[0] for a in page.select(".side-box a, a.card-title")]  # related pages, full cards
    assert links and all(h.endswith(".html") and (site / "topics" / h).resolve().is_file() for h in links)
    book = BeautifulSoup((site / "briefing.html").read_text(encoding="utf-8"), "html.parser")
    topics = [a["href"] for a in book.select(".briefing-toc a")]  # the briefing book's pages, one per topic
    assert topics and all(h.endswith(".html") and (site / h).is_file() for h in topics)


@pytest.mark.slow
def test_the_build_needs_the_plugin_listed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"\n  - annotations\n", "\n", config), encoding="utf-8")
    with pytest.raises(BuildFailed, match="'annotations' plugin"):
        build_site(root, tmp_path / "site")


def test_the_macros_the_check_allows_are_the_macros_registered() -> None:
    """MACRO_NAMES (what a template page may call) and define_env (what exists) cannot drift apart."""
    from types import SimpleNamespace

    from macros.glue.env import MACRO_NAMES, define_env
    from macros.glue.plugin import AnnotationsPlugin

    registered: list[str] = []
    env = SimpleNamespace(conf={"plugins": {"annotations": AnnotationsPlugin()}}, page=None,
                          macro=lambda f: registered.append(f.__name__) or f)
    define_env(env)
    assert sorted(registered) == sorted(MACRO_NAMES)


def test_exports_are_written_to_the_site_folder_not_held_in_memory(tmp_path: Path) -> None:
    """An export goes straight to its place in the site folder, its line ends as written (RIS and CSV end
    lines CR LF), and MkDocs' copy of it is a no-op that keeps it."""
    from mkdocs.config import load_config
    from macros.glue.plugin import written
    root = make_project(tmp_path / "p")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "annotations"  # as while MkDocs runs the plugin's on_files
    file = written(config, "data/citations/x.ris", "TY  - RPRT\r\nER  - \r\n")
    dest = tmp_path / "site" / "data" / "citations" / "x.ris"
    assert dest.read_bytes() == b"TY  - RPRT\r\nER  - \r\n"
    assert Path(file.abs_src_path) == dest and Path(file.abs_dest_path) == dest and file.url == "data/citations/x.ris"
    file.copy_file()
    assert dest.read_bytes() == b"TY  - RPRT\r\nER  - \r\n"


def test_a_file_in_parts_is_written_part_after_part_and_registered_once_whole(tmp_path: Path) -> None:
    """The whole-corpus exports come in parts (one per batch of reports): each is appended as it comes, the
    file is registered with MkDocs once its last part is written, and the Data page's size is the whole file's."""
    from types import SimpleNamespace

    from mkdocs.config import load_config
    from macros.glue.plugin import AnnotationsPlugin
    from macros.render.files import Part
    root = make_project(tmp_path / "p")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "annotations"
    plugin = AnnotationsPlugin()
    plugin.site = SimpleNamespace(file_sizes={"data/citations.json": 99})  # a size left from an earlier build
    dest = tmp_path / "site" / "data" / "citations.json"
    dest.parent.mkdir(parents=True)
    dest.write_text("stale", encoding="utf-8")
    started: set[str] = set()
    parts = [Part("{"), Part('"a":"é"'), Part(""), Part(',"b":1'), Part("}", last=True)]
    made = [plugin.add(config, "data/citations.json", part, started) for part in parts]
    assert made[:-1] == [None] * 4 and made[-1].url == "data/citations.json" and Path(made[-1].abs_src_path) == dest
    assert dest.read_text(encoding="utf-8") == '{"a":"é","b":1}'
    assert plugin.site.file_sizes["data/citations.json"] == dest.stat().st_size == 16


PROBE = '''
import json
from pathlib import Path

seen = {}


def on_env(env, config, files):  # every page converted, none written yet
    for file in files.documentation_pages():
        seen[file.src_uri] = {"held": len(file.page.content or ""), "lines": "anno-line" in (file.page.content or "")}


def on_post_page(output, page, config):
    seen[page.file.src_uri]["written"] = "anno-line" in output
    return output


def on_post_build(config):
    files = config["extra"]["probe_files"]
    seen["__after__"] = [src for src, f in files.items() if f.page is not None and f.page.content]
    Path(config["extra"]["probe_out"]).write_text(json.dumps(seen))


def on_files(files, config):
    config["extra"]["probe_files"] = {f.src_uri: f for f in files.documentation_pages()}
    return files
'''


@pytest.mark.slow
def test_generated_and_report_pages_hold_their_html_only_while_being_written(tmp_path: Path) -> None:
    """Between conversion and writing, MkDocs holds every page: a generated page then holds only its Markdown's
    HTML with placeholders (its cards and lines come in just before it is written), and neither a generated
    nor a report page keeps its HTML once written."""
    import json

    root = make_project(tmp_path / "p")
    (root / "probe.py").write_text(PROBE, encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    out = tmp_path / "probe.json"
    assert "\nhooks:" not in config and "\nextra:" not in config
    config += f"\nhooks:\n  - probe.py\nextra:\n  probe_out: {out}\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = build_site(root, tmp_path / "site")
    seen = json.loads(out.read_text())
    topic = "topics/security.md"
    assert "anno-line" in (site / "topics" / "security" / "index.html").read_text(encoding="utf-8")
    assert seen[topic] == {"held": seen[topic]["held"], "lines": False, "written": True}  # placeholders, then lines
    assert seen["__after__"] and not [s for s in seen["__after__"] if s.startswith(("topics/", "actors/", "reports/", "briefing/"))]


@pytest.mark.parametrize("value", [0, -3])
def test_the_search_refuses_a_part_of_no_pages(value: int) -> None:
    from mkdocs.exceptions import PluginError

    from macros.glue.search import PagefindPlugin

    plugin = PagefindPlugin()
    assert plugin.load_config({"pages_per_part": value}) == ([], [])
    with pytest.raises(PluginError, match=rf"pages_per_part is {value}; give a number of pages, 1 or more"):
        plugin.on_config(config=None)
