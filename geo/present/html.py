"""HTML made from Jinja2 templates with autoescape on: text from data is escaped by construction.

Templates live in ``geo/present/templates`` and ``geo/present/briefing/templates``. A template
marks as safe only markup this package built itself (``Markup``), never text from data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

HERE = Path(__file__).resolve().parent
TEMPLATE_DIRS = (HERE / "templates", HERE / "briefing" / "templates")

__all__ = ["Markup", "environment", "render"]


@cache
def environment() -> Environment:
    """The one Jinja2 environment: autoescape for .html (and strings), undefined names are errors."""
    return Environment(
        loader=FileSystemLoader([str(d) for d in TEMPLATE_DIRS]),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context) -> str:
    """The template ``name`` rendered with ``context``, every value from data escaped."""
    return environment().get_template(name).render(**context)
