"""Annotation core for the policy-reports site: load, validate, index and render report annotations.

The core modules know nothing of MkDocs; only ``macros.glue`` does. mkdocs-macros imports this package
(``module_name: macros``) and calls ``define_env``, which is forwarded to the glue lazily so that
importing the core (for the check command or the tests) never imports MkDocs.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: register the macros our hand-written pages may call."""
    from macros.glue.env import define_env as _define_env

    _define_env(env)
