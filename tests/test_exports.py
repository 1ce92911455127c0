"""Every export format, written and read back by the real readers, agrees with ``geo snapshot`` on boundary days.

The rule checked is the one QGIS's temporal controller applies with its default settings
(start and end from fields, "include start, exclude end"): a feature shows on day t when
start <= t < end, a null end being open. GDAL (pyogrio) reads the GeoPackage, FlatGeobuf, CSV
and KMZ; pyarrow and geopandas the GeoParquet; ElementTree the KML.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
from helpers import edit_cell

from geo.core.timeline import change_dates, snapshot
from geo.export.formats import EXPORTS, download, export_files, write_export
from geo.export.layers import LAYER_NAMES, layer_features
from geo.export.selection import Selection, select
from geo.export.tables import SCHEMA

KML = {"k": "http://www.opengis.net/kml/2.2"}
ONE = dt.timedelta(days=1)


def boundary_days(dataset) -> list[dt.date]:
    """Every change day and the days either side of it."""
    return sorted({d + k * ONE for d in change_dates(dataset) for k in (-1, 0, 1)})


def expected(dataset, day: dt.date) -> tuple[set[str], set[str]]:
    """Ids of the control records (main and claims) and deployments in force on ``day``, by ``geo snapshot``."""
    snap = snapshot(dataset, day)
    control = {s.control.id for s in snap.states if s.control} | {c.id for s in snap.states for c in s.claims}
    return control, {d.id for s in snap.states for d in s.deployments}


def in_force(rows, day: dt.date) -> set[str]:
    """Ids of (id, start, end) rows with start <= day < end, end None being open: QGIS's rule."""
    t = pd.Timestamp(day)
    return {i for i, start, end in rows if start <= t and (pd.isna(end) or t < end)}


def agreement(dataset, control_rows, deployment_rows) -> tuple[int, int]:
    days = boundary_days(dataset)
    good = sum(expected(dataset, d) == (in_force(control_rows, d), in_force(deployment_rows, d)) for d in days)
    return good, len(days)


@pytest.fixture(scope="module")
def gpkg(dataset, tmp_path_factory):
    return write_export("gpkg", dataset, tmp_path_factory.mktemp("gpkg") / "out.gpkg")[0]


def _rows(frame) -> list[tuple]:
    return list(zip(frame["id"], frame["start"], frame["end"]))


def test_gpkg_has_every_layer_with_its_schema_and_counts(dataset, gpkg):
    layers = dict(pyogrio.list_layers(gpkg))
    assert set(LAYER_NAMES) | {"layer_styles"} == set(layers)
    features = layer_features(dataset)
    for name in LAYER_NAMES:
        info = pyogrio.read_info(gpkg, layer=name)
        assert info["features"] == len(features[name]), name
        types = dict(zip(info["fields"], info["ogr_types"]))
        assert list(info["fields"]) == [f for f, _ in SCHEMA[name]]
        for field, kind in SCHEMA[name]:
            want = {"datetime": "OFTDateTime", "real": "OFTReal"}.get(kind, "OFTString")
            assert types[field] == want, (name, field)


def test_gpkg_features_carry_site_names_and_json_lists(dataset, gpkg):
    control = pyogrio.read_dataframe(gpkg, layer="control")
    assert control["site_name"].notna().all()
    assert set(control["site_name"]) <= {s.name for s in dataset.sites.values()}
    sites = pyogrio.read_dataframe(gpkg, layer="sites")
    aliases = {r.site_id: json.loads(r.aliases) for r in sites.itertuples()}
    assert aliases == {k: list(s.aliases) for k, s in dataset.sites.items()}
    events = pyogrio.read_dataframe(gpkg, layer="events")
    assert len(events) == len(dataset.events)
    assert events.geometry.isna().sum() == sum(1 for e in dataset.events if not e.site_id)
    assert all(isinstance(json.loads(s), list) and json.loads(s) for s in events["sources"])


def test_gpkg_time_fields_agree_with_snapshot_on_every_boundary_day(dataset, gpkg):
    control = pyogrio.read_dataframe(gpkg, layer="control", read_geometry=False)
    deployments = pyogrio.read_dataframe(gpkg, layer="deployments", read_geometry=False)
    assert control["end"].isna().sum() == sum(1 for c in dataset.control if c.end is None) > 0
    good, total = agreement(dataset, _rows(control), _rows(deployments))
    assert (good, total) == (total, total)


