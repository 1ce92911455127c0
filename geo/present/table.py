"""A table of text cells as static HTML, every header and cell escaped.

The dashboard's situation table changes on every slider step. As a plain ``<table>`` it costs the page a
fraction of what an interactive data grid costs to draw again, and it prints as it reads.
"""

from __future__ import annotations

from geo.present.escape import html_text

TABLE_CSS = (
    ".geo-table-wrap{max-height:36rem;overflow:auto;border:1px solid #ddd;border-radius:.4rem}"
    "table.geo-table{border-collapse:collapse;width:100%;font-size:.82rem;line-height:1.3}"
    "table.geo-table th{position:sticky;top:0;background:#f4f4f4;text-align:left;font-weight:600;"
    "padding:.35rem .5rem;border-bottom:1px solid #ccc;white-space:nowrap}"
    "table.geo-table td{padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}"
    "table.geo-table tbody tr:nth-child(even){background:#fafafa}"
)


def table_html(rows: list[dict], *, label: str) -> str:
    """``rows`` (dicts with the same keys, in column order) as an HTML table named ``label`` for screen readers.

    No rows: an empty string.
    """
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html_text(row.get(c))}</td>" for c in columns) + "</tr>" for row in rows)
    return (
        f'<div class="geo-table-wrap"><table class="geo-table" aria-label="{html_text(label)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
