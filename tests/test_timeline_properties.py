"""Property tests: the indexed snapshot equals a brute-force scan over the records."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.core.dates import FuzzyDate
from geo.core.model import Actor, Asset, Citation, Control, Dataset, Deployment, Site
from geo.core.timeline import changes, snapshot, states_by_day

BASE = dt.date(2011, 1, 1)
CITE = (Citation("s", "p"),)
SITES = {
    f"s{i}": Site(f"s{i}", f"S{i}", "city", "key", 30.0, 15.0 + i / 10, 1, "r", "LY", (), Citation("s", "p"))
    for i in range(4)
}
ACTORS = {a: Actor(a, a, "libyan-faction", "other", "#000000") for a in ("A", "B", "C")}
ASSETS = {"x": Asset("x", "X", "aircraft", None, None)}


def _day(offset: int) -> FuzzyDate:
    day = BASE + dt.timedelta(days=offset)
    return FuzzyDate(day, day, "day", day.isoformat())


@st.composite
def datasets(draw):
    controls, deployments = [], []
    for site in SITES:
        cuts = sorted(set(draw(st.lists(st.integers(0, 3000), max_size=5))))
        for i, (a, b) in enumerate(zip(cuts, cuts[1:] + [None])):
            if draw(st.booleans()):
                continue  # a gap: unknown holder
            end = _day(b) if b is not None else None
            controls.append(
                Control(
                    f"c-{site}-{i}", site, draw(st.sampled_from(sorted(ACTORS))), _day(a), end, "reported", CITE, "x"
                )
            )
    for i in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 3000))
        length = draw(st.one_of(st.none(), st.integers(1, 500)))
        deployments.append(
            Deployment(
                f"d{i}",
                draw(st.sampled_from(sorted(SITES))),
                "A",
                "",
                "x",
                None,
                "",
                "",
                _day(start),
                _day(start + length) if length else None,
                "reported",
                CITE,
                "x",
            )
        )
    return Dataset(actors=ACTORS, sites=SITES, assets=ASSETS, control=tuple(controls), deployments=tuple(deployments))


def brute_force(dataset: Dataset, at: dt.date):
    def active(r):
        return r.start.earliest <= at and (r.end is None or at < r.end.earliest)

    holders = {s: None for s in dataset.sites}
    for c in dataset.control:
        if active(c) and not c.disputes:
            holders[c.site_id] = c.holder
    deployed = {s: sorted(d.id for d in dataset.deployments if d.site_id == s and active(d)) for s in dataset.sites}
    return holders, deployed


def indexed(dataset: Dataset, at: dt.date):
    snap = snapshot(dataset, at)
    return (
        {s.site.id: s.holder for s in snap.states},
        {s.site.id: sorted(d.id for d in s.deployments) for s in snap.states},
    )


@settings(max_examples=150, deadline=None)
@given(datasets(), st.integers(-10, 3600))
def test_snapshot_equals_brute_force(dataset, offset):
    at = BASE + dt.timedelta(days=offset)
    assert indexed(dataset, at) == brute_force(dataset, at)


@settings(max_examples=60, deadline=None)
@given(datasets(), st.integers(0, 3600), st.randoms())
def test_snapshot_does_not_depend_on_input_order(dataset, offset, rnd: random.Random):
    at = BASE + dt.timedelta(days=offset)
    shuffled = list(dataset.control), list(dataset.deployments)
    rnd.shuffle(shuffled[0])
    rnd.shuffle(shuffled[1])
    other = Dataset(
        actors=dataset.actors,
        sites=dataset.sites,
        assets=dataset.assets,
        control=tuple(shuffled[0]),
        deployments=tuple(shuffled[1]),
    )
    assert indexed(other, at) == indexed(dataset, at)


@settings(max_examples=60, deadline=None)
@given(datasets(), st.integers(0, 3600))
def test_snapshot_never_uses_a_record_dated_after_the_date(dataset, offset):
    at = BASE + dt.timedelta(days=offset)
    snap = snapshot(dataset, at)
    for state in snap.states:
        used = ([state.control] if state.control else []) + list(state.deployments)
        assert all(r.start.earliest <= at for r in used)
    assert len({s.site.id for s in snap.states}) == len(dataset.sites)


# --- fuzzy boundaries, transitions and change events ----------------------------------------

_PRECISIONS = ("day", "early-month", "mid-month", "late-month", "month", "year")


def _fuzzy(offset: int, precision: str) -> FuzzyDate:
    from geo.core.dates import parse_fuzzy_date

    day = BASE + dt.timedelta(days=offset)
    text = {"day": day.isoformat(), "year": f"{day.year}"}.get(precision, f"{day:%Y-%m}")
    return parse_fuzzy_date(text, precision)


@st.composite
def fuzzy_datasets(draw):
    """Per site: consecutive main periods whose shared boundaries have random precisions, gaps and a
    disputing claim; boundaries lie at least a year and a half apart so no two spans overlap."""
    controls = []
    for site in SITES:
        n = draw(st.integers(0, 4))
        cuts = [draw(st.integers(0, 200)) + 560 * i for i in range(n + 1)]
        bounds = [_fuzzy(c, draw(st.sampled_from(_PRECISIONS))) for c in cuts]
        if draw(st.booleans()):
            bounds[-1] = None  # the last period is open
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if a is None or draw(st.integers(0, 4)) == 0:
                continue  # a gap: no known holder
            holder = draw(st.sampled_from(sorted(ACTORS)))
            controls.append(Control(f"c-{site}-{i}", site, holder, a, b, "reported", CITE, "x"))
        if controls and draw(st.booleans()):
            base = controls[-1]
            controls.append(
                Control(f"k-{site}", site, "C", base.start, base.end, "claimed", CITE, "x", disputes=base.id)
            )
    return Dataset(actors=ACTORS, sites=SITES, assets=ASSETS, control=tuple(controls))


def _brute_transition(dataset: Dataset, site: str, at: dt.date):
    """The rule of geo.core.timeline written as a scan: a start span wins over an end span."""
    main = sorted((c for c in dataset.control if c.site_id == site and not c.disputes), key=lambda c: c.start)
    current = [c for c in main if c.start.earliest <= at and (c.end is None or at < c.end.earliest)]
    now = current[0] if current else None
    if now is not None and now.start.precision != "day" and now.start.covers(at):
        before = [c for c in main if c.end is not None and c.end.earliest == now.start.earliest]
        return (before[0].holder if before else None, now.holder)
    ended = [c for c in main if c.end is not None and c.end.earliest <= at]
    if ended:
        last = max(ended, key=lambda c: c.end.earliest)
        if last.end.precision != "day" and last.end.covers(at):
            return (last.holder, now.holder if now else None)
    return None


def _boundary_days(dataset: Dataset) -> list[dt.date]:
    one = dt.timedelta(days=1)
    days = set()
    for c in dataset.control:
        for f in (c.start, c.end):
            if f is not None:
                days.update((f.earliest - one, f.earliest, f.earliest + one, f.latest - one, f.latest, f.latest + one))
    return sorted(days)


@settings(max_examples=150, deadline=None)
@given(fuzzy_datasets(), st.data())
def test_transitions_equal_brute_force_at_record_boundaries(dataset, data):
    days = _boundary_days(dataset) or [BASE]
    for at in data.draw(st.lists(st.sampled_from(days), min_size=1, max_size=12)):
        snap = snapshot(dataset, at)
        for state in snap.states:
            got = state.transition.holders if state.transition else None
            assert got == _brute_transition(dataset, state.site.id, at), (state.site.id, at)
        assert indexed(dataset, at)[0] == brute_force(dataset, at)[0]


@settings(max_examples=150, deadline=None)
@given(datasets(), st.lists(st.integers(-10, 3600), max_size=30))
def test_states_by_day_are_the_snapshots_of_each_day(dataset, offsets):
    """Made from the day before, in any order of days, with repeats: the states ``snapshot`` gives."""
    days = [BASE + dt.timedelta(days=o) for o in offsets]
    got = list(states_by_day(dataset, days))
    assert [day for day, _ in got] == days
    for day, states in got:
        assert states == snapshot(dataset, day).states, day


@settings(max_examples=150, deadline=None)
@given(fuzzy_datasets(), st.data())
def test_states_by_day_follow_transitions_over_unchanged_records(dataset, data):
    """Days on either side of fuzzy boundaries: the records stay while the transition comes and goes."""
    days = sorted(data.draw(st.lists(st.sampled_from(_boundary_days(dataset) or [BASE]), max_size=20)))
    for day, states in states_by_day(dataset, days):
        assert states == snapshot(dataset, day).states, day


def _brute_control_changes(dataset: Dataset, since: dt.date, until: dt.date) -> set:
    main = [c for c in dataset.control if not c.disputes]
    out = set()
    for c in main:
        if since < c.start.earliest <= until:
            out.add(("control", c.start.earliest, c.id))
        if c.end is not None and since < c.end.earliest <= until:
            successor = any(o.site_id == c.site_id and o.start.earliest == c.end.earliest for o in main)
            if not successor:
                out.add(("control-end", c.end.earliest, c.id))
    return out


@settings(max_examples=150, deadline=None)
@given(fuzzy_datasets(), st.integers(-10, 3000), st.integers(0, 800))
def test_control_changes_equal_brute_force(dataset, offset, length):
    since = BASE + dt.timedelta(days=offset)
    until = since + dt.timedelta(days=length)
    got = {(c.kind, c.day, c.record.id) for c in changes(dataset, since, until) if c.kind in ("control", "control-end")}
    assert got == _brute_control_changes(dataset, since, until)
