"""GeoJSON layers built from the dataset: the field contract users' GIS projects rely on.

Dates travel as ISO 8601 strings: ``start``/``end``/``date`` are the earliest
day the source's date may denote, with ``date_precision`` (and
``end_precision``) saying how exact it is. ``end`` is null when open.
``start_latest``/``end_latest``/``date_latest`` are the last day the same
date may denote: [start, start_latest] is the span of a fuzzy start.
``sources`` is a list of {source, title, publisher, url, locator, attributed_to}.
An open record (``end`` null) carries ``last_reported``: the newest publication
date of a source that supports it. After that day the record is carried
forward, not known.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from geo.core.dates import parse_fuzzy_date
from geo.core.model import Control, Dataset, Deployment, Event, Site
from geo.core.timeline import Snapshot, phase
from geo.export import geojson as gj
from geo.export.geodesy import ring_lonlat

LAYER_NAMES = ("sites", "control", "deployments", "events", "range_rings")


def _iso(fuzzy) -> str | None:
    return _texts(fuzzy)[0] if fuzzy else None


def _texts(fuzzy) -> tuple[str, str, str, str]:
    """(earliest, latest, precision, label) of a date: records share their days, so each is worked out once.

    Looked up by the date's text and precision, which make it (``parse_fuzzy_date``): two strings hash and
    compare in C, where the dataclass itself would run its Python ``__hash__`` and ``__eq__`` on every lookup.
    """
    return _date_texts(fuzzy.text, fuzzy.precision)


@lru_cache(maxsize=1 << 16)
def _date_texts(text: str, precision: str) -> tuple[str, str, str, str]:
    fuzzy = parse_fuzzy_date(text, precision)
    return fuzzy.earliest.isoformat(), fuzzy.latest.isoformat(), fuzzy.precision, fuzzy.label()


def sources_of(dataset: Dataset, record) -> list[dict]:
    """A record's citations with their sources' titles, publishers, dates and URLs."""
    out = []
    for c in record.citations:
        source = dataset.sources[c.source]
        out.append(
            {
                "source": c.source,
                "title": source.title,
                "publisher": source.publisher,
                "url": source.url or None,
                "locator": c.locator,
                "attributed_to": c.attributed_to or None,
            }
        )
    return out


def site_feature(site: Site) -> dict:
    """The feature of a site in the ``sites`` layer."""
    props = {
        "site_id": site.id,
        "name": site.name,
        "kind": site.kind,
        "role": site.role,
        "region": site.region,
        "country": site.country,
        "aliases": list(site.aliases),
        "precision_km": site.precision_km,
        "coord_source": site.coord_citation.source,
        "coord_locator": site.coord_citation.locator,
    }
    return gj.feature(gj.point(site), props, site.id)


def _claim_properties(dataset: Dataset, rec: Control | Deployment) -> dict:
    """The period, confidence and provenance shared by control and deployment features."""
    start, start_latest, start_precision, start_label = _texts(rec.start)
    end, end_latest, end_precision, end_label = _texts(rec.end) if rec.end else (None, None, None, None)
    return {
        "start": start,
        "start_latest": start_latest,
        "end": end,
        "end_latest": end_latest,
        "date_precision": start_precision,
        "end_precision": end_precision,
        "date_label": start_label,
        "end_label": end_label,
        "confidence": rec.confidence,
        "disputes": rec.disputes or None,
        "last_reported": dataset.last_reported(rec).isoformat() if rec.end is None else None,
        "summary": rec.summary,
        "sources": sources_of(dataset, rec),
    }


def control_properties(dataset: Dataset, rec: Control) -> dict:
    """The properties of a control record in the ``control`` layer."""
    holder = dataset.actors[rec.holder]
    return {
        "id": rec.id,
        "site_id": rec.site_id,
        "site_name": dataset.sites[rec.site_id].name,
        "holder": rec.holder,
        "holder_name": holder.name,
        "holder_side": holder.side,
        **_claim_properties(dataset, rec),
    }


def deployment_properties(dataset: Dataset, rec: Deployment) -> dict:
    """The properties of a deployment in the ``deployments`` layer."""
    asset = dataset.assets[rec.asset]
    actor = dataset.actors[rec.actor]
    return {
        "id": rec.id,
        "site_id": rec.site_id,
        "site_name": dataset.sites[rec.site_id].name,
        "actor": rec.actor,
        "actor_name": actor.name,
        "backing": rec.backing or None,
        "asset": rec.asset,
        "asset_name": asset.name,
        "asset_kind": asset.kind,
        "count": _number(rec.count),
        "unit": rec.unit or None,
        "count_note": rec.count_note or None,
        "range_km": _number(asset.range_km),
        **_claim_properties(dataset, rec),
    }


def event_properties(dataset: Dataset, rec: Event) -> dict:
    """The properties of an event in the ``events`` layer."""
    earliest, latest, precision, label = _texts(rec.date)
    return {
        "id": rec.id,
        "site_id": rec.site_id or None,
        "site_name": dataset.sites[rec.site_id].name if rec.site_id else None,
        "date": earliest,
        "date_latest": latest,
        "date_precision": precision,
        "date_label": label,
        "kind": rec.event_kind,
        "actors": list(rec.actors),
        "count": _number(rec.count),
        "unit": rec.unit or None,
        "count_note": rec.count_note or None,
        "confidence": rec.confidence,
        "disputes": rec.disputes or None,
        "summary": rec.summary,
        "sources": sources_of(dataset, rec),
    }


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def layer_features(dataset: Dataset) -> dict[str, list[dict]]:
    """Every layer's features, in a stable order (by id)."""
    return {name: list(features) for name, features in _layers(dataset).items()}