def test_gpkg_filter_in_sqlite_as_qgis_pushes_it_agrees_with_snapshot(mini, tmp_path):
    """The temporal filter run by GDAL inside SQLite on the stored values (not in Python) gives the snapshot."""
    path = write_export("gpkg", mini, tmp_path / "mini.gpkg")[0]
    for day in boundary_days(mini):
        begin, end = f"{day}T00:00:00", f"{day + ONE}T00:00:00"
        where = f'("start" < \'{end}\' OR "start" IS NULL) AND ("end" > \'{begin}\' OR "end" IS NULL)'
        got = tuple(
            set(pyogrio.read_dataframe(path, layer=layer, where=where, read_geometry=False)["id"])
            for layer in ("control", "deployments")
        )
        assert got == expected(mini, day), day


def test_gpkg_ships_a_time_aware_qgis_style_per_layer(dataset, gpkg):
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("SELECT f_table_name, f_geometry_column, styleQML, useAsDefault FROM layer_styles").fetchall()
        registered = db.execute("SELECT data_type FROM gpkg_contents WHERE table_name='layer_styles'").fetchone()
    assert registered == ("attributes",)
    styles = {name: ET.fromstring(qml.split("\n", 1)[1]) for name, geom, qml, default in rows if geom and default}
    assert set(styles) == set(LAYER_NAMES)
    temporal = styles["control"].find("temporal").attrib
    assert (temporal["enabled"], temporal["mode"], temporal["startField"], temporal["endField"]) == (
        "1",
        "2",
        "start",
        "end",
    )
    assert temporal["limitMode"] == "0"
    assert styles["events"].find("temporal").attrib["mode"] == "1"
    categories = {c.get("value"): c.get("label") for c in styles["control"].iter("category")}
    assert categories == {h: dataset.actors[h].name for h in {c.holder for c in dataset.control}}
    gna = next(i for i, v in enumerate(categories) if v == "GNA")
    colour = styles["control"].find(f".//symbol[@name='{gna}']//Option[@name='color']").get("value")
    red, green, blue = (int(x) for x in colour.split(",")[:3])
    assert f"#{red:02x}{green:02x}{blue:02x}" == dataset.actors["GNA"].colour.lower()
    assert styles["control"].find(".//text-style").get("fieldName") == "site_name"


def test_flatgeobuf_keeps_features_with_no_geometry_and_agrees_with_snapshot(dataset, tmp_path):
    paths = {p.stem: p for p in write_export("fgb", dataset, tmp_path / "fgb")}
    features = layer_features(dataset)
    assert set(paths) == set(LAYER_NAMES)
    for name, path in paths.items():
        assert pyogrio.read_info(path)["features"] == len(features[name]), name
    events = pyogrio.read_dataframe(paths["events"])
    assert events.geometry.isna().sum() == sum(1 for e in dataset.events if not e.site_id) > 0
    sites = pyogrio.read_dataframe(paths["sites"])
    assert "[]" in set(sites["aliases"])
    control = pyogrio.read_dataframe(paths["control"], read_geometry=False)
    deployments = pyogrio.read_dataframe(paths["deployments"], read_geometry=False)
    good, total = agreement(dataset, _rows(control), _rows(deployments))
    assert good == total


def test_geoparquet_has_an_explicit_schema_null_geometries_and_agrees(dataset, tmp_path):
    paths = {p.stem: p for p in write_export("parquet", dataset, tmp_path / "pq")}
    schema = pq.read_schema(paths["sites"])
    assert str(schema.field("aliases").type) == "string"
    assert str(pq.read_schema(paths["control"]).field("end").type) == "timestamp[ms]"
    assert b"geo" in schema.metadata
    events = gpd.read_parquet(paths["events"])
    assert len(events) == len(dataset.events)
    assert events.geometry.isna().sum() == sum(1 for e in dataset.events if not e.site_id)
    assert events.crs.to_epsg() == 4326
    control = gpd.read_parquet(paths["control"])
    deployments = gpd.read_parquet(paths["deployments"])
    assert agreement(dataset, _rows(control), _rows(deployments))[0] == len(boundary_days(dataset))


def test_empty_selection_writes_every_format_with_its_types(dataset, tmp_path):
    nothing = select(dataset, Selection.on(dt.date(1900, 1, 1), sites=frozenset({"sirte"})))
    assert not nothing.control
    assert not nothing.events
    for name in EXPORTS:
        files = export_files(name, nothing)
        assert files, name
        assert all(files.values()), name
    path = write_export("gpkg", nothing, tmp_path / "empty.gpkg")[0]
    info = pyogrio.read_info(path, layer="control")
    assert info["features"] == 0
    assert dict(zip(info["fields"], info["ogr_types"]))["end"] == "OFTDateTime"
    parquet = write_export("parquet", nothing, tmp_path / "pq")
    assert str(pq.read_schema(next(p for p in parquet if p.stem == "events")).field("actors").type) == "string"


