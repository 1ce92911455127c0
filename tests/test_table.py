"""geo.present.table: a table of text cells as HTML, read back the way a browser's parser reads it."""

from __future__ import annotations

from geo.present.table import table_html
from tests.helpers import html_tables


def test_columns_come_in_row_order_and_cells_as_text():
    rows = [
        {"site": "Sirte", "holder": "LNA", "count": 3},
        {"site": "al-Watiya <Air Base>", "holder": None, "count": 0},
    ]
    (table,) = html_tables(table_html(rows, label="Situation on 5 Jun 2020")).items()
    assert table == (
        "Situation on 5 Jun 2020",
        {"site": ["Sirte", "al-Watiya <Air Base>"], "holder": ["LNA", ""], "count": ["3", "0"]},
    )


def test_markup_in_headers_cells_and_label_stays_text():
    hostile = '<img src=x onerror="alert(1)">'
    html = table_html([{hostile: hostile}], label=f'"{hostile}')
    assert "<img" not in html
    assert html_tables(html) == {f'"{hostile}': {hostile: [hostile]}}


def test_no_rows_no_table():
    assert table_html([], label="empty") == ""