def _layers(dataset: Dataset) -> dict[str, Iterator[dict]]:
    """Every layer's features as generators, made one at a time as they are written."""
    points: dict[str, dict | None] = {site_id: gj.point(site) for site_id, site in dataset.sites.items()}
    points[""] = None
    ranged = [r for r in dataset.deployments if dataset.assets[r.asset].range_km]
    ring_props = {}  # a ranged deployment's properties, made for its point and used again for its ring

    def deployments() -> Iterator[dict]:
        for r in dataset.deployments:
            props = deployment_properties(dataset, r)
            if dataset.assets[r.asset].range_km:
                ring_props[r.id] = props
            yield gj.feature(points[r.site_id], props, r.id)

    def rings() -> Iterator[dict]:
        shapes: dict[tuple[str, float], dict] = {}
        for rec in ranged:
            radius = dataset.assets[rec.asset].range_km or 0.0
            key = (rec.site_id, radius)
            if key not in shapes:
                site = dataset.sites[rec.site_id]
                shapes[key] = gj.ring_polygon(ring_lonlat(site.lat, site.lon, radius))
            base = ring_props.pop(rec.id, None) or deployment_properties(dataset, rec)
            props = {**base, "deployment_id": rec.id, "id": f"{rec.id}-ring"}
            yield gj.feature(shapes[key], props, props["id"])

    return {
        "sites": (site_feature(s) for _, s in sorted(dataset.sites.items())),
        "control": (gj.feature(points[r.site_id], control_properties(dataset, r), r.id) for r in dataset.control),
        "deployments": deployments(),
        "events": (gj.feature(points[r.site_id], event_properties(dataset, r), r.id) for r in dataset.events),
        "range_rings": rings(),
    }


def build_layers(dataset: Dataset) -> dict[str, str]:
    """Layer name -> GeoJSON text, byte-for-byte reproducible.

    One pass: each feature is written as soon as it is made (``orjson``, see ``geo.export.geojson``), and the
    properties a ring shares with its deployment are made once. The cycle collector is paused meanwhile: the
    build makes millions of short-lived dicts and lists and no cycle, and at 10^5 records the collector's
    passes over the dataset's own objects took a sixth of the time.
    """
    with _collector_paused():
        return {name: gj.dumps(features, name=name) for name, features in _layers(dataset).items()}


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_layers(dataset: Dataset, directory: Path) -> list[Path]:
    """Write every layer as ``<name>.geojson`` into a directory; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in build_layers(dataset).items():
        path = directory / f"{name}.geojson"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def snapshot_features(snap: Snapshot) -> list[dict]:
    """One feature per site: its holder at the date and its active deployments."""
    dataset = snap.dataset
    features = []
    for state in snap.states:
        props = {
            "site_id": state.site.id,
            "name": state.site.name,
            "kind": state.site.kind,
            "role": state.site.role,
            "holder": state.holder,
            "uncertain": state.uncertain,
            "transition": _transition_properties(state.transition),
            "horizon": dataset.horizon.isoformat(),
            "control": control_properties(dataset, state.control) if state.control else None,
            "claims": [control_properties(dataset, c) for c in state.claims],
            "deployments": [
                {**deployment_properties(dataset, d), "phase": phase(d, snap.at)} for d in state.deployments
            ],
            "leaving": [{**deployment_properties(dataset, d), "phase": "leaving"} for d in state.leaving],
        }
        features.append(gj.feature(gj.point(state.site), props, state.site.id))
    return features


def _transition_properties(transition) -> dict | None:
    """{from, to, from_record, to_record, first, last, label} of a transition, or None."""
    if transition is None:
        return None
    before, after = transition.holders
    return {
        "from": before,
        "to": after,
        "from_record": transition.before.id if transition.before else None,
        "to_record": transition.after.id if transition.after else None,
        "first": transition.first.isoformat(),
        "last": transition.last.isoformat(),
        "label": transition.when.label(),
    }


def snapshot_geojson(snap: Snapshot) -> str:
    """Every site's state at the snapshot's date as GeoJSON text."""
    return gj.dumps(snapshot_features(snap), date=snap.at.isoformat(), name="snapshot")
