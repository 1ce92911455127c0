"""app.py under streamlit.testing.v1.AppTest: the page runs, reads and writes the URL, steps through changes."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import MINI, ROOT
from tests.helpers import html_tables

APP = str(ROOT / "app.py")


def _app(monkeypatch, seeds=MINI, **query) -> AppTest:
    monkeypatch.setenv("LIBYA_SEEDS", str(seeds))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _situation(at) -> dict[str, list[str]]:
    """The situation table the page shows (its one HTML table named "Situation on …")."""
    tables = {k: v for h in at.get("html") for k, v in html_tables(h.proto.body).items()}
    (name,) = [k for k in tables if k.startswith("Situation on ")]
    return tables[name]


def test_opens_at_the_url_date_with_one_row_per_site(monkeypatch):
    at = _app(monkeypatch, date="2020-06-11", site="bravo")
    assert not at.exception
    assert at.slider(key="date").value == dt.date(2020, 6, 11)
    situation = _situation(at)
    assert list(situation["site"]) == ["Alpha", "Bravo Air Base", "Charlie"]
    # charlie, a context place with no control record at all, is not "no known holder" but untracked
    assert list(situation["holder"]) == [
        "Government of National Accord",
        "Libyan National Army",
        "Control not recorded (context place)",
    ]
    assert at.query_params["date"] == "2020-06-11"


def test_next_and_previous_change_buttons(monkeypatch):
    at = _app(monkeypatch, date="2020-06-02")
    at.button(key="next").click().run()
    assert at.slider(key="date").value == dt.date(2020, 6, 5)
    assert at.query_params["date"] == "2020-06-05"
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert at.slider(key="date").value == dt.date(2020, 5, 1)


def test_filters_go_to_the_url(monkeypatch):
    at = _app(monkeypatch, date="2020-06-26")
    at.multiselect(key="actors").set_value(["TUR"]).run()
    at.select_slider(key="conf").set_value("reported").run()
    assert at.query_params["actors"] == "TUR"
    assert at.query_params["conf"] == "reported"
    deployments = _situation(at)["deployments"]
    assert deployments[0] == ""
    assert deployments[1] == "no deployment passes the filters at this date; 3 recorded: 1 claimed, 2 reported"
    assert deployments[2].startswith("Armed drones (Turkey, reported), from ")
    at.multiselect(key="actors").set_value([]).run()
    at.select_slider(key="conf").set_value("confirmed").run()
    assert _situation(at)["deployments"][2] == "no confirmed deployment at this date; 1 reported"


def _notices(at, css_class: str) -> list[str]:
    """The text of the app's escaped-HTML notices of one kind (text from the URL never goes through Markdown)."""
    import html
    import re

    bodies = [h.proto.body for h in at.get("html")]
    return [html.unescape(m) for b in bodies for m in re.findall(rf'<div class="{css_class}">(.*?)</div>', b)]


def test_bad_url_values_are_reported_not_fatal(monkeypatch):
    at = _app(monkeypatch, date="someday", actors="XYZ")
    assert not at.exception
    assert _notices(at, "geo-warning") == [
        "URL date: 'someday' is not a date in the form YYYY-MM-DD",
        "URL actors: unknown actor 'XYZ' ignored",
    ]


def test_url_values_reach_the_page_as_escaped_text(monkeypatch):
    at = _app(monkeypatch, actors="![x](http://evil.example/a.png)<img src=x>")
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert "<img src=x>" not in bodies
    assert "&lt;img src=x&gt;" in bodies
    assert "unknown actor '![x](http://evil.example/a.png)<img src=x>' ignored" in _notices(at, "geo-warning")[0]


def test_problems_in_the_data_show_in_one_panel(monkeypatch, mini_copy):
    sites = mini_copy / "sites.csv"
    sites.write_text(sites.read_text().replace("Charlie,city,context,32.9,13.2", "Charlie,city,context,13.2,32.9"))
    at = _app(monkeypatch, seeds=mini_copy, date="2020-06-26")
    assert not at.exception
    assert at.expander[0].label.startswith("⚠ ")
    problems = at.expander[0].dataframe[0].value
    assert "latitude and longitude look swapped" in " ".join(problems["message"])
    assert _situation(at)["site"] == ["Alpha", "Bravo Air Base"]


