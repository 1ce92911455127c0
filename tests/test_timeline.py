"""Time rules: [start, end), open ends, fuzzy boundaries, unknown vs contested, changes in (from, to]."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.core.timeline import change_dates, changes, events_between, history, next_change, previous_change, snapshot

D = dt.date


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        (D(2019, 4, 3), None),  # before any record: unknown
        (D(2019, 4, 4), "LNA"),  # start day is inclusive
        (D(2020, 6, 4), "LNA"),  # the day before the end
        (D(2020, 6, 5), "GNA"),  # end day is exclusive; the next period starts
        (D(2030, 1, 1), "GNA"),  # open end: still so at the last report
    ],
)
def test_holder_boundaries(mini, day, holder):
    assert snapshot(mini, day).holder("alpha") == holder


def test_unknown_is_not_contested(mini):
    state = snapshot(mini, D(2010, 1, 1)).state("alpha")
    assert state.control is None
    assert state.holder is None


def test_fuzzy_boundary_takes_effect_on_its_earliest_day_and_is_flagged(mini):
    # c-bravo-2 starts "early June 2020" (1-10 June)
    before = snapshot(mini, D(2020, 5, 31)).state("bravo")
    inside = snapshot(mini, D(2020, 6, 4)).state("bravo")
    after = snapshot(mini, D(2020, 6, 11)).state("bravo")
    assert (before.holder, before.uncertain) == ("GNA", False)
    assert (inside.holder, inside.uncertain) == ("LNA", True)
    assert (after.holder, after.uncertain) == ("LNA", False)


def test_precision_is_kept(mini):
    control = snapshot(mini, D(2020, 6, 4)).state("bravo").control
    assert control.start.precision == "early-month"
    assert control.start.label() == "early Jun 2020"


def test_disputing_claim_shows_beside_the_main_record(mini):
    state = snapshot(mini, D(2020, 6, 11)).state("bravo")
    assert state.holder == "LNA"
    assert [c.id for c in state.claims] == ["c-bravo-claim"]
    assert snapshot(mini, D(2020, 6, 12)).state("bravo").claims == ()


def test_active_deployments(mini):
    state = snapshot(mini, D(2020, 6, 30)).state("bravo")
    assert sorted(d.id for d in state.deployments) == ["d-bravo-jets", "d-bravo-jets-12", "d-bravo-sam"]
    assert [d.id for d in snapshot(mini, D(2020, 6, 30)).state("charlie").deployments] == ["d-charlie-drones"]
    assert snapshot(mini, D(2020, 7, 1)).state("charlie").deployments == ()


def test_every_site_appears_once(mini):
    states = snapshot(mini, D(2020, 1, 1)).states
    assert [s.site.id for s in states] == sorted(mini.sites)


def test_changes_window_is_after_from_up_to_and_including_to(mini):
    kinds = [(c.day, c.kind, c.record.id) for c in changes(mini, D(2020, 6, 4), D(2020, 6, 5))]
    assert kinds == [(D(2020, 6, 5), "control", "c-alpha-2")]
    assert changes(mini, D(2020, 6, 5), D(2020, 6, 9)) == []


def test_changes_name_the_previous_holder(mini):
    (change,) = [c for c in changes(mini, D(2020, 6, 1), D(2020, 6, 6)) if c.site_id == "alpha"]
    assert change.previous.holder == "LNA"
    assert change.record.holder == "GNA"


def test_changes_are_ordered_and_cover_every_kind(mini):
    found = changes(mini, D(2019, 1, 1), D(2020, 12, 31))
    assert [c.day for c in found] == sorted(c.day for c in found)
    assert {c.kind for c in found} >= {"control", "claim", "claim-end", "deployment-start", "deployment-end", "event"}


def test_changes_reject_a_reversed_window(mini):
    with pytest.raises(ValueError, match="before"):
        changes(mini, D(2020, 1, 2), D(2020, 1, 1))


def test_changes_match_the_difference_between_snapshots(mini):
    for since, until in [(D(2020, 5, 31), D(2020, 6, 11)), (D(2020, 6, 11), D(2020, 7, 2))]:
        a, b = snapshot(mini, since), snapshot(mini, until)
        holders_changed = {s.site.id for s, t in zip(a.states, b.states) if s.holder != t.holder}
        from_changes = {c.site_id for c in changes(mini, since, until) if c.kind in ("control", "control-end")}
        assert holders_changed == from_changes


def test_change_dates_and_stepping(mini):
    days = change_dates(mini)
    assert list(days) == sorted(set(days))
    assert D(2020, 6, 5) in days
    assert next_change(mini, D(2020, 6, 4)) == D(2020, 6, 5)
    assert previous_change(mini, D(2020, 6, 5)) < D(2020, 6, 5)
    assert next_change(mini, days[-1]) is None
    assert previous_change(mini, days[0]) is None


def test_history_is_chronological_and_complete(mini):
    ids = [r.id for r in history(mini, "bravo")]
    assert ids[0] == "c-bravo-1"
    assert set(ids) == {"c-bravo-1", "c-bravo-2", "c-bravo-claim", "d-bravo-jets", "d-bravo-jets-12", "d-bravo-sam"}
    with pytest.raises(KeyError):
        history(mini, "nowhere")


def test_events_between(mini):
    assert [e.id for e in events_between(mini, D(2019, 4, 3), D(2019, 12, 31))] == ["e-offensive", "e-pact"]
    assert [e.id for e in events_between(mini, D(2019, 4, 4), D(2019, 4, 30))] == []


def test_builtin_watiya_and_tarhuna_change_hands_in_spring_2020(dataset):
    before, after = snapshot(dataset, D(2020, 5, 1)), snapshot(dataset, D(2020, 6, 15))
    for site in ("al-watiya", "tarhuna"):
        assert before.holder(site) == "LNA"
        assert after.holder(site) == "GNA"
