"""One CSV of every dated record: a row per control period, deployment and event.

Columns (``COLUMNS``): the layer the row comes from, the record's id, its site (id, name,
``lon``/``lat`` and ``wkt``; empty for an event with no site), ISO dates (``start``/``end``;
an event's ``start`` is its date and ``end`` is empty), the days a fuzzy date may denote
(``start_latest``, ``end_latest``), our precision beside ACLED's ``time_precision`` and
``geo_precision`` and UCDP GED's ``date_prec`` and ``where_prec`` (``geo.export.precision``),
who (holder or actor, and their names), what (asset or event kind), count and unit,
confidence, disputes, summary, and the sources in words and by id. Lists are joined by ``; ``.
Cells that a spreadsheet would take for a formula start with ``'`` (``geo.export.cells``).
UTF-8 with a byte-order mark, so spreadsheets read the accents; rows sorted by layer then id.
"""

from __future__ import annotations

import csv
import io

from geo.core.model import Control, Dataset, Deployment, Event
from geo.core.text import actor_name, source_text
from geo.export import precision
from geo.export.cells import csv_cell

COLUMNS = (
    "layer",
    "id",
    "site_id",
    "site_name",
    "lon",
    "lat",
    "wkt",
    "start",
    "end",
    "start_latest",
    "end_latest",
    "date_precision",
    "end_precision",
    "time_precision",
    "date_prec",
    "end_time_precision",
    "end_date_prec",
    "geo_precision",
    "where_prec",
    "actor",
    "actor_name",
    "backing",
    "what",
    "count",
    "unit",
    "confidence",
    "disputes",
    "last_reported",
    "summary",
    "sources",
    "source_ids",
)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def record_row(dataset: Dataset, record: Control | Deployment | Event) -> dict[str, str]:
    """One record as a CSV row (plain values; ``csv_cell`` is applied when the file is written)."""
    site = dataset.sites.get(record.site_id) if record.site_id else None
    start = record.date if isinstance(record, Event) else record.start
    end = None if isinstance(record, Event) else record.end
    row = {
        "id": record.id,
        "site_id": record.site_id,
        "site_name": site.name if site else "",
        "lon": f"{site.lon:.6f}" if site else "",
        "lat": f"{site.lat:.6f}" if site else "",
        "wkt": f"POINT ({site.lon:.6f} {site.lat:.6f})" if site else "",
        "start": start.earliest.isoformat(),
        "end": end.earliest.isoformat() if end else "",
        "start_latest": start.latest.isoformat(),
        "end_latest": end.latest.isoformat() if end else "",
        "date_precision": start.precision,
        "end_precision": end.precision if end else "",
        "time_precision": str(precision.acled_time_precision(start.precision)),
        "date_prec": str(precision.ucdp_date_prec(start.precision)),
        "end_time_precision": str(precision.acled_time_precision(end.precision)) if end else "",
        "end_date_prec": str(precision.ucdp_date_prec(end.precision)) if end else "",
        "geo_precision": str(precision.acled_geo_precision(site) or ""),
        "where_prec": str(precision.ucdp_where_prec(site)),
        "confidence": record.confidence,
        "disputes": record.disputes,
        "summary": record.summary,
        "sources": source_text(dataset, record),
        "source_ids": "; ".join(c.source for c in record.citations),
    }
    if isinstance(record, Control):
        row.update(layer="control", actor=record.holder, actor_name=actor_name(dataset, record.holder), what="held")
    elif isinstance(record, Deployment):
        row.update(
            layer="deployments",
            actor=record.actor,
            actor_name=actor_name(dataset, record.actor),
            backing=record.backing,
            what=dataset.assets[record.asset].name,
            count=_number(record.count),
            unit=record.unit,
        )
    else:
        row.update(
            layer="events",
            actor="; ".join(record.actors),
            actor_name="; ".join(actor_name(dataset, a) for a in record.actors),
            what=record.event_kind,
            count=_number(record.count),
            unit=record.unit,
        )
    if end is None and not isinstance(record, Event):
        row["last_reported"] = dataset.last_reported(record).isoformat()
    return row


def records_csv(dataset: Dataset) -> bytes:
    """The CSV file's bytes: header, then one row per record (layer, then id)."""
    rows = (record_row(dataset, record) for record in dataset.control + dataset.deployments + dataset.events)
    return _csv_bytes(COLUMNS, rows)


def table_csv(rows: list[dict]) -> bytes:
    """A table of text cells (dicts with the same keys, in column order) as a CSV file of the same kind."""
    return _csv_bytes(list(rows[0]) if rows else [], rows)


def _csv_bytes(columns, rows) -> bytes:
    """UTF-8 with a byte-order mark, CRLF line ends, every cell spreadsheet-safe; a missing cell is empty."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
