"""Changes between two dates, in words (the change log) and as JSON."""

from __future__ import annotations

from geo.model import Dataset
from geo.timeline import Change


def describe_change(change: Change, dataset: Dataset) -> str:
    """One line of the change log, in words."""
    rec = change.record
    site = dataset.sites[change.site_id].name if change.site_id else "Libya and abroad"
    when = change.date_label
    if change.kind == "control":
        before = dataset.actors[change.previous.holder].name if change.previous else "unknown"
        return f"{when}: {site}: {before} -> {dataset.actors[rec.holder].name} ({rec.confidence})"
    if change.kind == "control-end":
        return f"{when}: {site}: {dataset.actors[rec.holder].name} no longer recorded as holder"
    if change.kind == "claim":
        return f"{when}: {site}: competing claim that {dataset.actors[rec.holder].name} held it ({rec.confidence})"
    if change.kind == "claim-end":
        return f"{when}: {site}: competing claim that {dataset.actors[rec.holder].name} held it ends"
    if change.kind.startswith("deployment"):
        verb = "arrived" if change.kind == "deployment-start" else "left"
        count = f"{rec.count:g} " if rec.count is not None else ""
        asset = dataset.assets[rec.asset].name
        return f"{when}: {site}: {count}{asset} ({dataset.actors[rec.actor].name}) {verb} ({rec.confidence})"
    return f"{when}: {site}: {rec.event_kind}: {rec.summary} ({rec.confidence})"


def change_json(change: Change) -> dict:
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
