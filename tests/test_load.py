"""Validation: one case per kind of problem, each naming file, record and field."""

from __future__ import annotations

import pytest
from helpers import append_row, copy_row, edit_cell

from geo.core.load import load_dataset, read_dataset, seeds_paths
from geo.core.problems import ValidationError

# (table, record, field, new value, field named in the problem, message fragment)
CASES = [
    ("control", "c-alpha-1", "site_id", "zulu", "site_id", "unknown site 'zulu'"),
    ("control", "c-alpha-1", "holder", "NOBODY", "holder", "unknown actor 'NOBODY'"),
    ("deployments", "d-bravo-jets", "asset", "tanks", "asset", "unknown asset 'tanks'"),
    ("deployments", "d-bravo-jets", "actor", "XXX", "actor", "unknown actor 'XXX'"),
    ("events", "e-pact", "actors", "TUR;NOPE", "actors", "unknown actor 'NOPE'"),
    ("control", "c-alpha-1", "source", "nowhere", "source", "unknown source 'nowhere'"),
    ("sites", "alpha", "coord_source", "nowhere", "coord_source", "unknown source 'nowhere'"),
    ("control", "c-alpha-1", "start", "2019-13-01", "start", "not a real date"),
    ("control", "c-alpha-1", "start", "2019-02-30", "start", "not a real date"),
    ("control", "c-alpha-1", "start", "4 April 2019", "start", "does not match precision 'day'"),
    ("control", "c-alpha-1", "start_precision", "week", "start_precision", "unknown precision 'week'"),
    ("control", "c-alpha-1", "end", "2018-01-01", "end", "is not after start"),
    ("events", "e-pact", "date", "2019-11-05", "date", "does not match precision 'month'"),
    ("sites", "alpha", "lat", "95", "lat", "outside the valid range"),
    ("sites", "alpha", "lon", "-200", "lon", "outside the valid range"),
    ("sites", "alpha", "lat", "13.6", "lat", "outside LY"),
    ("sites", "alpha", "country", "ZZ", "lat", "unknown country 'ZZ'"),
    ("sites", "alpha", "kind", "castle", "kind", "'castle' is not one of"),
    ("control", "c-alpha-1", "confidence", "certain", "confidence", "'certain' is not one of"),
    ("actors", "GNA", "colour", "blue", "colour", "not a colour"),
    ("deployments", "d-bravo-jets", "count", "many", "count", "'many' is not a number"),
    ("control", "c-bravo-claim", "disputes", "c-nothing", "disputes", "no control record has id 'c-nothing'"),
    ("control", "c-alpha-1", "summary", "", "summary", "is required but empty"),
    ("arms_imports", "Libya", "soviet_share_pct", "50", "soviet_share_pct", "does not match"),
    ("citations", "c-alpha-2", "record_id", "c-ghost", "record_id", "no control, deployment or event has id 'c-ghost'"),
]


def _problems(seeds):
    _, problems = read_dataset(seeds_paths(seeds))
    return problems


@pytest.mark.parametrize(("table", "record", "field", "value", "named", "message"), CASES)
def test_each_kind_of_problem_names_file_record_and_field(mini_copy, table, record, field, value, named, message):
    edit_cell(mini_copy, table, record, field, value)
    problems = _problems(mini_copy)
    assert problems, "the broken copy must not validate"
    hits = [p for p in problems if p.field == named and message in p.message]
    assert hits, f"expected a problem on {named!r} containing {message!r}, got {[str(p) for p in problems]}"
    problem = hits[0]
    assert problem.file.endswith(f"{table}.csv")
    assert problem.line >= 2
    assert str(problem).startswith(f"{problem.file}:{problem.line}: ")


def test_swapped_coordinates_are_called_out(mini_copy):
    edit_cell(mini_copy, "sites", "alpha", "lat", "13.6")
    edit_cell(mini_copy, "sites", "alpha", "lon", "32.4")
    (problem,) = [p for p in _problems(mini_copy) if p.record == "alpha"]
    assert "swapped" in problem.message


def test_duplicate_ids_point_at_the_first(mini_copy):
    copy_row(mini_copy, "deployments", "d-bravo-jets", id="c-alpha-1")
    problems = [p for p in _problems(mini_copy) if p.field == "id"]
    assert len(problems) == 1
    assert "duplicate id 'c-alpha-1' (first at" in problems[0].message
    assert "control.csv:2" in problems[0].message


def test_overlapping_control_periods_for_one_site(mini_copy):
    edit_cell(mini_copy, "control", "c-alpha-1", "end", "2020-06-20")
    problems = _problems(mini_copy)
    (overlap,) = [p for p in problems if "overlaps" in p.message]
    assert overlap.record == "c-alpha-2"
    assert "c-alpha-1" in overlap.message
    assert "alpha" in overlap.message


def test_a_disputing_claim_may_overlap(mini):
    claim = next(c for c in mini.control if c.id == "c-bravo-claim")
    assert claim.disputes == "c-bravo-2"


def test_missing_column_is_reported_once_for_the_file(mini_copy):
    path = mini_copy / "events.csv"
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace(",confidence,", ",confidance,")
    path.write_text("\n".join(lines) + "\n")
    problems = [p for p in _problems(mini_copy) if p.file.endswith("events.csv")]
    fields = sorted(p.field for p in problems)
    assert fields == ["confidance", "confidence"]
    assert {p.line for p in problems} == {1}


def test_a_file_with_several_bad_rows_reports_each_and_keeps_the_good(mini_copy):
    edit_cell(mini_copy, "deployments", "d-bravo-jets", "asset", "tanks")
    edit_cell(mini_copy, "deployments", "d-bravo-sam", "start", "2020-06-31")
    append_row(
        mini_copy,
        "deployments",
        id="d-new",
        site_id="nowhere",
        actor="RUS",
        asset="jets",
        start="2020",
        start_precision="year",
        confidence="reported",
        source="src-a",
        locator="p",
        summary="x",
    )
    dataset, problems = read_dataset(seeds_paths(mini_copy))
    bad = sorted({p.record for p in problems})
    assert bad == ["d-bravo-jets", "d-bravo-sam", "d-new"]
    assert sorted(d.id for d in dataset.deployments) == ["d-bravo-jets-12", "d-charlie-drones"]
    assert len(dataset.control) == 5
    assert len(dataset.events) == 3
    with pytest.raises(ValidationError) as caught:
        load_dataset(mini_copy)
    text = str(caught.value)
    assert text.startswith(f"{len(problems)} problem(s) in the data:")
    for record in bad:
        assert record in text


def test_a_record_pointing_at_a_bad_record_says_so(mini_copy):
    edit_cell(mini_copy, "sites", "bravo", "lat", "not-a-number")
    problems = _problems(mini_copy)
    dependent = [p for p in problems if p.field == "site_id" and "bravo" in p.message]
    assert dependent
    assert all("has problems of its own" in p.message for p in dependent)


def test_superseded_records_leave_the_time_logic(mini_copy):
    copy_row(mini_copy, "deployments", "d-bravo-jets", id="d-bravo-jets-fixed", count="15", supersedes="d-bravo-jets")
    dataset = load_dataset(mini_copy)
    ids = {d.id for d in dataset.deployments}
    assert "d-bravo-jets" not in ids
    assert "d-bravo-jets-fixed" in ids
    assert [r.id for r in dataset.superseded] == ["d-bravo-jets"]


def test_builtin_seeds_validate(dataset):
    assert len([s for s in dataset.sites.values() if s.role == "key"]) == 8
