"""Importing an analyst's file: every bad row reported (file, row, field), every good row kept, seeds untouched."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.cli import main
from geo.core.load import load_dataset
from geo.core.observations import read_observations, read_observations_bytes
from geo.export.formats import download
from geo.present.briefing import BriefingOptions, briefing_html
from geo.present.overlay import briefing_overlay, overlay_features, tooltip_html

ACLED = [
    "event_date",
    "event_type",
    "actor1",
    "latitude",
    "longitude",
    "time_precision",
    "geo_precision",
    "source",
    "notes",
]
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def acled(tmp_path):
    """An ACLED-style export the test makes: four good rows, four bad ones."""
    rows = [
        ["15 June 2020", "Battles", "LNA", "31.2", "16.58", "1", "1", "Reuters", "Clash near Sirte"],
        ["2020-06-20", "Strategic developments", "Wagner Group", "29.1", "15.9", "2", "2", "AFP", HOSTILE],
        ["2020-07-03", "Explosions/Remote violence", "Turkey", "32.8", "12.9", "3", "1", "UN", "drone strikes"],
        ["not a date", "Battles", "X", "31", "16", "1", "1", "S", "bad date"],
        ["2020-06-21", "Battles", "X", "95", "16", "1", "1", "S", "latitude out of range"],
        ["2020-06-22", "Battles", "X", "31", "east", "1", "1", "S", "longitude not a number"],
        ["2020-06-23", "Battles", "X", "31", "16", "7", "1", "S", "unknown precision code"],
        ["2020-06-24", "Protests", "Y", "32.1", "20.0", "1", "1", "S", "fine again"],
    ]
    return write_csv(tmp_path / "acled-export.csv", ACLED, rows)


def test_acled_csv_keeps_good_rows_and_names_each_bad_row(acled):
    observations, problems = read_observations(acled)
    assert [o.row for o in observations] == [2, 3, 4, 9]
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("acled-export.csv", 5, "event_date"),
        ("acled-export.csv", 6, "latitude"),
        ("acled-export.csv", 7, "longitude"),
        ("acled-export.csv", 8, "time_precision"),
    ]
    assert "'not a date' is not a date" in problems[0].message
    first, week, month, _ = observations
    assert (first.earliest, first.latest, first.lat, first.lon) == (dt.date(2020, 6, 15),) * 2 + (31.2, 16.58)
    assert (week.earliest, week.latest) == (dt.date(2020, 6, 17), dt.date(2020, 6, 23))
    assert (month.earliest, month.latest) == (dt.date(2020, 7, 1), dt.date(2020, 7, 31))
    assert week.notes == HOSTILE
    assert week.actor == "Wagner Group"
    assert week.provenance == "acled-export.csv, row 3"


def test_broken_bytes_control_characters_and_a_cut_off_quote_cost_only_their_rows(tmp_path):
    path = tmp_path / "notes.csv"
    text = "date,lat,lon,notes\n2020-06-01,31,16,ok\n2020-06-02,31,16,bell\x07\n"
    path.write_bytes(text.encode() + b'2020-06-03,31,16,caf\xe9\n2020-06-04,31,16,"never closed\n')
    observations, problems = read_observations(path)
    assert [o.row for o in observations] == [2]
    fields = {(p.line, p.field) for p in problems}
    assert (3, "notes") in fields
    assert (4, "notes") in fields
    assert any("CSV syntax error" in p.message for p in problems)


def test_our_csv_export_round_trips(mini, tmp_path):
    path = tmp_path / "ours.csv"
    path.write_bytes(download("csv", mini)[1])
    observations, problems = read_observations(path)
    placed = [r for r in mini.records() if r.site_id]
    assert {o.id for o in observations} == {r.id for r in placed}
    assert {p.record for p in problems} == {r.id for r in mini.records() if not r.site_id}
    assert {p.field for p in problems} == {"lat", "lon"}
    by_id = {o.id: o for o in observations}
    for record in placed:
        start = record.date if record.kind == "event" else record.start
        got = by_id[record.id]
        assert (got.earliest, got.latest) == (start.earliest, start.latest)
        assert (got.lat, got.lon) == (mini.sites[record.site_id].lat, mini.sites[record.site_id].lon)
        end = getattr(record, "end", None)
        assert got.end == (end.earliest if end else None)


def test_geojson_and_geopackage_imports_report_features_without_geometry_or_date(tmp_path):
    frame = gpd.GeoDataFrame(
        {
            "date": ["2020-06-15", "2020-06-16", "", "2020-06-18"],
            "notes": ["a", HOSTILE, "no date", "no place"],
            "actor": ["LNA", "GNA", "LNA", "GNA"],
        },
        geometry=[Point(16.5, 31.2), Point(13.1, 32.9), Point(20, 32), None],
        crs="EPSG:4326",
    )
    for suffix, driver in ((".geojson", "GeoJSON"), (".gpkg", "GPKG")):
        path = tmp_path / f"colleague{suffix}"
        frame.to_file(path, driver=driver)
        observations, problems = read_observations(path)
        assert [(o.row, o.lat, o.lon) for o in observations] == [(1, 31.2, 16.5), (2, 32.9, 13.1)], suffix
        assert [(p.line, p.field) for p in problems] == [(3, "date"), (4, "geometry")], suffix


def test_a_file_that_is_not_geojson_is_one_problem_not_a_crash():
    observations, problems = read_observations_bytes(b'{"type": "FeatureCollection", "features": [', "broken.geojson")
    assert observations == []
    assert len(problems) == 1
    assert problems[0].file == "broken.geojson"
    assert read_observations_bytes(b"x", "notes.xlsx")[1][0].message.startswith("unknown file type")


def test_cli_import_reports_rows_and_never_touches_the_seeds(acled, mini_copy, capsys):
    before = {p.name: p.read_bytes() for p in mini_copy.iterdir()}
    assert main(["--seeds", str(mini_copy), "import", str(acled), "--json"]) == 0
    captured = capsys.readouterr()
    assert "4 row(s) read from acled-export.csv, 4 row(s) not readable" in captured.out
    assert "acled-export.csv:5: record 'row 5': field 'event_date'" in captured.err
    assert len(json.loads(captured.out[captured.out.index("[") :])) == 4
    assert main(["--seeds", str(mini_copy), "import", str(acled), "--into-seeds"]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in mini_copy.iterdir()} == before


def test_into_seeds_validates_first_then_appends(mini_copy, tmp_path, capsys):
    header = ["id", "date", "lat", "lon", "site_id", "kind", "actors", "confidence", "source", "notes"]
    bad = write_csv(
        tmp_path / "bad.csv",
        header,
        [["", "2020-06-09", "31", "16", "alpha", "battle", "LNA", "reported", "fix-a", "x"]],
    )
    before = (mini_copy / "events.csv").read_bytes()
    assert main(["--seeds", str(mini_copy), "import", str(bad), "--into-seeds"]) == 1
    err = capsys.readouterr().err
    assert "events.csv" in err
    assert "'kind'" in err
    assert "'battle' is not one of" in err
    assert (mini_copy / "events.csv").read_bytes() == before
    source = load_dataset(mini_copy).control[0].citations[0].source
    good = write_csv(
        tmp_path / "good.csv",
        header,
        [["", "2020-06-09", "31", "16", "alpha", "strike", "LNA", "reported", source, "Seen."]],
    )
    assert main(["--seeds", str(mini_copy), "import", str(good), "--into-seeds"]) == 0
    added = next(e for e in load_dataset(mini_copy).events if e.id == "obs-good-2")
    assert (added.date.earliest, added.site_id, added.event_kind, added.citations[0].locator) == (
        dt.date(2020, 6, 9),
        "alpha",
        "strike",
        "good.csv row 2",
    )


def test_overlay_shows_at_its_dates_with_provenance_and_escaped_text(acled):
    observations, _ = read_observations(acled)
    assert len(overlay_features(observations, dt.date(2020, 6, 14))) == 0
    on_day = overlay_features(observations, dt.date(2020, 6, 18))
    assert len(on_day) == 2  # the 15 June clash (recent) and the week of 20 June
    html = tooltip_html(observations[1])
    assert "<img" not in html
    assert "<script>" not in html
    assert "&lt;img src=x" in html
    assert "from acled-export.csv, row 3" in html
    assert all("acled-export.csv, row" in f["properties"]["tooltip"] for f in on_day)


def test_briefing_embeds_the_overlay_as_data_only(mini, acled):
    observations, _ = read_observations(acled)
    page = briefing_html(
        mini,
        BriefingOptions(),
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        briefing_overlay(observations, "acled-export.csv"),
    )
    assert "<img src=x" not in page
    assert "alert(2)</script>" not in page
    start = page.index('id="briefing-overlay">') + len('id="briefing-overlay">')
    data = json.loads(page[start : page.index("</script>", start)])
    assert len(data["items"]) == 4
    assert HOSTILE in data["items"][1]["lines"]


def test_briefing_links_exports_written_beside_it(mini_copy, tmp_path):
    out = tmp_path / "brief.html"
    assert main(["--seeds", str(mini_copy), "briefing", "--out", str(out), "--exports", "kmz,csv"]) == 0
    assert (tmp_path / "brief-libya-sites.kmz").stat().st_size > 0
    page = out.read_text(encoding="utf-8")
    assert 'href="brief-libya-sites.kmz"' in page
    assert 'href="brief-libya-sites.csv"' in page
    rows = list(csv.DictReader(io.StringIO((tmp_path / "brief-libya-sites.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"] for r in rows} == {r.id for r in load_dataset(mini_copy).records()}
