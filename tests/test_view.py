"""geo.present.view: URL state, filters, rows; and the layering rule that only app.py imports streamlit."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from geo.core import text
from geo.core.timeline import snapshot
from geo.present import view

D = dt.date


def test_default_state_opens_at_the_data_horizon(mini):
    state, messages = view.parse_query({}, mini)
    assert messages == []
    # the fixture's newest word is src-a, published July 2020, which still reports the open records
    assert state.date == view.date_span(mini)[1] == mini.horizon == D(2020, 7, 1)
    assert state.filters == view.Filters()
    assert view.to_query(state) == {"date": "2020-07-01"}


def test_date_span_runs_from_2011_or_the_first_record_to_the_horizon(mini, dataset):
    assert view.date_span(dataset) == (D(2011, 1, 1), dataset.horizon)  # built-in data reach back to 1969
    assert view.date_span(mini) == (D(2016, 1, 1), D(2020, 7, 1))


def test_a_later_record_extends_the_period_with_no_code_change(mini_copy):
    from helpers import copy_row

    from geo.core.load import load_dataset

    copy_row(mini_copy, "events", "e-pact", id="e-later", date="2024-03-09", date_precision="day")
    later = load_dataset(mini_copy)
    assert view.date_span(later) == (D(2016, 1, 1), D(2024, 3, 9))
    assert view.parse_query({"date": "2024-03-09"}, later) == (view.default_state(later), [])


def test_query_round_trip(mini):
    params = {
        "date": "2020-06-15",
        "actors": "RUS,TUR",
        "kinds": "aircraft",
        "conf": "reported",
        "layers": "control,range_rings",
        "sites": "alpha,bravo",
        "site": "bravo",
        "tiles": "osm",
    }
    state, messages = view.parse_query(params, mini)
    assert messages == []
    assert state.filters.actors == ("RUS", "TUR")
    assert state.filters.layers == ("control", "range_rings")
    assert state.site == "bravo"
    assert state.online_tiles
    assert view.to_query(state) == params
    assert view.parse_query(view.to_query(state), mini)[0] == state


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date": "2020-13-01"}, "URL date: '2020-13-01' is not a date in the form YYYY-MM-DD"),
        ({"date": "2030-01-01"}, "URL date: 2030-01-01 is outside the data; showing 2020-07-01"),
        ({"actors": "RUS,XYZ"}, "URL actors: unknown actor 'XYZ' ignored"),
        ({"kinds": "tanks"}, "URL kinds: unknown asset kind 'tanks' ignored"),
        ({"conf": "rumoured"}, "URL conf: 'rumoured' is not one of confirmed, reported, claimed, alleged"),
        ({"layers": "control,heat"}, "URL layers: unknown layer 'heat' ignored"),
        ({"site": "nowhere"}, "URL site: unknown site 'nowhere' ignored"),
        ({"tiles": "google"}, "URL tiles: 'google' is not 'osm'"),
    ],
)
def test_bad_query_values_are_dropped_with_a_message(mini, params, message):
    state, messages = view.parse_query(params, mini)
    assert messages == [message]
    assert state.date <= view.date_span(mini)[1]


def test_no_layers_survives_the_url(mini):
    state = view.ViewState(date=D(2020, 6, 1), filters=view.Filters(layers=()))
    query = view.to_query(state)
    assert query["layers"] == "none"
    assert view.parse_query(query, mini)[0].filters.layers == ()


@pytest.mark.parametrize(
    ("minimum", "kept"),
    [
        ("confirmed", {"confirmed"}),
        ("reported", {"confirmed", "reported"}),
        ("alleged", {"confirmed", "reported", "claimed", "alleged"}),
    ],
)
def test_minimum_confidence_keeps_that_level_and_stronger(mini, minimum, kept):
    f = view.Filters(min_confidence=minimum)
    for record in mini.records():
        assert f.confident(record) == (record.confidence in kept), record.id


def test_filters_on_actor_and_kind(mini):
    deployments = {d.id: d for d in mini.deployments}
    turkey = view.Filters(actors=("TUR",))
    assert [d.id for d in turkey.deployments(mini, mini.deployments)] == ["d-charlie-drones"]
    sam = view.Filters(kinds=("air-defence",))
    assert sam.keeps_deployment(mini, deployments["d-bravo-sam"])
    assert not sam.keeps_deployment(mini, deployments["d-bravo-jets"])
    assert [e.id for e in mini.events if turkey.keeps_event(e)] == ["e-pact"]


def test_site_for_tooltip_takes_the_longest_name(mini):
    assert view.site_for_tooltip(mini, "Bravo Air Base · Libyan National Army") == "bravo"
    assert view.site_for_tooltip(mini, "Alpha ·  Government of National Accord") == "alpha"
    assert view.site_for_tooltip(mini, "Somewhere · else") is None
    assert view.site_for_tooltip(mini, None) is None


def test_situation_rows_show_a_disputing_claim(mini):
    rows = {r["site"]: r for r in view.situation_rows(snapshot(mini, D(2020, 6, 11)), view.Filters())}
    assert list(rows) == ["Alpha", "Bravo Air Base", "Charlie"]
    assert rows["Alpha"]["holder"] == "Government of National Accord"
    assert rows["Alpha"]["since"] == "since 5 Jun 2020 (day)"
    assert rows["Bravo Air Base"]["disputed by"].startswith("Government of National Accord since 10 Jun 2020")
    assert rows["Charlie"]["holder"] == "Control not recorded (context place)"  # no control record at all
    early = {r["site"]: r for r in view.situation_rows(snapshot(mini, D(2019, 4, 3)), view.Filters())}
    assert early["Alpha"]["holder"] == "No known holder"  # tracked, but before its first record
    confirmed_only = view.situation_rows(snapshot(mini, D(2020, 6, 11)), view.Filters(min_confidence="confirmed"))
    assert confirmed_only[1]["disputed by"] == ""


def test_history_and_event_log_order(mini):
    history = view.history_rows(mini, "bravo")
    assert [r["date"] for r in history] == sorted(r["date"] for r in history)
    log = view.event_rows(mini, view.Filters(), until=D(2020, 3, 31))
    assert [r["date"] for r in log] == ["2019-11-01", "2019-04-04"]
    assert log[0]["source"] == "Fixture report A, p11"


def test_latest_change_window(mini):
    assert view.latest_change_window(mini, D(2020, 6, 5)) == (D(2020, 6, 4), D(2020, 6, 5))
    assert view.latest_change_window(mini, D(2020, 6, 7)) == (D(2020, 6, 4), D(2020, 6, 5))
    assert view.latest_change_window(mini, D(2000, 1, 1)) is None


def test_timeline_rows_have_iso_dates(mini):
    rows = view.timeline_rows(mini, view.Filters())
    assert {r["site"] for r in rows["periods"]} == {"Alpha", "Bravo Air Base"}
    for row in rows["periods"] + rows["marks"]:
        for key in ("start", "end", "date"):
            if key in row:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[key])


def test_an_open_record_past_its_last_report_says_so(mini):
    open_record = next(c for c in mini.control if c.id == "c-alpha-2")
    closed = next(c for c in mini.control if c.id == "c-alpha-1")
    assert mini.last_reported(open_record) == D(2020, 7, 1)
    assert text.as_of_text(mini, open_record, D(2020, 7, 1)) == ""
    assert text.as_of_text(mini, open_record, D(2020, 7, 2)) == "still so at last report, 1 Jul 2020"
    assert text.as_of_text(mini, closed, D(2020, 7, 2)) == ""


def test_last_reported_is_the_newest_source_that_cites_the_record(mini_copy):
    from helpers import append_row

    from geo.core.load import load_dataset

    append_row(
        mini_copy,
        "sources",
        id="src-late",
        title="Later report",
        publisher="Fixture Press",
        published="2023-05",
        published_precision="month",
        kind="report",
    )
    append_row(mini_copy, "citations", record_id="c-alpha-2", source="src-late", locator="p9")
    later = load_dataset(mini_copy)
    record = next(c for c in later.control if c.id == "c-alpha-2")
    assert later.last_reported(record) == D(2023, 5, 1)
    assert later.horizon == D(2023, 5, 1)


def test_filter_choices_offer_involved_actors_every_kind_and_sites_by_name(mini):
    choices = view.filter_choices(mini)
    involved = {d.actor for d in mini.deployments} | {a for e in mini.events for a in e.actors}
    assert set(choices.actors) == involved
    assert list(choices.actors) == sorted(choices.actors)
    assert set(choices.kinds) == {a.kind for a in mini.assets.values()}
    names = [mini.sites[s].name for s in choices.sites]
    assert names == sorted(names)
    assert set(choices.sites) == set(mini.sites)


def test_an_unknown_layer_in_the_url_is_reported_and_the_rest_of_the_view_kept(mini):
    state, messages = view.parse_query({"layers": "bogus", "conf": "reported"}, mini)
    assert state.filters.layers == view.DEFAULT_LAYERS
    assert state.filters.min_confidence == "reported"
    assert messages == ["URL layers: unknown layer 'bogus' ignored"]
    state, _ = view.parse_query({"layers": "control,bogus"}, mini)
    assert state.filters.layers == ("control",)
    assert view.parse_query({"layers": "none"}, mini)[0].filters.layers == ()


def test_deployments_carry_dates_and_disagreements_name_the_other_report(mini):
    from geo.core.text import deployment_line_text, disagreement_text

    jets12 = next(d for d in mini.deployments if d.id == "d-bravo-jets-12")
    other = next(d for d in mini.deployments if d.id == jets12.disputes)
    said = disagreement_text(mini, jets12)
    assert mini.sources[other.citations[0].source].title in said
    assert f"count {jets12.count:g} {jets12.unit} against {other.count:g} {other.unit}" in said
    assert jets12.id not in said
    assert other.id not in said
    assert f"from {jets12.start.label()}" in deployment_line_text(mini, jets12)


def test_the_timeline_covers_the_slider_period_with_earlier_history_folded(dataset):
    rows = view.timeline_rows(dataset, view.Filters())
    first, last = view.date_span(dataset)
    assert min(p["start"] for p in rows["periods"]) == first.isoformat()
    assert min(m["date"] for m in rows["marks"]) >= first.isoformat()
    assert any(p["before"] == f"before {first.year}" for p in rows["periods"])
    assert any(m["mark"] == f"before {first.year}" for m in rows["marks"])
    with_records = {dataset.sites[r.site_id].name for r in dataset.records() if r.site_id}
    assert set(rows["lanes"]) == with_records
    assert "Tobruk" in rows["lanes"]


def test_every_disagreement_in_the_built_in_data_is_put_in_words(dataset):
    from geo.core.text import disagreement_text

    disputing = [r for r in dataset.records() if r.disputes]
    assert {r.kind for r in disputing} >= {"deployment", "event"}
    named = 0
    for record in disputing:
        said = disagreement_text(dataset, record)
        assert said.startswith("Disagrees with ")
        assert record.disputes not in said
        named += said.startswith("Disagrees with the report in ")
    assert named >= len(disputing) - 2  # a report superseded in the data is not named


def test_event_window_is_the_head_of_the_event_log(dataset):
    at = dt.date(2020, 6, 1)
    filters = view.Filters()
    log = view.event_rows(dataset, filters, until=at)
    assert view.event_window(dataset, filters, at, before=25) == log[:25]
    both = view.event_window(dataset, filters, at, before=5, after=5)
    later = [r for r in both if r["date"] > at.isoformat()]
    assert len(both) == 10
    assert len(later) == 5
    assert [r["date"] for r in both] == sorted((r["date"] for r in both), reverse=True)


def test_page_slices_and_stays_in_range():
    rows = list(range(450))
    assert view.page(rows, 1, 200) == rows[:200]
    assert view.page(rows, 3, 200) == rows[400:]
    assert view.page(rows, 9, 200) == rows[400:]
    assert view.page([], 1, 200) == []


def test_binned_timeline_bounds_the_chart_and_keeps_its_fields(dataset):
    rows = view.binned_timeline_rows(dataset, view.Filters(), cells=300)
    full = view.timeline_rows(dataset, view.Filters())
    assert set(rows["periods"][0]) == set(full["periods"][0])
    assert set(rows["marks"][0]) == set(full["marks"][0])
    assert len(rows["periods"]) + len(rows["marks"]) <= 300 + len(dataset.sites)
    for a, b in zip(rows["periods"], rows["periods"][1:]):
        if a["site"] == b["site"]:
            assert a["end"] == b["start"] or a["end"] < b["start"]
