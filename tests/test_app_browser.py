"""The dashboard in a real headless Chromium: markers, slider, URL, download, offline, escaping.

Each server is ``streamlit run app.py`` in a subprocess on a free port; ``LIBYA_SEEDS`` points it at
the seeds to show. Every request is routed: anything not to localhost is aborted and recorded, and
each test ends by asserting there was none, no console error and no dialog.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo.core.load import load_dataset
from geo.export.cells import uncell
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:")
EVIL_NAME = "</script><script>alert(1)</script>"
EVIL_SUMMARY = "<img src=x onerror=alert(1)>"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {proc.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer at {url} within {seconds}s")


def _serve(seeds: Path):
    port = _free_port()
    env = {**os.environ, "LIBYA_SEEDS": str(seeds)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def builtin_app():
    yield from _serve(ROOT / "seeds")


@pytest.fixture(scope="module")
def evil_seeds(tmp_path_factory):
    """The tiny dataset with a hostile site name and event summary, written as CSV."""
    from tests.conftest import MINI

    target = tmp_path_factory.mktemp("evil") / "seeds"
    target.mkdir()
    for path in MINI.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0].keys()) if rows else next(csv.reader(path.open()))
        for row in rows:
            if path.stem == "sites" and row["id"] == "alpha":
                row["name"] = EVIL_NAME
            if path.stem == "events":
                row["summary"], row["site_id"] = EVIL_SUMMARY, "alpha"
        with (target / path.name).open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return target


@pytest.fixture(scope="module")
def evil_app(evil_seeds):
    yield from _serve(evil_seeds)


class Watch:
    """What a page did that it must not: leave localhost, log an error, open a dialog."""

    def __init__(self, page):
        self.external, self.errors, self.dialogs = [], [], []
        page.route("**/*", self._route)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self):
        assert self.external == [], "requests left localhost"
        assert self.errors == [], "console errors"
        assert self.dialogs == [], "a dialog opened"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.watch = Watch(page)
    yield page
    try:
        page.watch.check()
    finally:
        context.close()


def _map_frame(page, n_sites: int):
    """The streamlit-folium iframe, once it shows ``n_sites`` site markers."""
    page.wait_for_selector("iframe[title*='st_folium']", timeout=60_000)
    frame = page.frame_locator("iframe[title*='st_folium']").first
    frame.locator("path.geo-site").nth(n_sites - 1).wait_for(state="attached", timeout=60_000)
    return frame


def _fill(frame, site_id: str) -> str:
    return frame.locator(f"path.geo-site-{site_id}").get_attribute("fill")


def _wait_fill(frame, site_id: str, colour: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while _fill(frame, site_id) != colour and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _fill(frame, site_id) == colour


def test_slider_moves_the_holders_without_reloading_the_map(page, builtin_app):
    dataset = load_dataset(ROOT / "seeds")
    lna, gna = dataset.actors["LNA"].colour, dataset.actors["GNA"].colour
    page.goto(f"{builtin_app}/?date=2020-05-01")
    frame = _map_frame(page, len(dataset.sites))
    assert frame.locator("path.geo-site").count() == len(dataset.sites)
    assert (_fill(frame, "al-watiya"), _fill(frame, "tarhuna")) == (lna, lna)
    frame.locator("body").evaluate("() => { window.__same_map = true; map_div.setZoom(6); }")

    thumb = page.get_by_role("slider", name="Date", exact=False).last
    thumb.focus()
    for _ in range(45):
        page.keyboard.press("ArrowRight")
    page.wait_for_url("**date=2020-06-15**", timeout=30_000)
    _wait_fill(frame, "al-watiya", gna)
    _wait_fill(frame, "tarhuna", gna)
    assert frame.locator("body").evaluate("() => [window.__same_map === true, map_div.getZoom()]") == [True, 6]
    page.screenshot(path="/tmp/app-browser-builtin.png", full_page=True)


def test_url_date_opens_there_and_the_snapshot_downloads(page, builtin_app):
    dataset = load_dataset(ROOT / "seeds")
    page.goto(f"{builtin_app}/?date=2020-06-15&site=tarhuna")
    frame = _map_frame(page, len(dataset.sites))
    assert _fill(frame, "tarhuna") == dataset.actors["GNA"].colour
    assert page.get_by_role("slider", name="Date", exact=False).last.get_attribute("aria-valuetext") == "15 Jun 2020"
    table = page.get_by_role("table", name="Situation on 15 Jun 2020")
    shown = table.evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.textContent))")
    assert shown[0][:2] == ["site", "holder"]
    assert len(shown) == 1 + len(dataset.sites)
    page.get_by_role("radio", name="Downloads").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Situation table at 15 Jun 2020 (CSV", exact=False).click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"), newline="")))
    assert [[uncell(c) for c in r] for r in rows] == shown
    with page.expect_download() as info:
        page.get_by_role("button", name="Snapshot at 15 Jun 2020 (GeoJSON)").click()
    snapshot = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert snapshot["type"] == "FeatureCollection"
    assert snapshot["date"] == "2020-06-15"
    holders = {f["id"]: f["properties"]["holder"] for f in snapshot["features"]}
    assert holders["tarhuna"] == holders["al-watiya"] == "GNA"


def test_hostile_text_shows_as_text(page, evil_app):
    page.goto(f"{evil_app}/?date=2020-06-26&site=alpha")
    frame = _map_frame(page, 3)
    frame.locator("path.geo-site-alpha").hover()
    frame.locator(".leaflet-tooltip").get_by_text(EVIL_NAME, exact=False).wait_for(timeout=10_000)
    frame.locator(".geo-events").first.hover()
    frame.locator(".leaflet-tooltip").get_by_text(EVIL_SUMMARY, exact=False).first.wait_for(timeout=10_000)
    assert frame.locator("img[src='x']").count() == 0
    page.get_by_text(EVIL_NAME).first.wait_for(timeout=10_000)
    page.get_by_role("radio", name="Event log").click()
    page.wait_for_timeout(1000)
    assert page.locator("img[src='x']").count() == 0
    page.screenshot(path="/tmp/app-browser-evil.png", full_page=True)


def test_the_dashboard_opens_at_the_horizon_and_a_2024_date_shows_that_years_record(page, builtin_app):
    import datetime as dt

    from geo.core.dates import day_label
    from geo.core.text import deployment_text
    from geo.core.timeline import snapshot

    dataset = load_dataset(ROOT / "seeds")
    page.goto(builtin_app)
    _map_frame(page, len(dataset.sites))
    slider = page.get_by_role("slider", name="Date", exact=False).last
    assert slider.get_attribute("aria-valuetext") == day_label(dataset.horizon)
    assert dataset.horizon >= dt.date(2025, 1, 1)

    day = dt.date(2024, 6, 1)
    snap = snapshot(dataset, day)
    state, record = next(
        (s, d)
        for s in snap.states
        for d in s.deployments
        if d.start.earliest.year >= 2021 or (dataset.last_reported(d).year >= 2024)
    )
    page.goto(f"{builtin_app}/?date={day.isoformat()}&site={state.site.id}")
    frame = _map_frame(page, len(dataset.sites))
    assert _fill(frame, state.site.id) == dataset.actors[state.holder].colour
    assert slider.get_attribute("aria-valuetext") == day_label(day)
    page.get_by_text(deployment_text(dataset, record), exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path="/tmp/app-browser-2024.png", full_page=True)


def test_a_day_inside_a_transition_shows_both_holders_and_the_span(page, builtin_app):
    import datetime as dt

    from geo.core.text import as_of_text, transition_text
    from geo.core.timeline import snapshot

    dataset = load_dataset(ROOT / "seeds")
    day = dt.date(2011, 9, 15)
    state = snapshot(dataset, day).state("el-fil")
    assert state.transition is not None
    assert state.transition.holders == ("GADDAFI", "NTC")
    page.goto(f"{builtin_app}/?date={day.isoformat()}&site=el-fil")
    frame = _map_frame(page, len(dataset.sites))
    marker = frame.locator("path.geo-site-el-fil")
    assert marker.get_attribute("fill") == dataset.actors["NTC"].colour
    assert marker.get_attribute("stroke") == dataset.actors["GADDAFI"].colour
    assert marker.get_attribute("stroke-dasharray")
    page.get_by_text(f"In transition {transition_text(dataset, state.transition)}", exact=False).first.wait_for(
        timeout=30_000
    )
    page.screenshot(path="/tmp/app-browser-transition.png", full_page=True)

    horizon_state = snapshot(dataset, dataset.horizon).state("el-fil")
    wording = as_of_text(dataset, horizon_state.control, dataset.horizon)
    assert wording.startswith("still so at last report, ")
    page.goto(f"{builtin_app}/?site=el-fil")
    _map_frame(page, len(dataset.sites))
    page.get_by_text(wording, exact=False).first.wait_for(timeout=30_000)


_CLUTTER_JS = """() => {
    const box = n => n.getBoundingClientRect();
    const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5
        && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const shown = n => getComputedStyle(n).visibility !== "hidden" && box(n).width > 0;
    const labels = [...document.querySelectorAll(".geo-label")];
    const visible = labels.filter(shown).map(n => ({name: n.textContent, box: box(n)}));
    const overlaps = [];
    visible.forEach((a, i) => visible.slice(i + 1).forEach(b => {
        if (hit(a.box, b.box)) overlaps.push([a.name, b.name]);
    }));
    const markers = [...document.querySelectorAll("path.geo-site")].map(n => ({
        site: [...n.classList].find(c => c.startsWith("geo-site-")).slice(9), box: box(n)}));
    const covered = [];
    document.querySelectorAll(".geo-badges, .geo-events").forEach(n => {
        const origin = box(map_div.getContainer());
        const at = map_div.latLngToContainerPoint(map_div.layerPointToLatLng(L.DomUtil.getPosition(n)));
        const own = markers.filter(m => Math.hypot(m.box.left + m.box.width / 2 - origin.left - at.x,
            m.box.top + m.box.height / 2 - origin.top - at.y) < 1.5).map(m => m.site);
        markers.forEach(m => { if (!own.includes(m.site) && hit(box(n), m.box)) covered.push([n.className, m.site]); });
    });
    const labelsOnMarkers = [];
    visible.forEach(a => markers.forEach(m => { if (hit(a.box, m.box)) labelsOnMarkers.push([a.name, m.site]); }));
    return {labels: labels.length, visible: visible.map(v => v.name), overlaps, covered, labelsOnMarkers,
            zoom: map_div.getZoom()};
}"""


def test_opening_view_has_no_overlapping_labels_or_covering_badges(browser, builtin_app):
    dataset = load_dataset(ROOT / "seeds")
    key_sites = sorted(s.name for s in dataset.sites.values() if s.role == "key")
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    watch = Watch(page)
    try:
        for day in ("2020-06-15", "2020-05-01", "2019-04-10", "2015-06-01"):
            page.goto(f"{builtin_app}/?date={day}")
            frame = _map_frame(page, len(dataset.sites))
            frame.locator(".geo-badges").first.wait_for(state="attached", timeout=60_000)
            page.wait_for_timeout(800)  # the placement runs once the layers are in
            found = frame.locator("body").evaluate(_CLUTTER_JS)
            assert found["labels"] == len(key_sites)
            assert found["overlaps"] == [], f"{day}: site labels overlap"
            assert found["covered"] == [], f"{day}: a badge or event mark covers another site's marker"
            assert found["labelsOnMarkers"] == [], f"{day}: a label covers a site marker"
            assert sorted(found["visible"]) == key_sites, f"{day}: every key site keeps its name"
            if day == "2020-06-15":
                page.screenshot(path="/tmp/dashboard-2020-06-15.png")
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1000, 1500])
def test_the_map_opens_on_the_key_sites_at_any_width(browser, builtin_app, width):
    from geo.present.mapview import LEGEND_FOLD_BELOW

    dataset = load_dataset(ROOT / "seeds")
    key = [s.id for s in dataset.sites.values() if s.role == "key"]
    context = browser.new_context(viewport={"width": width, "height": 1100})
    try:
        page = context.new_page()
        page.goto(f"{builtin_app}/?date=2020-06-15")
        frame = _map_frame(page, len(dataset.sites))
        seen = frame.locator("body").evaluate(
            """(body, key) => {
                const box = document.querySelector('.leaflet-container').getBoundingClientRect();
                const inside = key.filter((id) => {
                    const b = document.querySelector('path.geo-site-' + id).getBoundingClientRect();
                    return b.left >= box.left && b.right <= box.right && b.top >= box.top && b.bottom <= box.bottom;
                });
                return {zoom: map_div.getZoom(), width: box.width, inside: inside,
                        folded: !document.querySelector('.geo-legend details').open};
            }""",
            key,
        )
    finally:
        context.close()
    assert sorted(seen["inside"]) == sorted(key)
    assert seen["zoom"] >= 4  # Libya, not the world (a margin wider than the map zooms out to zoom 3)
    assert seen["folded"] == (seen["width"] < LEGEND_FOLD_BELOW)
