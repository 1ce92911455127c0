"""Uncertain time: a fuzzy boundary is a transition span, arrivals and departures, events by their span."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.core.dates import parse_fuzzy_date
from geo.core.model import Actor, Asset, Citation, Control, Dataset, Deployment, Event, Site
from geo.core.text import transition_text
from geo.core.timeline import changes, phase, snapshot
from geo.present.view import Filters, recent_events

D = dt.date
CITE = (Citation("s", "p"),)
SITE = {"x": Site("x", "X", "city", "key", 30.0, 15.0, 1, "r", "LY", (), Citation("s", "p"))}
ACTORS = {a: Actor(a, f"Holder {a}", "libyan-faction", "other", "#000000") for a in ("A", "B")}
ASSETS = {"jets": Asset("jets", "Jets", "aircraft", None, None)}


def fuzzy(text: str, precision: str = "day"):
    return parse_fuzzy_date(text, precision)


def handover(text: str, precision: str) -> Dataset:
    """A held x from 2010 to the fuzzy date, B from it on."""
    boundary = fuzzy(text, precision)
    return Dataset(
        actors=ACTORS,
        sites=SITE,
        control=(
            Control("c-a", "x", "A", fuzzy("2010-01-01"), boundary, "reported", CITE, "A"),
            Control("c-b", "x", "B", boundary, None, "reported", CITE, "B"),
        ),
    )


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2020-06", "early-month", D(2020, 6, 1), D(2020, 6, 10)),
        ("2020-06", "mid-month", D(2020, 6, 11), D(2020, 6, 20)),
        ("2020-06", "late-month", D(2020, 6, 21), D(2020, 6, 30)),
        ("2020-02", "late-month", D(2020, 2, 21), D(2020, 2, 29)),  # leap year
        ("2019-02", "late-month", D(2019, 2, 21), D(2019, 2, 28)),
        ("2020-02", "month", D(2020, 2, 1), D(2020, 2, 29)),
        ("2021-02", "month", D(2021, 2, 1), D(2021, 2, 28)),
        ("2016", "year", D(2016, 1, 1), D(2016, 12, 31)),
    ],
)
def test_a_fuzzy_handover_is_a_transition_over_its_whole_span(text, precision, first, last):
    data = handover(text, precision)
    one = dt.timedelta(days=1)
    before, start, end, after = (snapshot(data, d).state("x") for d in (first - one, first, last, last + one))
    assert (before.holder, before.transition) == ("A", None)
    assert (after.holder, after.transition) == ("B", None)
    for inside in (start, end):
        assert inside.holder == "B"  # the current record takes effect on the earliest day
        assert inside.transition.holders == ("A", "B")
        assert (inside.transition.first, inside.transition.last) == (first, last)
        assert inside.uncertain


def test_an_exact_handover_has_no_transition():
    data = handover("2020-06-05", "day")
    assert [snapshot(data, d).state("x").transition for d in (D(2020, 6, 4), D(2020, 6, 5))] == [None, None]


def test_an_end_with_no_successor_is_a_transition_to_no_known_holder_and_a_control_end():
    data = Dataset(
        actors=ACTORS,
        sites=SITE,
        control=(Control("c-a", "x", "A", fuzzy("2015-01-01"), fuzzy("2016-03", "month"), "reported", CITE, "A"),),
    )
    inside = snapshot(data, D(2016, 3, 15)).state("x")
    assert inside.holder is None
    assert inside.transition.holders == ("A", None)
    assert snapshot(data, D(2016, 2, 29)).state("x").transition is None
    assert snapshot(data, D(2016, 4, 1)).state("x").transition is None
    assert [(c.kind, c.day) for c in changes(data, D(2016, 1, 1), D(2016, 12, 31))] == [("control-end", D(2016, 3, 1))]


def test_a_fuzzy_start_after_a_gap_is_a_transition_from_no_known_holder():
    data = Dataset(
        actors=ACTORS,
        sites=SITE,
        control=(Control("c-b", "x", "B", fuzzy("2017", "year"), None, "reported", CITE, "B"),),
    )
    state = snapshot(data, D(2017, 7, 1)).state("x")
    assert state.holder == "B"
    assert state.transition.holders == (None, "B")
    assert transition_text(data, state.transition) == (
        "between No known holder and Holder B (2017, between 1 Jan and 31 Dec 2017: "
        "the sources date the change only to this span)"
    )


def test_a_deployment_is_arriving_then_present_then_leaving():
    jets = Deployment(
        "d",
        "x",
        "A",
        "",
        "jets",
        8,
        "aircraft",
        "",
        fuzzy("2020-05", "month"),
        fuzzy("2020-09", "early-month"),
        "reported",
        CITE,
        "jets",
    )
    data = Dataset(actors=ACTORS, sites=SITE, assets=ASSETS, deployments=(jets,))
    assert phase(jets, D(2020, 5, 20)) == "arriving"
    assert phase(jets, D(2020, 7, 1)) is None
    assert phase(jets, D(2020, 9, 5)) == "leaving"
    assert [d.id for d in snapshot(data, D(2020, 5, 20)).state("x").deployments] == ["d"]
    leaving = snapshot(data, D(2020, 9, 5)).state("x")
    assert leaving.deployments == ()
    assert [d.id for d in leaving.leaving] == ["d"]
    assert snapshot(data, D(2020, 9, 11)).state("x").leaving == ()


def test_an_event_dated_only_to_a_year_is_recent_by_its_span():
    event = Event("e", fuzzy("2020", "year"), "x", "statement", ("A",), None, "", "", "reported", CITE, "said")
    data = Dataset(actors=ACTORS, sites=SITE, events=(event,))

    def recent(day):
        return [e.id for e in recent_events(data, day, Filters(), days=90)]

    assert recent(D(2019, 12, 31)) == []
    assert recent(D(2020, 1, 15)) == recent(D(2020, 12, 31)) == ["e"]
    assert recent(D(2021, 3, 30)) == ["e"]  # the span's last day is within 90 days
    assert recent(D(2021, 3, 31)) == []


def test_on_2011_01_01_no_key_site_shows_the_ntc_as_its_holder(dataset):
    states = [s for s in snapshot(dataset, D(2011, 1, 1)).states if s.site.role == "key"]
    assert states
    assert all(s.holder == "GADDAFI" for s in states)
    assert not any(s.transition and "NTC" in s.transition.holders for s in states)


def test_an_open_deployment_not_reported_for_a_year_is_marked_as_carried():
    from geo.core.model import Source
    from geo.core.text import deployment_line_text, deployment_text, is_stale

    jets = Deployment(
        "d",
        "x",
        "A",
        "",
        "jets",
        8,
        "aircraft",
        "",
        fuzzy("2020-05-21"),
        None,
        "reported",
        (Citation("src", "p"),),
        "jets",
    )
    source = Source("src", "Report", "", "Press", fuzzy("2020-06", "month"), "", "news")
    data = Dataset(actors=ACTORS, sites=SITE, assets=ASSETS, deployments=(jets,), sources={"src": source})
    assert not is_stale(data, jets, D(2021, 6, 1))  # 365 days after the report of 1 Jun 2020
    assert is_stale(data, jets, D(2021, 6, 2))
    assert deployment_text(data, jets, D(2021, 6, 2)).endswith("(Holder A, reported, last reported 1 Jun 2020)")
    assert deployment_text(data, jets, D(2020, 7, 1)).endswith("(Holder A, reported)")
    line = deployment_line_text(data, jets, D(2021, 6, 2))
    assert line.count("last reported 1 Jun 2020") == 1, line
    assert line.endswith("open (12 months to 2 Jun 2021; last reported 1 Jun 2020)")
