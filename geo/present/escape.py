"""The one place where text from data is made safe for HTML.

Every string from seeds that reaches a popup, tooltip, table or briefing goes
through ``html_text`` (for HTML), ``script_json`` (for data inside a
``<script>`` element) or ``csv_cell`` (for table cells a user may download as
CSV). Text from data never reaches Markdown: Markdown links bare URLs even when
they are escaped. folium's popups and tooltips render their text as live
HTML, so the map layers escape before folium ever sees the text.
"""

from __future__ import annotations

import html
import json

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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A table cell safe for a spreadsheet: text that would start a formula gets a leading ``'`` (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_rows(rows: list[dict]) -> list[dict]:
    """``csv_cell`` applied to every cell of table rows."""
    return [{k: csv_cell(v) for k, v in row.items()} for row in rows]


def script_json(value) -> str:
    """JSON safe to embed in ``<script>``: no ``</script>``, ``<!--`` or line separators survive."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, replacement in _SCRIPT_UNSAFE.items():
        text = text.replace(char, replacement)
    return text
