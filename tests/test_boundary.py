"""Only macros/glue/ knows MkDocs: the rest of the package (and its templates) is read here, not just imported.

A port to another site generator (Zensical, say) should touch macros/glue/ alone: the core may not
import MkDocs, read its configuration, name its folders (docs/), assume its URL style, or use
Material's class and attribute names.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.sitebuild import ROOT

PACKAGE = ROOT / "macros"
GLUE = PACKAGE / "glue"
CORE_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if GLUE not in p.parents)
TEMPLATES = sorted((PACKAGE / "templates").glob("*.html"))
MKDOCS_PACKAGES = {"mkdocs", "material", "mkdocs_macros", "pymdownx"}
# What only the glue may say, in code or in a template (messages to contributors may name mkdocs.yml).
FORBIDDEN = {"the docs folder's name": re.compile(r"(?<![\w.-])docs/"),
             "Material's class names": re.compile(r"\bmd-[a-z]"),
             "Material's search attribute": re.compile(r"data-search-exclude"),
             "Pagefind's attributes": re.compile(r"data-pagefind-"),
             "MkDocs' URL style setting": re.compile(r"use_directory_urls"),
             "MkDocs' configuration": re.compile(r"load_config|config_file_path|MkDocsConfig")}


def _code_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings, with their lines."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _names(tree: ast.AST) -> list[tuple[int, str]]:
    return [(node.lineno, node.id if isinstance(node, ast.Name) else node.attr) for node in ast.walk(tree)
            if isinstance(node, (ast.Name, ast.Attribute))]


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_core_module_imports_nothing_of_mkdocs(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    assert {name.split(".")[0] for name in imported} & MKDOCS_PACKAGES == set()


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_core_module_names_nothing_of_mkdocs(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"{line}: {what}: {text!r}" for line, text in _code_strings(tree) + _names(tree)
             for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_a_template_names_nothing_of_the_theme(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [what for what, pattern in FORBIDDEN.items() if pattern.search(text)] == []


def test_the_guard_finds_what_it_looks_for() -> None:
    """The reading itself works: the forbidden things are found in code that has them."""
    tree = ast.parse('import mkdocs.config\nX = "docs/reports"\nclass_ = "md-button"\ncfg.use_directory_urls\n"""doc: docs/"""')
    found = {what for _, text in _code_strings(tree) + _names(tree) for what, p in FORBIDDEN.items() if p.search(text)}
    assert found == {"the docs folder's name", "Material's class names", "MkDocs' URL style setting"}


def test_the_glue_holds_what_the_core_may_not() -> None:
    """The names are not gone, they moved: the glue supplies them (else the test above proves little)."""
    glue = "".join(p.read_text(encoding="utf-8") for p in GLUE.rglob("*.py"))
    assert "md-button" in glue and "data-pagefind-ignore" in glue and "data-pagefind-body" in glue
    assert "use_directory_urls" in glue
    assert "from mkdocs" in glue


def test_every_module_opens_with_a_one_line_purpose_listed_in_the_readme() -> None:
    """The README's architecture table lists every module of the package with its docstring's first line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(macros/[\w/]+\.py)` \| (.+?) \|$", readme, re.M))
    modules = {p.relative_to(ROOT).as_posix(): ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or ""
               for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__main__.py"}
    assert all(doc.strip() for doc in modules.values()), [m for m, d in modules.items() if not d.strip()]
    assert set(rows) == set(modules)
    assert {m: rows[m] for m in modules} == {m: d.splitlines()[0] for m, d in modules.items()}
