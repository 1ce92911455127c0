"""A corpus of hostile strings in every text field: the dashboard and the briefing (its CSP removed) show them
as text. Walked in a real Chromium, the pages open no dialog, make no request beyond localhost or the file,
grow no element the corpus carries and log no console error."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from geo.core.load import read_dataset, seeds_paths
from geo.core.timeline import change_dates
from geo.present.briefing import BriefingOptions, write_briefing
from tests.conftest import MINI
from tests.test_app_browser import LOCAL, Watch, _map_frame, _serve

pytestmark = pytest.mark.browser

CORPUS = [
    "<script>alert('s1')</script>",
    '"><img data-pwn src=x onerror="alert(\'i1\')">',
    "</script><script>alert('s2')</script>",
    "javascript:alert('j1')",
    "data:text/html,<script>alert('d1')</script>",
    "<style data-pwn>/*PWN*/body{display:none}</style>",
    '<meta data-pwn http-equiv="refresh" content="0;url=http://evil.example/">',
    '<a data-pwn href="http://evil.example/">click</a>',
    "![pwn](http://evil.example/pwn.png)",
    "[pwn link](http://evil.example/)",
    ":red[pwn] **bold** <b data-pwn>b</b>",
    "{{7*7}} ${7*7} <%= 7*7 %> {% raw %}",
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)",
    "<svg data-pwn onload=alert('v1')>",
    "<iframe data-pwn src='http://evil.example/'></iframe>",
]
#: Fields that take free text; ids, dates, numbers, colours and vocabularies are validated instead.
TEXT_FIELDS = {
    "sources": ("title", "author", "publisher", "note"),
    "actors": ("name", "note"),
    "sites": ("name", "region", "aliases", "coord_locator", "note"),
    "assets": ("name", "note"),
    "control": ("locator", "attributed_to", "summary"),
    "deployments": ("unit", "count_note", "locator", "attributed_to", "summary"),
    "events": ("unit", "count_note", "locator", "attributed_to", "summary"),
    "citations": ("locator", "attributed_to", "note"),
}
INJECTED = (
    "[data-pwn], img[src='x'], img[src*='evil.example'], a[href*='evil.example'], "
    "meta[content*='evil.example'], iframe[src*='evil.example']"
)


@pytest.fixture(scope="module")
def hostile_seeds(tmp_path_factory) -> Path:
    """The tiny dataset with a corpus string appended to every free-text field, cycling through the corpus."""
    target = tmp_path_factory.mktemp("hostile") / "seeds"
    target.mkdir()
    n = 0
    for path in sorted(MINI.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            fields, rows = list(reader.fieldnames), list(reader)
        for row in rows:
            for field in TEXT_FIELDS.get(path.stem, ()):
                row[field] = f"{row[field]} {CORPUS[n % len(CORPUS)]}".strip()
                n += 1
        with (target / path.name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    dataset, problems = read_dataset(seeds_paths(target))
    assert problems == []
    assert len(dataset.sites) == 3
    return target


def _injected(frame_or_page) -> int:
    return frame_or_page.locator(INJECTED).count()


@pytest.fixture(scope="module")
def hostile_app(hostile_seeds):
    yield from _serve(hostile_seeds)


def test_the_dashboard_shows_the_corpus_as_text_on_every_tab_marker_and_date(browser, hostile_app, hostile_seeds):
    dataset, _ = read_dataset(seeds_paths(hostile_seeds))
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    try:
        for day in change_dates(dataset)[:12]:
            page.goto(
                f"{hostile_app}/?date={day.isoformat()}&layers=control,deployments,events,range_rings"
                ",distances&sites=alpha,bravo,charlie"
            )
            frame = _map_frame(page, len(dataset.sites))
            for marker in frame.locator("path.geo-site, .geo-badges, .geo-events").all():
                marker.hover(force=True)
                marker.click(force=True)
            assert _injected(page) == 0, day
            assert _injected(frame) == 0, day
        for site_id in sorted(dataset.sites):
            page.goto(f"{hostile_app}/?date=2020-06-26&site={site_id}")
            frame = _map_frame(page, len(dataset.sites))
            for tab in ("Situation", "Changes", "Site history", "Timeline", "Event log", "Coverage", "Downloads"):
                page.get_by_role("radio", name=tab).click()
                page.wait_for_timeout(400)
                assert _injected(page) == 0, (site_id, tab)
        page.get_by_text(CORPUS[0], exact=False).first.wait_for(timeout=10_000)  # shown, as text
        page.screenshot(path="/tmp/app-browser-hostile.png", full_page=True)
        assert watch.dialogs == []
        assert watch.external == []
        assert watch.errors == []
    finally:
        context.close()


def test_the_briefing_without_its_csp_shows_the_corpus_as_text(browser, hostile_seeds, tmp_path):
    dataset, _ = read_dataset(seeds_paths(hostile_seeds))
    generated = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    path = write_briefing(dataset, BriefingOptions(), tmp_path / "b.html", generated)
    html = path.read_text(encoding="utf-8")
    html, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert n == 1
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    external, errors, dialogs = [], [], []
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file:", "data:"))
            else (external.append(r.request.url), r.abort())
        ),
    )
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(path.as_uri())
        for day in change_dates(dataset):
            page.evaluate("(d) => window.briefing.setDate(d)", day.isoformat())
            for marker in page.locator("path.site-marker, .badge-icon, .event-icon").all():
                marker.hover(force=True)
                marker.click(force=True)
            assert _injected(page) == 0, day
        assert page.get_by_text(CORPUS[0], exact=False).count() > 0
        assert dialogs == []
        assert external == []
        assert errors == []
        assert not any(url.startswith(LOCAL) for url in external)
    finally:
        context.close()
