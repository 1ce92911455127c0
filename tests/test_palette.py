"""Colours people can tell apart: CIEDE2000 and a deuteranopia simulation over every colour shown at once."""

from __future__ import annotations

import pytest

from geo.core.timeline import change_dates, snapshot
from geo.present.colour import closest_pair, delta_e, delta_e_lab, deuteranopia, lab
from geo.present.style import UNKNOWN_COLOUR, confidence_style, legend

MIN_DELTA_E = 20


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Sharma, Wu and Dalal (2005), table 1: pairs 1, 13, 17 and 34
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, -0.001, 2.49), (50.0, 0.0009, -2.49), 4.8045),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(first, second, expected):
    assert delta_e_lab(first, second) == pytest.approx(expected, abs=1e-4)


def test_lab_and_the_deuteranopia_simulation():
    assert lab("#ffffff") == pytest.approx((100, 0, 0), abs=1e-3)
    assert deuteranopia("#808080") == "#808080"  # greys are seen as they are
    red, green = "#d62728", "#2ca02c"
    assert delta_e(red, green) > 60  # far apart for most viewers ...
    assert delta_e(deuteranopia(red), deuteranopia(green)) < 20  # ... close for a deuteranope


def _in_use(dataset):
    """Per change day of the slider's period: the holder colours and the actor colours on the map."""
    first, last = dataset.study_period()
    for day in (d for d in change_dates(dataset) if first <= d <= last):
        states = snapshot(dataset, day).states
        holders = {s.holder for s in states if s.control} | {c.holder for s in states for c in s.claims}
        holders |= {h for s in states if s.transition for h in s.transition.holders if h}
        actors = {d.actor for s in states for d in s.deployments + s.leaving}
        colours = {f"holder:{h}": dataset.actors[h].colour.lower() for h in holders}
        if any(s.control is None and s.site.id in dataset.controlled_sites for s in states):
            colours["no known holder"] = UNKNOWN_COLOUR
        yield day, colours, {f"actor:{a}": dataset.actors[a].colour.lower() for a in actors}


@pytest.mark.parametrize("simulate", [False, True], ids=["normal vision", "deuteranopia"])
def test_every_colour_on_the_map_at_once_is_distinguishable(dataset, simulate):
    checked = 0
    for day, holders, actors in _in_use(dataset):
        for colours in (holders, actors):
            distinct = {c: c for c in set(colours.values())}  # actors of one family share a colour and a legend row
            smallest, a, b = closest_pair(distinct, simulate)
            assert smallest >= MIN_DELTA_E, f"{day}: {a} and {b} differ by only {smallest:.1f}"
            checked += len(distinct) > 1
    assert checked > 100


def test_colours_in_use_have_one_legend_row_each(dataset):
    data = legend(dataset)
    for rows in (data["holders"], data["actors"]):
        colours = [colour.lower() for _, _, colour in rows]
        assert len(colours) == len(set(colours))
    named = {a for ids, _, _ in data["actors"] for a in ids}
    assert named == {d.actor for d in dataset.deployments}
    russia = next(row for row in data["actors"] if "RUS" in row[0])
    assert "WAGNER" not in russia[0]  # Russia's forces and the Wagner Group are told apart


def test_the_whole_legend_palette_is_far_apart(dataset):
    data = legend(dataset)
    for rows in (data["holders"], data["actors"]):
        colours = {name: colour for _, name, colour in rows}
        for simulate in (False, True):
            assert closest_pair(colours, simulate)[0] >= MIN_DELTA_E


def test_hedged_and_confirmed_differ_by_line_style_not_lightness():
    solid, dashed = confidence_style("confirmed"), confidence_style("reported")
    assert solid["dashArray"] is None
    assert dashed["dashArray"]
    assert solid["fillOpacity"] == dashed["fillOpacity"]
    assert all(confidence_style(c) == dashed for c in ("claimed", "alleged"))
