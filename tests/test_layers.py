"""Layers: golden output from the tiny fixture, RFC 7946 rules, byte-for-byte rebuild of layers/."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import shape

from geo.core.timeline import snapshot
from geo.export.layers import LAYER_NAMES, build_layers, snapshot_geojson

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"

CONTRACT = {
    "sites": {"site_id", "name", "kind", "region", "aliases"},
    "control": {"site_id", "holder", "start", "end", "date_precision", "confidence", "sources"},
    "deployments": {
        "site_id",
        "actor",
        "asset",
        "count",
        "start",
        "end",
        "date_precision",
        "confidence",
        "sources",
        "summary",
    },
    "events": {"site_id", "date", "date_precision", "kind", "actors", "summary", "confidence", "sources"},
    "range_rings": {"site_id", "deployment_id", "range_km", "start", "end"},
}


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_golden_layers_from_the_fixture(mini, name):
    built = json.loads(build_layers(mini)[name])
    golden = GOLDEN / f"{name}.geojson"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(build_layers(mini)[name], encoding="utf-8")
    assert golden.exists(), f"missing golden file {golden}; run with UPDATE_GOLDEN=1 and review the diff"
    assert built == json.loads(golden.read_text(encoding="utf-8"))


def _positions(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _positions(c)


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_layers_follow_rfc7946_and_the_contract(dataset, name):
    collection = json.loads(build_layers(dataset)[name])
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert collection["features"], f"layer {name} is empty"
    for feature in collection["features"]:
        assert CONTRACT[name] <= set(feature["properties"]), feature["id"]
        geometry = feature["geometry"]
        if geometry is None:
            assert name == "events"
            assert feature["properties"]["site_id"] is None
            continue
        assert shape(geometry).is_valid
        for lon, lat in _positions(geometry["coordinates"]):
            assert -180 <= lon <= 180
            assert -90 <= lat <= 90
            assert round(lon, 6) == lon
            assert round(lat, 6) == lat


def test_dates_are_iso_and_ends_null_when_open(dataset):
    control = json.loads(build_layers(dataset)["control"])["features"]
    for feature in control:
        props = feature["properties"]
        dt.date.fromisoformat(props["start"])
        assert props["end"] is None or dt.date.fromisoformat(props["end"]) > dt.date.fromisoformat(props["start"])
    assert any(f["properties"]["end"] is None for f in control)


def test_every_record_names_a_source_with_a_locator(dataset):
    for name in ("control", "deployments", "events"):
        for feature in json.loads(build_layers(dataset)[name])["features"]:
            sources = feature["properties"]["sources"]
            assert sources, feature["id"]
            assert all(s["source"] and s["locator"] for s in sources), feature["id"]


def test_committed_layers_are_reproducible_byte_for_byte(dataset):
    for name, text in build_layers(dataset).items():
        path = ROOT / "layers" / f"{name}.geojson"
        assert path.exists(), f"{path} is missing: run 'make layers'"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run 'make layers'"


def test_a_gis_reads_the_layers(tmp_path, mini):
    for name, text in build_layers(mini).items():
        path = tmp_path / f"{name}.geojson"
        path.write_text(text, encoding="utf-8")
        frame = pyogrio.read_dataframe(path)
        assert len(frame) == len(json.loads(text)["features"])


def test_range_rings_surround_their_site(mini):
    (ring,) = json.loads(build_layers(mini)["range_rings"])["features"]
    assert ring["properties"]["deployment_id"] == "d-bravo-sam"
    polygon = shape(ring["geometry"])
    bravo = mini.sites["bravo"]
    assert polygon.contains(shape({"type": "Point", "coordinates": [bravo.lon, bravo.lat]}))


def test_snapshot_geojson_holds_each_site_with_holder_and_deployments(mini):
    collection = json.loads(snapshot_geojson(snapshot(mini, dt.date(2020, 6, 11))))
    assert collection["date"] == "2020-06-11"
    by_site = {f["properties"]["site_id"]: f["properties"] for f in collection["features"]}
    assert set(by_site) == set(mini.sites)
    assert by_site["alpha"]["holder"] == "GNA"
    assert by_site["bravo"]["claims"][0]["holder"] == "GNA"
    assert {d["id"] for d in by_site["bravo"]["deployments"]} == {"d-bravo-jets", "d-bravo-jets-12"}
    assert by_site["charlie"]["holder"] is None