def _kml_root(dataset, kind: str = "kmz"):
    name, data = download(kind, dataset)
    if kind == "kmz":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.namelist() == ["doc.kml"]
            data = archive.read("doc.kml")
    return ET.fromstring(data)


def _folder(root, name: str):
    return next(f for f in root.iter(f"{{{KML['k']}}}Folder") if f.findtext("k:name", namespaces=KML) == name)


def _spans(folder) -> list[tuple[str, pd.Timestamp, pd.Timestamp | None]]:
    out = []
    for placemark in folder.findall("k:Placemark", KML):
        span = placemark.find("k:TimeSpan", KML)
        begin = pd.Timestamp(span.findtext("k:begin", namespaces=KML)).tz_localize(None)
        end_text = span.findtext("k:end", namespaces=KML)
        record = placemark.findtext("k:description", namespaces=KML).rsplit(" ", 1)[-1]
        out.append((record, begin, pd.Timestamp(end_text).tz_localize(None) if end_text else None))
    return out


def test_kmz_timespans_match_the_records(dataset):
    root = _kml_root(dataset)
    folders = [f.findtext("k:name", namespaces=KML) for f in root.iter(f"{{{KML['k']}}}Folder")]
    assert folders == ["Sites", "Control", "Deployments", "Events", "Range rings"]
    for folder, records in (("Control", dataset.control), ("Deployments", dataset.deployments)):
        spans = {r: (b, e) for r, b, e in _spans(_folder(root, folder))}
        assert set(spans) == {r.id for r in records}
        for record in records:
            begin, end = spans[record.id]
            assert begin == pd.Timestamp(record.start.earliest)
            assert end == (pd.Timestamp(record.end.earliest) if record.end else None)
    control, deployments = _spans(_folder(root, "Control")), _spans(_folder(root, "Deployments"))
    good, total = agreement(dataset, control, deployments)
    assert good == total


def test_kmz_styles_use_the_holder_colours(dataset):
    root = _kml_root(dataset, "kml")
    styles = {
        s.get("id"): s.findtext(".//k:IconStyle/k:color", namespaces=KML) for s in root.iter(f"{{{KML['k']}}}Style")
    }
    for placemark in _folder(root, "Control").findall("k:Placemark", KML):
        record = placemark.findtext("k:description", namespaces=KML).rsplit(" ", 1)[-1]
        holder = next(c for c in dataset.control if c.id == record).holder
        colour = dataset.actors[holder].colour.lstrip("#").lower()
        assert (
            styles[placemark.findtext("k:styleUrl", namespaces=KML).lstrip("#")]
            == f"ff{colour[4:]}{colour[2:4]}{colour[:2]}"
        )


def test_gdal_reads_the_kmz_timespans(dataset, tmp_path):
    path = write_export("kmz", dataset, tmp_path / "out.kmz")[0]
    control = pyogrio.read_dataframe(path, layer="Control")
    assert len(control) == len(dataset.control)
    assert control["end"].isna().sum() == sum(1 for c in dataset.control if c.end is None)
    assert {d.date() for d in control["begin"]} == {c.start.earliest for c in dataset.control}