VIEWS = ["Situation", "Changes", "Site history", "Timeline", "Event log", "Coverage", "Downloads"]


def _shown_views(at) -> list[str]:
    """The views whose content is on the page, each known by what only it draws."""
    bodies = " ".join(h.proto.body for h in at.get("html"))
    shown = {
        "Situation": "Situation on " in bodies,
        "Changes": any(r.key == "changes_mode" for r in at.radio),
        "Site history": "History of " in bodies,
        "Timeline": bool(at.get("vega_lite_chart")) and not any(r.key == "coverage_role" for r in at.radio),
        "Event log": any(c.key == "log_upto" for c in at.checkbox),
        "Coverage": any(r.key == "coverage_role" for r in at.radio),
        "Downloads": bool(at.get("download_button")),
    }
    return [v for v in VIEWS if shown[v]]


@pytest.mark.parametrize("view_label", VIEWS)
def test_every_view_renders_and_only_the_chosen_one_computes(monkeypatch, view_label):
    at = _app(monkeypatch, date="2020-06-05", site="alpha")
    (control,) = at.segmented_control
    assert control.options == VIEWS
    assert control.value == "Situation"
    assert _shown_views(at) == ["Situation"]
    control.set_value(view_label).run()
    assert not at.exception
    assert _shown_views(at) == [view_label]


def _spec(at) -> dict:
    import json

    (chart,) = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


def test_a_slider_step_does_not_rebuild_the_timeline_chart(monkeypatch):
    import streamlit as st

    from geo.present import view

    built = []
    original = view.timeline_rows
    monkeypatch.setattr(view, "timeline_rows", lambda *a, **k: built.append(1) or original(*a, **k))
    st.cache_resource.clear()
    at = _app(monkeypatch, date="2020-06-05")
    at.session_state["tab"] = "Timeline"
    at.run()
    first = _spec(at)
    at.slider(key="date").set_value(dt.date(2020, 6, 26)).run()
    second = _spec(at)
    assert len(built) == 1
    assert first["layer"][:-1] == second["layer"][:-1]
    assert first["layer"][-1]["data"]["values"] == [{"date": "2020-06-05"}]
    assert second["layer"][-1]["data"]["values"] == [{"date": "2020-06-26"}]


def test_the_event_log_shows_a_window_around_the_date(monkeypatch):
    at = _app(monkeypatch, date="2020-06-05")
    at.session_state["tab"] = "Event log"
    at.run()
    dates = list(at.dataframe[0].value["date"])
    assert dates
    assert all(d <= "2020-06-05" for d in dates)
    assert dates == sorted(dates, reverse=True)


def test_an_edit_of_the_seeds_reaches_an_open_session(monkeypatch, mini_copy):
    from helpers import edit_cell

    at = _app(monkeypatch, seeds=mini_copy, date="2020-06-11")
    assert _situation(at)["site"][0] == "Alpha"
    edit_cell(mini_copy, "sites", "alpha", "name", "Alpha Renamed")
    at.run()
    assert _situation(at)["site"][0] == "Alpha Renamed"


def test_the_gis_downloads_follow_the_sidebar_actors(monkeypatch):
    at = _app(monkeypatch, date="2020-06-26", actors="TUR")
    at.session_state["tab"] = "Downloads"
    at.run()
    assert not at.exception
    captions = " ".join(h.proto.body for h in at.get("html"))
    assert "the deployments and events of Turkey (the sidebar&#x27;s actors)" in captions
    at.multiselect(key="actors").set_value([]).run()
    assert "every record, with its dates" in " ".join(c.value for c in at.caption)


def test_the_downloads_offer_the_situation_table_of_the_date(monkeypatch):
    at = _app(monkeypatch, date="2020-06-05")
    at.segmented_control[0].set_value("Downloads").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Situation table at 5 Jun 2020 (CSV, the sidebar's filters)" in labels
    assert "Snapshot at 5 Jun 2020 (GeoJSON)" in labels
