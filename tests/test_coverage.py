"""geo.core.coverage and ``python -m geo coverage``: where the record is thin, per site and year."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.core.coverage import coverage, coverage_text
from geo.core.timeline import snapshot

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _row(rows, site_id, year):
    return next(r for r in rows if r.site_id == site_id and r.year == year)


def test_known_share_counts_the_days_from_a_holders_start(mini):
    rows = coverage(mini)
    assert _row(rows, "alpha", 2018).known_share == 0.0
    # held from 4 April 2019: 272 of the year's 365 days
    assert _row(rows, "alpha", 2019).known_share == pytest.approx(272 / 365)
    assert _row(rows, "bravo", 2016).known_share == 1.0  # "2016" takes effect on its first day


def test_the_last_year_is_cut_at_the_horizon(mini):
    rows = coverage(mini)
    assert mini.horizon == dt.date(2020, 7, 1)
    assert [r.year for r in rows if r.site_id == "alpha"] == [2016, 2017, 2018, 2019, 2020]
    assert _row(rows, "alpha", 2020).days == 183  # 1 January to 1 July of a leap year


def test_records_and_sources_are_counted_per_year(mini):
    rows = coverage(mini)
    bravo = _row(rows, "bravo", 2020)
    assert bravo.deployments == len([d for d in mini.deployments if d.site_id == "bravo"])
    assert bravo.carried == 0
    assert _row(rows, "bravo", 2019).deployments == 0
    assert _row(rows, "charlie", 2019).events == 1
    assert bravo.sources == 1  # every bravo record cites src-a, published in 2020
    assert _row(rows, "bravo", 2019).sources == 0


def test_an_open_record_past_its_last_report_counts_as_carried_not_known(mini_copy):
    from helpers import copy_row

    from geo.core.load import load_dataset

    copy_row(mini_copy, "events", "e-pact", id="e-later", date="2023-03-09", date_precision="day")
    later = load_dataset(mini_copy)
    rows = coverage(later, ("bravo",))
    assert _row(rows, "bravo", 2021).deployments == 0
    still_open = [d for d in later.deployments if d.site_id == "bravo" and not d.end]
    assert _row(rows, "bravo", 2021).carried == len(still_open) > 0
    assert _row(rows, "bravo", 2021).known_share == 1.0
    assert _row(rows, "bravo", 2021).reported_share == 0.0  # src-a of July 2020 is the holder's last report
    assert _row(rows, "bravo", 2020).reported_share == pytest.approx(183 / 366)


@pytest.mark.parametrize("site_id", ["alpha", "bravo", "charlie"])
def test_known_share_agrees_with_the_map_day_by_day(mini, site_id):
    for r in (r for r in coverage(mini, (site_id,)) if r.year in (2019, 2020)):
        first = dt.date(r.year, 1, 1)
        known = sum(snapshot(mini, first + dt.timedelta(days=i)).holder(site_id) is not None for i in range(r.days))
        assert r.known_share == pytest.approx(known / r.days), (site_id, r.year)


def test_every_key_site_of_the_built_in_record_has_a_holder_on_nearly_every_day_of_2011_to_2020(dataset):
    key = tuple(s for s, site in dataset.sites.items() if site.role == "key")
    rows = [r for r in coverage(dataset, key) if 2011 <= r.year <= 2020]
    for site_id in key:
        years = [r for r in rows if r.site_id == site_id]
        share = sum(r.known_share * r.days for r in years) / sum(r.days for r in years)
        assert share >= 0.95, f"{site_id}: a holder is known on {share:.0%} of days in 2011-2020"


def test_the_table_prints_one_line_per_site_and_year(mini):
    text = coverage_text(coverage(mini, ("alpha",)))
    lines = text.splitlines()
    assert lines[0].split() == [
        "site",
        "year",
        "known",
        "reported",
        "contested",
        "deployments",
        "carried",
        "events",
        "sources",
    ]
    assert len(lines) == 2 + 5
    assert lines[5].split()[:3] == ["Alpha", "2019", "75%"]


def _geo(*args):
    return subprocess.run(
        [sys.executable, "-m", "geo", "--seeds", str(MINI), "coverage", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_coverage_filters_years_and_sites_and_speaks_json():
    result = _geo("--sites", "alpha,bravo", "--from", "2019", "--to", "2019", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["site_id"], r["year"]) for r in rows] == [("alpha", 2019), ("bravo", 2019)]
    assert rows[1]["known_share"] == 1.0


def test_cli_coverage_defaults_to_key_sites_and_rejects_unknown_ones():
    result = _geo()
    assert result.returncode == 0
    assert "Alpha" in result.stdout
    assert "Charlie" not in result.stdout
    bad = _geo("--sites", "nowhere")
    assert bad.returncode == 2
    assert "unknown site id(s): nowhere" in bad.stderr
