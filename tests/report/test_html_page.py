"""The shared look: base.html.j2 + theme.css, inlined, usable by any page that extends it."""

from __future__ import annotations

import re

from advisor.outputs.html_page import environment, render_page, theme_css


def test_base_page_is_self_contained_with_the_theme_inlined() -> None:
    html = render_page("base.html.j2", generated_at="2026-01-01 00:00 UTC")
    assert html.startswith("<!DOCTYPE html>")
    assert theme_css().strip()[:40] in html
    assert "<title>es-jvm-advisor</title>" in html and "<h1>es-jvm-advisor</h1>" in html
    assert not re.search(r"<link|<script|@import|(src|href)\s*=", html)
    assert "@media print" in html


def test_a_child_page_fills_the_blocks_and_values_are_escaped() -> None:
    child = environment().from_string(
        '{% extends "base.html.j2" %}{% block title %}Advice for {{ cluster }}{% endblock %}'
        "{% block content %}<p>{{ finding }}</p>{% endblock %}"
    )
    html = child.render(
        cluster="shop-prod", finding="<script>x</script>", theme_css=theme_css(), generated_at=""
    )
    assert "<title>Advice for shop-prod</title>" in html
    assert "<h1>Advice for shop-prod</h1>" in html  # the header block defaults to the title
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html


def test_both_template_folders_are_on_the_loader() -> None:
    names = set(environment().list_templates())
    assert {"base.html.j2", "report.html.j2"} <= names


def test_rendering_a_page_does_not_load_the_report_stack() -> None:
    """The advisor's --html page must stay light: no pandas/matplotlib just to find templates."""
    import subprocess
    import sys

    code = (
        "import sys; from advisor.outputs.html_page import render_page; render_page('base.html.j2'); "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'loadtests.report') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