def test_kml_descriptions_and_names_from_data_stay_text(mini_copy):
    from geo.core.load import load_dataset

    hostile = '<script>alert(1)</script> & <![CDATA[ ]]> <b onmouseover="x()">'
    edit_cell(mini_copy, "control", "c-alpha-2", "summary", hostile)
    edit_cell(mini_copy, "sites", "alpha", "name", "Alpha <![CDATA[</name><script>x</script>]]>")
    root = _kml_root(load_dataset(mini_copy), "kml")
    assert not list(root.iter("script"))
    assert not list(root.iter(f"{{{KML['k']}}}script"))
    text = "".join(d.text or "" for d in root.iter(f"{{{KML['k']}}}description"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;![CDATA[ ]]&gt;" in text
    assert "<script>" not in text
    assert "<b " not in text
    names = [n.text for n in root.iter(f"{{{KML['k']}}}name")]
    assert "Alpha <![CDATA[</name><script>x</script>]]>" in names


def test_csv_has_one_row_per_record_iso_dates_and_precision_codes(dataset, tmp_path):
    path = write_export("csv", dataset, tmp_path / "out.csv")[0]
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == len(dataset.records())
    assert {r["id"] for r in rows} == {r.id for r in dataset.records()}
    for row in rows:
        dt.date.fromisoformat(row["start"])
        assert row["end"] == "" or dt.date.fromisoformat(row["end"])
        assert row["time_precision"] in {"1", "2", "3"}
        assert row["date_prec"] in {"1", "4", "5"}
        assert row["where_prec"] in {"1", "2", "3", "4", "6"}
        assert (row["wkt"] == "") == (row["lon"] == "") == (row["site_id"] == "")
    by_id = {r["id"]: r for r in rows}
    day = next(e for e in dataset.events if e.date.precision == "day")
    year = next(e for e in dataset.events if e.date.precision == "year")
    assert (by_id[day.id]["time_precision"], by_id[day.id]["date_prec"]) == ("1", "1")
    assert (by_id[year.id]["time_precision"], by_id[year.id]["date_prec"]) == ("3", "5")
    control = [
        (r["id"], pd.Timestamp(r["start"]), pd.Timestamp(r["end"]) if r["end"] else None)
        for r in rows
        if r["layer"] == "control"
    ]
    deployments = [
        (r["id"], pd.Timestamp(r["start"]), pd.Timestamp(r["end"]) if r["end"] else None)
        for r in rows
        if r["layer"] == "deployments"
    ]
    good, total = agreement(dataset, control, deployments)
    assert good == total
    read = pyogrio.read_dataframe(path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
    assert len(read) == len(rows)
    assert read.geometry.is_empty.sum() + read.geometry.isna().sum() == sum(1 for r in rows if not r["lon"])


def test_csv_cells_that_look_like_formulas_are_text(mini_copy):
    from geo.core.load import load_dataset

    edit_cell(mini_copy, "control", "c-alpha-2", "summary", '=HYPERLINK("http://x")')
    text = download("csv", load_dataset(mini_copy))[1].decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_a_table_as_csv_reads_back_as_its_rows_with_formulas_kept_as_text():
    from geo.export.cells import uncell
    from geo.export.csvtable import table_csv

    rows = [{"site": "Sirte", "holder": "=1+1", "note": 'a, "quoted"\nline'}, {"site": "Tarhuna", "holder": "GNA"}]
    data = table_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0]["holder"] == "'=1+1"
    assert [{k: uncell(v) for k, v in r.items()} for r in read] == [rows[0], {**rows[1], "note": ""}]
    assert table_csv([]) == b"\xef\xbb\xbf\r\n"


@pytest.mark.parametrize("name", ["kml", "kmz", "csv", "parquet", "geojson"])
def test_exports_are_reproducible(mini, name):
    assert download(name, mini) == download(name, mini)


def test_geojson_export_is_the_layers_with_site_names(dataset):
    files = export_files("geojson", dataset)
    assert set(files) == {f"{n}.geojson" for n in LAYER_NAMES}
    control = json.loads(files["control.geojson"])
    assert all(
        f["properties"]["site_name"] == dataset.sites[f["properties"]["site_id"]].name for f in control["features"]
    )


def test_selection_by_day_keeps_what_holds_that_day(dataset):
    day = dt.date(2020, 6, 15)
    chosen = select(dataset, Selection.on(day))
    control, deployments = expected(dataset, day)
    assert {c.id for c in chosen.control} == control
    assert {d.id for d in chosen.deployments} == deployments
    assert all(e.date.earliest <= day <= e.date.latest for e in chosen.events)


def test_cli_export_writes_the_file_and_names_bad_ids(tmp_path, capsys):
    from geo.cli import main

    out = tmp_path / "period.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(out), "--from", "2020-01-01", "--to", "2020-12-31"]) == 0
    assert str(out) in capsys.readouterr().out
    assert pyogrio.read_info(out, layer="control")["features"] > 0
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--sites", "sirte,atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err
    assert main(["export", "--format", "fgb", "--out", str(tmp_path / "fgb"), "--date", "2020-06-15"]) == 0
    assert sorted(p.name for p in (tmp_path / "fgb").iterdir()) == sorted(f"{n}.fgb" for n in LAYER_NAMES)


def test_a_download_for_some_actors_holds_their_records_and_says_so_in_its_name(dataset):
    name, data = download("csv", dataset, actors=("WAG", "RUS"))
    assert name == "libya-sites-rus-wag.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    kept = select(dataset, Selection(actors=frozenset({"RUS", "WAG"})))
    by_layer = {}
    for row in rows:
        by_layer.setdefault(row["layer"], set()).add(row["id"])
    assert by_layer["deployments"] == {r.id for r in kept.deployments}
    assert by_layer["deployments"] < {r.id for r in dataset.deployments}
    assert {r.actor for r in kept.deployments} <= {"RUS", "WAG"}
    assert by_layer["control"] == {r.id for r in dataset.control}, "every site's control periods stay"
    zipped_name, _ = download("fgb", dataset, actors=("RUS",))
    assert zipped_name == "libya-sites-rus-fgb.zip"
