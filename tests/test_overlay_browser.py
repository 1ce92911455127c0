"""An analyst's hostile file as an overlay in Chromium: the upload and the briefing layer show it as text."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.core.observations import read_observations
from geo.present.briefing import BriefingOptions, write_briefing
from geo.present.overlay import briefing_overlay
from tests.conftest import MINI
from tests.test_app_browser import Watch, _map_frame, _serve
from tests.test_briefing_browser import Opened

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
CSV = (
    "event_date,event_type,actor1,latitude,longitude,time_precision,geo_precision,source,notes\n"
    f'2020-06-10,Battles,LNA,31.5,17.5,1,1,Reuters,"{HOSTILE}"\n'
    "someday,Battles,LNA,31.5,17.5,1,1,Reuters,bad row\n"
)


@pytest.fixture(scope="module")
def mini_app():
    yield from _serve(MINI)


def test_uploaded_layer_shows_on_the_map_as_text_with_its_provenance(browser, mini_app, tmp_path):
    upload = tmp_path / "analyst<b>.csv"
    upload.write_text(CSV, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(f"{mini_app}/?date=2020-06-11")
        _map_frame(page, 3)
        page.locator("input[type='file']").set_input_files(str(upload))
        page.get_by_text("1 row(s) on the map", exact=False).wait_for(timeout=60_000)
        page.get_by_text("1 problem(s)", exact=False).first.wait_for(timeout=30_000)
        frame = page.frame_locator("iframe[title*='st_folium']").first
        marker = frame.locator("path.geo-overlay-marker")
        marker.wait_for(state="attached", timeout=60_000)
        marker.hover(force=True)
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.get_by_text(HOSTILE, exact=False).wait_for(timeout=20_000)
        assert "from analyst<b>.csv, row 2" in tooltip.inner_text()
        assert frame.locator("img[src='x']").count() == 0
        assert page.locator("img[src='x']").count() == 0
        watch.check()
    finally:
        context.close()


def test_briefing_overlay_follows_the_slider_and_shows_text(browser, mini, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(CSV, encoding="utf-8")
    observations, problems = read_observations(path)
    assert len(observations) == 1
    assert len(problems) == 1
    page_path = write_briefing(
        mini,
        BriefingOptions(at=dt.date(2020, 6, 11)),
        tmp_path / "briefing.html",
        dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        overlay=briefing_overlay(observations, "notes.csv"),
    )
    opened = Opened(browser, page_path)
    try:
        page = opened.page
        assert page.locator("path.overlay-marker").count() == 1
        assert page.inner_text(".overlay-legend") == "notes.csv: 1 of 1 shown"
        page.click("path.overlay-marker", force=True)
        popup = page.inner_text(".leaflet-popup-content")
        assert HOSTILE in popup
        assert "from notes.csv, row 2" in popup
        assert page.locator("img[src='x']").count() == 0
        page.evaluate("window.briefing.setDate('2020-06-09')")
        assert page.locator("path.overlay-marker").count() == 0
        page.evaluate("window.briefing.setDate('2020-06-10')")
        assert page.locator("path.overlay-marker").count() == 1
        opened.clean()
    finally:
        opened.close()
