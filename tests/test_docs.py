"""The README says what the code does: its commands run, its field tables match the layers, its paths exist."""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import parser
from geo.core.timeline import change_dates, snapshot
from geo.export.layers import LAYER_NAMES, build_layers, snapshot_geojson

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no section '{title}'"
    return match.group(1)


def _code_lines(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def _geo_commands() -> list[str]:
    return [line for line in _code_lines(README) if line.startswith("python -m geo")]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _runnable(line: str, tmp_path: Path) -> list[str]:
    """A README command line with its optional parts dropped and its output paths sent to ``tmp_path``."""
    required = re.sub(r"\s*\[[^\]]*\]", "", line)
    words = shlex.split(required)[3:]
    output = re.compile(r"\.(html|geojson|png|pdf|gpkg|kmz|kml|csv|fgb|parquet)$")
    return [str(tmp_path / Path(w).name) if output.search(w) else w for w in words]


def test_the_readme_opens_with_the_two_commands():
    first = _code_lines(README.split("\n## ")[0])
    assert first[:2] == ["make run", "make test"]


@pytest.mark.parametrize("target", ["run", "test", "check", "setup", "layers", "briefing", "bench"])
def test_every_make_target_the_readme_names_exists(target):
    assert f"`{target}`" in README or f"make {target}" in README
    out = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("line", _geo_commands())
def test_every_command_in_the_readme_runs_on_the_built_in_data(line, tmp_path):
    args = _runnable(line, tmp_path)
    if args[0] == "build":
        args += ["--out", str(tmp_path / "layers")]
    if args[0] == "import":
        export = ["export", "--format", "csv", "--out", args[1]]
        subprocess.run([sys.executable, "-m", "geo", *export], cwd=tmp_path, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "geo", *args], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, f"{line}: {out.stderr}"
    assert out.stdout or any(tmp_path.iterdir()), line


def test_the_readme_lists_every_command_with_every_option():
    documented = {shlex.split(line)[3]: line for line in _geo_commands()}
    commands = _subcommands()
    assert sorted(documented) == sorted(commands)
    for name, sub in commands.items():
        options = {opt for action in sub._actions for opt in action.option_strings if opt.startswith("--")}
        shown = set(re.findall(r"--[a-z][a-z-]*", documented[name]))
        assert shown == options - {"--help"}, name
    assert "`--seeds DIR`" in README


def test_each_command_help_matches_its_readme_line():
    for name, sub in _subcommands().items():
        text = sub.format_help()
        for option in set(re.findall(r"--[a-z][a-z-]*", dict((shlex.split(c)[3], c) for c in _geo_commands())[name])):
            assert option in text, (name, option)


def _table_fields(text: str) -> dict[str, set[str]]:
    rows = re.findall(r"^\| `([a-z_]+)\.geojson` \| [^|]+ \| (.+) \|$", text, re.M)
    return {layer: set(re.findall(r"`([a-z_]+)`", fields)) for layer, fields in rows}


def test_the_field_tables_name_exactly_the_properties_the_layers_carry(dataset):
    tables = _table_fields(_section("GeoJSON field contract (`layers/`)"))
    layers = {name: json.loads(text)["features"] for name, text in build_layers(dataset).items()}
    assert sorted(tables) == sorted(n for n in LAYER_NAMES if layers[n])
    for name, fields in tables.items():
        carried = set().union(*(f["properties"] for f in layers[name]))
        if name == "range_rings":
            deployment = set().union(*(f["properties"] for f in layers["deployments"]))
            assert carried == deployment | fields, name
        else:
            assert carried == fields, name


def test_the_snapshot_paragraph_names_exactly_its_properties(dataset):
    section = _section("GeoJSON field contract (`layers/`)")
    paragraph = section[section.index("The snapshot (") :]
    paragraph = paragraph[: paragraph.index("\n\n")]
    named = set(re.findall(r"`([a-z_]+)`", paragraph))
    snapshots = [json.loads(snapshot_geojson(snapshot(dataset, day))) for day in change_dates(dataset)]
    feature = snapshots[-1]
    properties = [f["properties"] for snap in snapshots for f in snap["features"]]
    keys = set().union(*properties)
    nested = set().union(
        *(p["transition"] or {} for p in properties),
        *(p["control"] or {} for p in properties),
        *(d for p in properties for d in p["deployments"]),
    )
    phases = {d["phase"] for p in properties for d in p["deployments"]} - {None}
    assert keys <= named
    assert named - keys <= nested | phases | {"date"}
    assert "date" in feature


def test_the_citation_names_this_version_and_both_licences():
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert version
    assert re.search(rf"^version: {re.escape(version.group(1))}$", citation, re.M)
    assert re.search(r"^license: MIT AND CC-BY-4.0$", citation, re.M)
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence
    assert "CC BY 4.0" in licence


def test_every_path_the_readme_names_exists():
    named = r"`((?:geo|seeds|layers|tests|bench)/[\w./-]*|[A-Za-z]+\.(?:cff|lock|toml)|LICENSE)`"
    paths = set(re.findall(named, README))
    assert paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert missing == []
