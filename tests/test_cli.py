"""The CLI as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import edit_cell

from geo.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def geo(*args: str, seeds: Path | None = None) -> subprocess.CompletedProcess:
    prefix = ["--seeds", str(seeds)] if seeds else []
    return subprocess.run([sys.executable, "-m", "geo", *prefix, *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_passes_on_the_builtin_seeds():
    result = geo("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_validate_names_every_problem_in_a_broken_copy(mini_copy):
    edit_cell(mini_copy, "control", "c-alpha-1", "holder", "NOBODY")
    edit_cell(mini_copy, "sites", "bravo", "lat", "16.0")
    edit_cell(mini_copy, "sites", "bravo", "lon", "29.2")
    result = geo("validate", str(mini_copy))
    assert result.returncode == 1
    assert "control.csv:2: record 'c-alpha-1': field 'holder': unknown actor 'NOBODY'" in result.stderr
    assert "sites.csv:3: record 'bravo': field 'lat'" in result.stderr
    assert "swapped" in result.stderr
    assert result.stderr.strip().endswith("problem(s)")


def test_validate_accepts_a_single_table_file(tmp_path):
    broken = tmp_path / "control.csv"
    broken.write_text((MINI / "control.csv").read_text().replace("2019-04-04,day", "2019-04-31,day", 1))
    result = geo("validate", str(broken))
    assert result.returncode == 1
    assert "'2019-04-31' is not a real date" in result.stderr


def test_validate_rejects_an_unknown_file(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("x")
    result = geo("validate", str(other))
    assert result.returncode != 0
    assert "not a seeds directory" in result.stderr


def test_snapshot_writes_geojson(tmp_path):
    out = tmp_path / "snap.geojson"
    result = geo("snapshot", "--date", "2020-06-11", "--out", str(out), seeds=MINI)
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text())
    assert collection["date"] == "2020-06-11"
    assert {f["id"] for f in collection["features"]} == {"alpha", "bravo", "charlie"}


def test_snapshot_to_stdout():
    result = geo("snapshot", "--date", "2020-01-01", seeds=MINI)
    assert json.loads(result.stdout)["type"] == "FeatureCollection"


def test_changes_as_text_and_json():
    text = geo("changes", "--from", "2020-06-04", "--to", "2020-06-05", seeds=MINI)
    assert text.returncode == 0
    assert "5 Jun 2020: Alpha: Libyan National Army -> Government of National Accord (confirmed)" in text.stdout
    assert text.stdout.strip().endswith("1 change(s) after 2020-06-04 up to 2020-06-05")
    data = json.loads(geo("changes", "--from", "2020-06-04", "--to", "2020-06-05", "--json", seeds=MINI).stdout)
    assert data == [
        {
            "confidence": "confirmed",
            "date": "2020-06-05",
            "date_label": "5 Jun 2020",
            "holder": "GNA",
            "kind": "control",
            "previous_holder": "LNA",
            "record_id": "c-alpha-2",
            "site_id": "alpha",
            "summary": "GNA took Alpha.",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("snapshot", "--date", "2020-13-01"), "is not a date in the form YYYY-MM-DD"),
        (("snapshot",), "the following arguments are required: --date"),
        (("changes", "--from", "2020-06-05", "--to", "2020-06-01"), "is before --from"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_bad_arguments_exit_non_zero_with_a_message(args, message):
    result = geo(*args, seeds=MINI)
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize("command", ["validate", "build", "snapshot", "changes", "briefing"])
def test_each_command_has_help(command):
    result = geo(command, "--help")
    assert result.returncode == 0
    assert "usage: python -m geo" in result.stdout


def test_build_writes_every_layer(tmp_path):
    result = geo("build", "--out", str(tmp_path), seeds=MINI)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.geojson" for n in ("sites", "control", "deployments", "events", "range_rings")
    )


def test_commands_on_broken_seeds_exit_1_listing_problems(mini_copy):
    edit_cell(mini_copy, "events", "e-pact", "date", "2019-11-99")
    result = geo("snapshot", "--date", "2020-01-01", seeds=mini_copy)
    assert result.returncode == 1
    assert "events.csv:3: record 'e-pact': field 'date'" in result.stderr


def test_seeds_option_is_honoured_by_validate(mini_copy, tmp_path):
    edit_cell(mini_copy, "control", "c-alpha-1", "holder", "NOBODY")
    broken = geo("validate", seeds=mini_copy)
    assert broken.returncode == 1
    assert "unknown actor 'NOBODY'" in broken.stderr
    missing = geo("validate", seeds=tmp_path / "nowhere")
    assert missing.returncode == 1
    assert "cannot read file" in missing.stderr


def test_an_output_folder_that_does_not_exist_is_a_message_not_a_traceback(tmp_path):
    result = geo("snapshot", "--date", "2020-06-15", "--out", str(tmp_path / "no" / "such" / "s.geojson"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "No such file or directory" in result.stderr


def test_a_bad_option_is_a_message_and_exit_2(capsys, tmp_path):
    assert main(["briefing", "--out", str(tmp_path / "b.html"), "--sites", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err
    assert "Traceback" not in err


def test_an_internal_error_keeps_its_traceback(monkeypatch):
    import geo.cli

    def broken(_args):
        raise ValueError("a bug, not a user error")

    monkeypatch.setattr(geo.cli, "cmd_validate", broken)
    with pytest.raises(ValueError, match="a bug"):
        geo.cli.main(["validate"])
