"""Property tests: the indexed snapshot equals a brute-force scan over the records."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dates import FuzzyDate
from geo.model import Actor, Asset, Citation, Control, Dataset, Deployment, Site
from geo.timeline import snapshot

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
            controls.append(Control(f"c-{site}-{i}", site, draw(st.sampled_from(sorted(ACTORS))), _day(a), end,
                                    "reported", CITE, "x"))
    for i in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 3000))
        length = draw(st.one_of(st.none(), st.integers(1, 500)))
        deployments.append(Deployment(f"d{i}", draw(st.sampled_from(sorted(SITES))), "A", "", "x", None, "", "",
                                      _day(start), _day(start + length) if length else None, "reported", CITE, "x"))
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
    return ({s.site.id: s.holder for s in snap.states},
            {s.site.id: sorted(d.id for d in s.deployments) for s in snap.states})


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
    other = Dataset(actors=dataset.actors, sites=dataset.sites, assets=dataset.assets,
                    control=tuple(shuffled[0]), deployments=tuple(shuffled[1]))
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
