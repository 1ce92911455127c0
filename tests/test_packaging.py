"""An installed package works on its own: its seeds, templates and outlines ship inside the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project's wheel, built from this checkout and unpacked into an empty folder."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for name in ("geo", "seeds"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("libya_sites-*.whl")
    site = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(site)
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_carries_the_seeds_templates_and_outlines(installed):
    seeds = sorted(p.name for p in (installed / "geo" / "seeds").glob("*.csv"))
    assert seeds == sorted(p.name for p in (ROOT / "seeds").glob("*.csv"))
    assert (installed / "geo" / "present" / "briefing" / "templates" / "briefing.html").is_file()
    assert (installed / "geo" / "present" / "data" / "basemap.geojson").is_file()


def test_the_installed_cli_reads_its_own_seeds_from_any_folder(installed, tmp_path):
    where = _run(installed, tmp_path, "-c", "import geo, geo.core.load as l; print(geo.__file__); print(l.SEEDS)")
    package, seeds = where.stdout.split()
    assert Path(package).is_relative_to(installed)
    assert Path(seeds) == installed / "geo" / "seeds"
    out = _run(installed, tmp_path, "-m", "geo", "validate")
    assert out.returncode == 0, out.stderr
    assert "ok" in out.stdout
    snap = _run(installed, tmp_path, "-m", "geo", "snapshot", "--date", "2020-06-15")
    assert snap.returncode == 0, snap.stderr
    assert '"holder"' in snap.stdout


def test_the_installed_briefing_opens_with_no_checkout_beside_it(installed, tmp_path):
    out = _run(installed, tmp_path, "-m", "geo", "briefing", "--out", "b.html")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "b.html").read_text(encoding="utf-8").lower().startswith("<!doctype html>")
