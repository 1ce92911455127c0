"""The map as a picture for a slide: PNG and PDF written offline, 16:9, at least 1920 px wide, not blank."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest
from matplotlib import image as mpimg

from geo.present.image import image_bytes, write_image
from tests.conftest import ROOT

DAY = dt.date(2020, 6, 15)


def test_the_cli_writes_a_png_and_a_pdf(tmp_path):
    for name in ("map.png", "map.pdf"):
        out = tmp_path / name
        done = subprocess.run(
            [sys.executable, "-m", "geo", "image", "--date", DAY.isoformat(), "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 20_000
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF-")
    pixels = mpimg.imread(tmp_path / "map.png")
    height, width = pixels.shape[:2]
    assert width >= 1920
    assert width / height == pytest.approx(16 / 9, rel=0.01)
    rgb = pixels[..., :3].reshape(-1, 3)
    assert rgb.std() > 0.05, "the picture is not blank"
    assert len(np.unique((rgb * 255).astype(np.uint8), axis=0)) > 50


def test_the_picture_shows_the_holders_of_the_date(dataset, tmp_path):
    path = write_image(dataset, DAY, tmp_path / "map.png")
    rgb = (mpimg.imread(path)[..., :3] * 255).round().astype(int)
    colours = {tuple(c) for c in rgb.reshape(-1, 3)[::7]}
    for actor in ("GNA", "LNA"):  # Tripoli's government and Haftar's army both hold sites on that day
        hexa = dataset.actors[actor].colour.lstrip("#")
        assert tuple(int(hexa[i : i + 2], 16) for i in (0, 2, 4)) in colours


def test_an_unknown_format_is_refused_and_bytes_are_a_png(dataset, tmp_path):
    with pytest.raises(ValueError, match=r"\.png or \.pdf"):
        write_image(dataset, DAY, tmp_path / "map.gif")
    assert image_bytes(dataset, DAY).startswith(b"\x89PNG")


def test_hostile_names_are_drawn_as_text(mini, tmp_path):
    import dataclasses

    site = next(iter(mini.sites.values()))
    evil = dataclasses.replace(mini, sites={**mini.sites, site.id: dataclasses.replace(site, name="$\\alpha$ <b>")})
    day = max(r.start.earliest for r in mini.control)
    assert write_image(evil, day, tmp_path / "evil.png").stat().st_size > 10_000
