"""Broken and hostile files: each problem is named (file, line, record, field), no good row is lost, nothing crashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import append_row, copy_row, edit_cell

from geo.core.load import read_dataset, seeds_paths
from geo.core.rows import MAX_FIELD_CHARS

ROOT = Path(__file__).resolve().parent.parent


def _read(seeds: Path):
    return read_dataset(seeds_paths(seeds))


def _messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_byte_order_mark_is_accepted(mini_copy, mini):
    path = mini_copy / "sites.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    dataset, problems = _read(mini_copy)
    assert problems == []
    assert sorted(dataset.sites) == sorted(mini.sites)


def test_bytes_that_are_not_utf8_cost_only_their_row(mini_copy, mini):
    path = mini_copy / "control.csv"
    path.write_bytes(path.read_bytes().replace(b"LNA held Alpha.", "LNA held Alpha \xe9t\xe9.".encode("latin-1")))
    dataset, problems = _read(mini_copy)
    assert len(problems) == 1
    assert "control.csv:2: record 'c-alpha-1': field 'summary': holds bytes that are not UTF-8" in str(problems[0])
    assert {c.id for c in dataset.control} == {c.id for c in mini.control} - {"c-alpha-1"}


def test_a_file_cut_inside_a_character_reports_the_last_row(mini_copy, mini):
    path = mini_copy / "events.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n") + " \u00e9".encode()[:-1])
    dataset, problems = _read(mini_copy)
    assert [p.field for p in problems] == ["summary"]
    assert len(dataset.events) == len(mini.events) - 1


def test_a_binary_file_is_a_problem_not_a_crash(mini_copy):
    (mini_copy / "assets.csv").write_bytes(bytes(range(256)) * 4)
    dataset, problems = _read(mini_copy)
    assert any(p.file.endswith("assets.csv") for p in problems)
    assert dataset.sites  # the other tables are still read


def test_an_over_long_field_is_reported_with_the_limit(mini_copy, mini):
    edit_cell(mini_copy, "control", "c-alpha-1", "summary", "x" * 200_000)
    dataset, problems = _read(mini_copy)
    assert _messages(problems) == [
        f"{mini_copy / 'control.csv'}:2: record 'c-alpha-1': field 'summary': is 200,000 characters long; "
        f"the limit is {MAX_FIELD_CHARS:,}"
    ]
    assert len(dataset.control) == len(mini.control) - 1


def test_control_and_direction_characters_are_reported(mini_copy, mini):
    edit_cell(mini_copy, "sites", "charlie", "name", "Char\u202elie")
    edit_cell(mini_copy, "events", "e-pact", "summary", "a\x00b")
    dataset, problems = _read(mini_copy)
    direct = sorted((p.record, p.field, p.message) for p in problems if "control or direction" in p.message)
    assert direct == [
        ("charlie", "name", "holds the control or direction character U+202E"),
        ("e-pact", "summary", "holds the control or direction character U+0000"),
    ]
    assert "charlie" not in dataset.sites
    assert {e.id for e in dataset.events} == {e.id for e in mini.events} - {
        "e-pact",
        *(e.id for e in mini.events if e.site_id == "charlie"),
    }


def test_a_duplicate_site_keeps_the_first_and_its_records(mini_copy, mini):
    copy_row(mini_copy, "sites", "alpha", name="Alpha again")
    dataset, problems = _read(mini_copy)
    assert len(problems) == 1
    assert "duplicate id 'alpha' (first at" in problems[0].message
    assert dataset.sites["alpha"].name == mini.sites["alpha"].name
    assert len(dataset.records()) == len(mini.records())


def test_a_new_overlapping_period_drops_only_itself(mini_copy, mini):
    copy_row(mini_copy, "control", "c-alpha-1", id="c-alpha-new", holder="GNA", start="2019-01-01", end="2019-06-01")
    dataset, problems = _read(mini_copy)
    assert [(p.record, p.field) for p in problems] == [("c-alpha-new", "start")]
    assert "overlaps 'c-alpha-1' (2019-04-04 to 2020-06-05, line 2)" in problems[0].message
    assert {c.id for c in dataset.control} == {c.id for c in mini.control}


def test_every_problem_of_a_row_is_reported(mini_copy):
    edit_cell(mini_copy, "control", "c-alpha-1", "start", "2019-13-01")
    edit_cell(mini_copy, "control", "c-alpha-1", "holder", "NOBODY")
    edit_cell(mini_copy, "control", "c-alpha-1", "site_id", "zulu")
    _, problems = _read(mini_copy)
    assert sorted(p.field for p in problems if p.record == "c-alpha-1") == ["holder", "site_id", "start"]


def test_a_quoted_field_cut_off_at_the_end_is_an_error_and_earlier_rows_stay(mini_copy, mini):
    append_row(
        mini_copy,
        "events",
        id="e-cut",
        date="2020-01-01",
        date_precision="day",
        kind="statement",
        actors="GNA",
        confidence="reported",
        source="src-a",
        locator="p1",
        summary="said",
    )
    path = mini_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")[:-4] + '"unterminated, text', encoding="utf-8")
    dataset, problems = _read(mini_copy)
    assert any("CSV syntax error: unexpected end of data" in p.message for p in problems)
    assert {e.id for e in dataset.events} == {e.id for e in mini.events}


def test_validate_names_the_problems_and_shows_no_traceback(mini_copy):
    (mini_copy / "assets.csv").write_bytes(b"\x00\xff\xfe" * 100)
    edit_cell(mini_copy, "control", "c-alpha-1", "summary", "x" * 200_000)
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(mini_copy)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "assets.csv" in result.stderr
    assert "is 200,000 characters long" in result.stderr
