"""Leaflet's JavaScript and CSS from the installed xstatic-leaflet package, for offline pages."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as _leaflet

LEAFLET_DIR = Path(_leaflet.BASE_DIR)
LEAFLET_VERSION = _leaflet.VERSION


@cache
def leaflet_js() -> str:
    """Leaflet's JavaScript from the installed package."""
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data URIs, so a page needs no other file."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    return re.sub(r"url\((images/[^)]+\.png)\)", _data_uri, css)


def _data_uri(match: re.Match) -> str:
    data = base64.b64encode((LEAFLET_DIR / match.group(1)).read_bytes()).decode("ascii")
    return f"url(data:image/png;base64,{data})"


OWN_DIR = Path(__file__).resolve().parent / "templates"


@cache
def declutter_js() -> str:
    """The map's label, badge and tooltip placement, shared by the dashboard and the briefing."""
    return (OWN_DIR / "declutter.js").read_text(encoding="utf-8")
