"""The one place where text from data is made safe for HTML.

Every string from seeds that reaches a popup, tooltip, table or briefing goes
through ``html_text`` (for HTML), ``script_json`` (for data inside a
``<script>`` element) or ``csv_cell`` (for table cells a user may download as
CSV; it lives in ``geo.export.cells``, shared with the CSV export). Text from
data never reaches Markdown: Markdown links bare URLs even when they are escaped.
folium's popups and tooltips render their text as live HTML, so the map layers
escape before folium ever sees the text.
"""

from __future__ import annotations

import html

from geo.export.cells import csv_cell, csv_rows
from geo.export.geojson import canonical_json

__all__ = ["csv_cell", "csv_rows", "html_text", "script_json"]

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def html_text(value) -> str:
    """``value`` as HTML text: ``<img src=x>`` shows as those characters, never as an element."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def script_json(value) -> str:
    """JSON safe to embed in ``<script>``: no ``</script>``, ``<!--`` or line separators survive."""
    text = canonical_json(value)
    for char, replacement in _SCRIPT_UNSAFE.items():
        text = text.replace(char, replacement)
    return text
