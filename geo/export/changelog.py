"""Changes between two dates as JSON; their words are ``geo.core.text.describe_change``."""

from __future__ import annotations

from geo.core.timeline import Change


def change_json(change: Change) -> dict:
    """One change as a JSON-ready dict."""
    return {
        "date": change.day.isoformat(),
        "date_label": change.date_label,
        "kind": change.kind,
        "site_id": change.site_id or None,
        "record_id": change.record.id,
        "previous_holder": change.previous.holder if change.previous else None,
        "holder": getattr(change.record, "holder", None),
        "confidence": change.record.confidence,
        "summary": change.record.summary,
    }
