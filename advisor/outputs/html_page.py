"""Render a self-contained HTML page in the project's shared look.

Templates live in ``advisor/outputs/templates`` (``base.html.j2``: blocks ``title``, ``header``,
``content``, ``head``, ``footer``) and ``loadtests/report/templates``; a page extends
``base.html.j2``. ``theme.css`` is inlined into every page so it opens offline, e.g. as an attachment
to an incident review.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE_PACKAGES = (("advisor.outputs", "templates"), ("loadtests.report", "templates"))


@lru_cache(maxsize=1)
def theme_css() -> str:
    """The shared stylesheet, as text (inlined into each page)."""
    return resources.files("advisor.outputs").joinpath("theme.css").read_text(encoding="utf-8")


def _template_dirs() -> list[str]:
    """The packages' template folders, found without importing the packages themselves (importing
    ``loadtests.report`` would load pandas and matplotlib just to render an advisor page)."""
    dirs = []
    for package, folder in TEMPLATE_PACKAGES:
        spec = importlib.util.find_spec(package)
        for location in (spec.submodule_search_locations or []) if spec else []:
            candidate = Path(location) / folder
            if candidate.is_dir():
                dirs.append(str(candidate))
    return dirs


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_template_dirs()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(template_name: str, **context: Any) -> str:
    """Render ``template_name`` (which extends ``base.html.j2``) with ``context`` → HTML text."""
    context.setdefault("theme_css", theme_css())
    context.setdefault("generated_at", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    return environment().get_template(template_name).render(**context)
