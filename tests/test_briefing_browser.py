"""The HTML briefing in a real headless Chromium: offline, markers, slider, table, escaping.

Each page is opened from a file:// URL with every request routed: anything that
is not file: or data: is aborted and recorded, and the tests assert that none
was attempted. The page's CSP forbids eval, so only ``page.evaluate`` (which
runs outside the page's policy) is used to call into it, never wait_for_function.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from geo.core.load import load_dataset
from geo.present.briefing import BriefingOptions, payload, write_briefing

pytestmark = pytest.mark.browser

AT = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


#: Each change log row: its cells' text, the text nodes of its sources cell and the elements in its cells.
LOG_JS = """() => [...document.querySelectorAll('#changes tbody tr')].map((tr) => {
  const [when, line, confidence, sources] = tr.children;
  const note = line.querySelector('span.muted');
  return {
    kind: tr.className, day: when.querySelector('button').getAttribute('data-date'), label: when.textContent,
    line: line.firstChild.textContent, note: note ? note.textContent : null,
    confidence: confidence.textContent, hedged: confidence.classList.contains('hedged'),
    sources: [...sources.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent),
    elements: [...tr.querySelectorAll('*')].map((n) => n.tagName.toLowerCase()),
  };
})"""


class Opened:
    """A briefing page with what it tried to fetch and what went wrong in it."""

    def __init__(self, browser, path, height: int = 1000, init_script: str | None = None, pixels: float = 1):
        self.context = browser.new_context(viewport={"width": 1400, "height": height}, device_scale_factor=pixels)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("request", self._request)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _request(self, request):
        if not request.url.startswith(("file:", "data:")) and request.url not in self.blocked:
            self.blocked.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def clean(self) -> None:
        assert self.blocked == []
        assert self.errors == []
        assert self.dialogs == []

    def period(self) -> dict:
        """The period of the data the page embeds (packed: read back here with ``payload.unpack``)."""
        return payload.unpack(self.page.text_content("#briefing-data"))["period"]

    def slide_to(self, day: dt.date, start: dt.date) -> None:
        """Move the real slider (set its value, fire 'input') as a user dragging it would, and wait for the
        situation table, drawn after the map, to show the day."""
        self.page.eval_on_selector(
            "#slider", "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", (day - start).days
        )
        self.table_shows()

    def fill(self, site_id: str) -> str:
        return self.page.get_attribute(f"path.site-{site_id}", "fill")

    def until(self, predicate: str, arg=None) -> None:
        """Wait until the JS function ``predicate`` (given ``arg``) returns true, polled in the page up to 10 s."""
        done = self.page.evaluate(
            f"async (arg) => {{ const p = {predicate}; for (let i = 0; i < 1000; i++) {{"
            " if (p(arg)) return true; await new Promise((r) => setTimeout(r, 10)); } return false; }",
            arg,
        )
        assert done, predicate

    def table_shows(self, iso: str | None = None) -> None:
        """Wait until the situation table shows ``iso`` (by default the slider's date)."""
        self.until(
            "(d) => document.querySelector('#situation').dataset.date === (d || window.briefing.state().date)", iso
        )

    def holder_cell(self, site_id: str) -> str:
        """A site's holder as the situation table shows it, once the table shows the slider's date."""
        self.table_shows()
        return self.page.inner_text(f'#situation tr[data-site="{site_id}"] td.holder').strip()

    def log(self) -> list[dict]:
        """The change log's rows as the page drew them, once it has drawn every row."""
        self.page.wait_for_selector("#changes[data-complete]", state="attached")
        return self.page.evaluate(LOG_JS)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def _open(path, **options):
        pages.append(Opened(browser, path, **options))
        return pages[-1]

    yield _open
    for opened in pages:
        opened.close()


@pytest.fixture(scope="module")
def builtin_briefing(tmp_path_factory, dataset):
    return write_briefing(dataset, BriefingOptions(), tmp_path_factory.mktemp("briefing") / "briefing.html", AT)


@pytest.fixture(scope="module")
def mini_briefing(tmp_path_factory, mini):
    return write_briefing(mini, BriefingOptions(), tmp_path_factory.mktemp("mini") / "briefing.html", AT)


def test_opens_offline_with_leaflet_and_no_error(open_page, builtin_briefing):
    opened = open_page(builtin_briefing)
    assert opened.page.evaluate("typeof window.L") == "object"
    assert "leaflet-container" in opened.page.get_attribute("#map", "class")
    assert opened.page.locator("#map path").count() > 0  # the offline outlines are drawn
    opened.clean()


def test_one_marker_per_site(open_page, builtin_briefing, dataset):
    opened = open_page(builtin_briefing)
    assert opened.page.locator("path.site-marker").count() == len(dataset.sites)
    for site_id in dataset.sites:
        assert opened.page.locator(f"path.site-{site_id}").count() == 1
    in_libya = sorted(s.id for s in dataset.sites.values() if s.country == "LY")
    rows = opened.page.locator("#situation tbody tr")
    assert sorted(rows.nth(i).get_attribute("data-site") for i in range(rows.count())) == in_libya
    opened.clean()


def test_slider_recolours_al_watiya_and_tarhuna(open_page, builtin_briefing, dataset):
    """GNA took al-Watiya on 18 May 2020 and Tarhuna on 5 Jun 2020."""
    opened = open_page(builtin_briefing)
    start = dt.date.fromisoformat(opened.period()["start"])
    gna, lna = dataset.actors["GNA"], dataset.actors["LNA"]
    opened.slide_to(dt.date(2020, 5, 1), start)
    assert opened.page.evaluate("window.briefing.state().date") == "2020-05-01"
    before = {site: opened.fill(site) for site in ("al-watiya", "tarhuna")}
    assert before == {"al-watiya": lna.colour, "tarhuna": lna.colour}
    assert opened.holder_cell("al-watiya") == lna.name
    opened.slide_to(dt.date(2020, 6, 15), start)
    after = {site: opened.fill(site) for site in ("al-watiya", "tarhuna")}
    assert after == {"al-watiya": gna.colour, "tarhuna": gna.colour}
    assert opened.holder_cell("al-watiya") == opened.holder_cell("tarhuna") == gna.name
    assert "15 Jun 2020" in opened.page.inner_text("#date-label")
    opened.clean()


def test_boundary_day_and_change_buttons_on_the_mini_data(open_page, mini_briefing, mini):
    """alpha passes from LNA to GNA on 2020-06-05: LNA the day before, GNA on the day."""
    opened = open_page(mini_briefing)
    start = dt.date(2016, 1, 1)
    opened.slide_to(dt.date(2020, 6, 4), start)
    assert opened.fill("alpha") == mini.actors["LNA"].colour
    assert opened.holder_cell("alpha") == mini.actors["LNA"].name
    opened.page.click("#next")
    assert opened.page.evaluate("window.briefing.state().date") == "2020-06-05"
    assert opened.fill("alpha") == mini.actors["GNA"].colour
    assert opened.holder_cell("alpha") == mini.actors["GNA"].name
    opened.page.click("#prev")
    assert opened.page.evaluate("window.briefing.state().date") == "2020-06-01"
    state = opened.page.evaluate("window.briefing.setDate('2020-06-11') && window.briefing.state()")
    assert state["sites"]["bravo"]["claims"] == ["c-bravo-claim"]
    assert state["sites"]["charlie"]["holder"] is None
    assert opened.page.inner_text('#situation tr[data-site="bravo"] td.disputes') == (
        f"{mini.actors['GNA'].name} (claimed)"
    )
    opened.clean()


def test_popup_shows_holder_disputes_and_sources(open_page, mini_briefing, mini):
    from geo.core.text import disagreement_text

    opened = open_page(mini_briefing)
    opened.page.evaluate("window.briefing.setDate('2020-06-11')")
    opened.page.click("path.site-bravo", force=True)
    popup = opened.page.inner_text(".leaflet-popup-content")
    assert "Libyan National Army" in popup
    assert "early Jun 2020" in popup
    assert "reported" in popup
    assert "Disputed:" in popup
    assert "GNA claimed to hold Bravo" in popup
    assert "Fixture report A, p5 (attributed to GNA spokesman)" in popup
    claim = next(r for r in mini.control if r.id == "c-bravo-claim")
    assert f"({disagreement_text(mini, claim)})" in popup  # where the sources disagree, the popup says how
    assert "Foreign deployments" in popup
    assert "14 aircraft" in popup
    opened.clean()


def test_print_hides_the_controls_and_keeps_the_tables(open_page, mini_briefing):
    opened = open_page(mini_briefing)
    opened.page.emulate_media(media="print")
    assert not opened.page.is_visible(".controls")
    assert opened.page.is_visible("#situation")
    assert opened.page.is_visible("#changes")
    shown = "[...document.querySelectorAll('#changes .log-part')].map((p) => getComputedStyle(p).contentVisibility)"
    assert set(opened.page.evaluate(shown)) == {"visible"}  # every part laid out for print, on screen or not
    opened.clean()


def test_the_change_log_is_every_change_in_the_words_of_geo_core_text(open_page, builtin_briefing, dataset):
    """Drawn by the script from the payload: each row as geo.core.text words it, the sources by their titles."""
    from geo.core.model import HEDGED
    from geo.core.text import citation_text, describe_change, disagreement_note_text
    from geo.core.timeline import changes
    from geo.present.briefing import resolve_options, select

    opts = resolve_options(dataset, BriefingOptions())
    ds = select(dataset, opts)
    expected = changes(ds, opts.since - dt.timedelta(days=1), opts.until)
    opened = open_page(builtin_briefing)
    rows = opened.log()
    assert len(rows) == len(expected) > 400
    for row, change in zip(rows, expected):
        rec = change.record
        assert (row["day"], row["kind"], row["label"]) == (change.day.isoformat(), change.kind, change.date_label)
        assert f"{row['label']}: {row['line']}" == describe_change(change, ds)
        starts = change.kind in ("control", "claim", "deployment-start")
        assert row["note"] == (rec.summary + disagreement_note_text(ds, rec) if starts else None)
        assert (row["confidence"], row["hedged"]) == (rec.confidence, rec.confidence in HEDGED)
        assert row["sources"] == [citation_text(ds, c) for c in rec.citations]
        assert not [r.id for r in ds.records() if any(r.id in row[k] for k in ("line", "note") if row[k])]
    assert any("Disagrees with the report in" in (row["note"] or "") for row in rows)
    opened.clean()


def test_a_date_in_the_change_log_moves_the_slider_there(open_page, builtin_briefing):
    opened = open_page(builtin_briefing)
    rows = opened.log()
    day = rows[len(rows) // 2]["day"]
    button = opened.page.locator(f'#changes button[data-date="{day}"]').first
    button.click()  # scrolled into view, so drawn, as a reader's click would find it
    assert opened.page.evaluate("window.briefing.state().date") == day
    start = opened.period()["start"]
    assert opened.page.input_value("#slider") == str((dt.date.fromisoformat(day) - dt.date.fromisoformat(start)).days)
    assert f"({day})" in opened.page.inner_text("#date-label")
    opened.clean()


def test_find_in_page_finds_the_last_change_of_the_log(open_page, builtin_briefing):
    """Every row is in the page, laid out or not: the browser's find (window.find) reaches the last one."""
    opened = open_page(builtin_briefing)
    last = opened.log()[-1]["line"]
    assert opened.page.evaluate("(text) => window.find(text)", last[-40:])
    assert not opened.page.evaluate("(text) => window.find(text)", "no such words in any briefing 7f3a")
    opened.clean()


def test_markup_in_the_data_shows_as_text_and_never_runs(open_page, mini_copy, tmp_path):
    from geo.core.text import disagreement_note_text

    def replace(name, old, new):
        path = mini_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    img = "<img src=x onerror=alert(1)>"
    script = "</script><script>alert(1)</script>"
    replace("events.csv", "The LNA attacked Charlie.", img)
    replace("events.csv", "A military pact was signed.", script)
    replace("control.csv", "GNA claimed to hold Bravo for two days.", img)
    replace("sites.csv", ",Charlie,", f",Charlie {script},")
    dataset = load_dataset(mini_copy)
    path = write_briefing(dataset, BriefingOptions(at=dt.date(2019, 11, 20)), tmp_path / "xss.html", AT)
    opened = open_page(path)
    rows = opened.log()
    assert opened.page.locator("img").count() == 0
    assert opened.page.locator("script").count() == 7  # the page's own: four JSON blocks and three scripts
    assert {tag for row in rows for tag in row["elements"]} <= {"td", "button", "br", "span"}
    assert f"Charlie {script}: offensive: {img} (confirmed)" in [row["line"] for row in rows]
    claim = next(r for r in dataset.control if r.id == "c-bravo-claim")
    claim_note = claim.summary + disagreement_note_text(dataset, claim)
    assert claim_note.startswith(img)
    assert [row["note"] for row in rows if row["kind"] == "claim"] == [claim_note]  # shown as text, in its note
    assert script in opened.page.text_content("#changes")
    assert f"Charlie {script}" in opened.page.inner_text('#situation tr[data-site="charlie"] td.site')
    assert script in opened.page.inner_text("#events-near")
    opened.page.evaluate("window.briefing.setDate('2020-06-11')")
    opened.page.click("path.site-bravo", force=True)
    assert img in opened.page.inner_text(".leaflet-popup-content")
    opened.clean()


def test_the_online_layer_is_off_until_asked_for_and_fails_quietly(open_page, mini_briefing):
    opened = open_page(mini_briefing)
    opened.clean()
    opened.page.hover(".leaflet-control-layers")
    opened.page.check(".leaflet-control-layers label:has-text('OpenStreetMap') input")
    opened.page.wait_for_timeout(300)
    assert opened.blocked
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in opened.blocked)
    assert not [e for e in opened.errors if e.startswith("page:")]
    assert opened.page.evaluate("window.briefing.setDate('2020-06-05')") == "2020-06-05"


def test_the_default_briefing_reaches_the_horizon_and_shows_2024(open_page, builtin_briefing, dataset):
    """The period comes from the data: the slider ends on the latest report, and 2024 shows that year's holders."""
    from geo.core.timeline import snapshot

    opened = open_page(builtin_briefing)
    period = opened.period()
    assert dt.date.fromisoformat(period["end"]) == dataset.horizon >= dt.date(2025, 1, 1)
    start = dt.date.fromisoformat(period["start"])
    day = dt.date(2024, 6, 1)
    opened.slide_to(day, start)
    assert opened.page.evaluate("window.briefing.state().date") == day.isoformat()
    snap = snapshot(dataset, day)
    later = [s for s in snap.states if s.site.role == "key" and s.control and s.control.start.earliest.year >= 2021]
    assert later, "no key site has a holder recorded from 2021 on"
    for state in later:
        assert opened.holder_cell(state.site.id) == dataset.actors[state.holder].name
        assert opened.fill(state.site.id) == dataset.actors[state.holder].colour
    opened.clean()


def test_a_day_inside_a_transition_shows_both_holders_in_the_briefing(open_page, builtin_briefing, dataset):
    from geo.core.timeline import snapshot

    opened = open_page(builtin_briefing)
    start = dt.date.fromisoformat(opened.period()["start"])
    day = dt.date(2011, 9, 15)
    opened.slide_to(day, start)
    expected = snapshot(dataset, day)
    state = opened.page.evaluate("window.briefing.state()")
    for s in expected.states:
        got = state["sites"][s.site.id]
        assert got["holder"] == s.holder, s.site.id
        assert got["transition"] == (list(s.transition.holders) if s.transition else None), s.site.id
    since = opened.page.inner_text('#situation tr[data-site="el-fil"] td.since')
    assert "in transition between Gaddafi government and National Transitional Council" in since
    assert opened.page.get_attribute("path.site-el-fil", "stroke") == dataset.actors["GADDAFI"].colour
    assert opened.fill("el-fil") == dataset.actors["NTC"].colour
    opened.clean()


def test_the_briefing_shows_what_the_timeline_computes_on_every_change_day(open_page, builtin_briefing, dataset):
    """No time rule in the page: on each change day and the days either side, its state is the snapshot's."""
    from geo.core.timeline import change_dates, snapshot

    opened = open_page(builtin_briefing)
    period = opened.period()
    start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    one = dt.timedelta(days=1)
    days = sorted({d + k * one for d in change_dates(dataset) for k in (-1, 0, 1) if start <= d + k * one <= end})
    isos = [d.isoformat() for d in days]
    got = opened.page.evaluate(
        """(days) => days.map((d) => {
          window.briefing.setDate(d);
          const fills = {};
          document.querySelectorAll('path.geo-site').forEach((p) => {
            const id = [...p.classList].find((c) => c.startsWith('site-') && c !== 'site-marker').slice(5);
            fills[id] = p.getAttribute('fill');
          });
          return [window.briefing.state(), fills];
        })""",
        isos,
    )
    from geo.present.view import Filters, recent_events

    for day, (page_state, fills) in zip(days, got):
        snap = snapshot(dataset, day)
        assert page_state["events"] == [e.id for e in recent_events(dataset, day, Filters())], day
        for s in snap.states:
            seen = page_state["sites"][s.site.id]
            assert seen["holder"] == s.holder, (day, s.site.id)
            if s.holder:  # the marker drawn, not only the state: a step sets a marker's style only when it changes
                assert fills[s.site.id] == dataset.actors[s.holder].colour, (day, s.site.id)
            assert sorted(seen["deployments"]) == sorted(d.id for d in s.deployments), (day, s.site.id)
            assert sorted(seen["claims"]) == sorted(c.id for c in s.claims), (day, s.site.id)
    opened.clean()


def _page_fill(page) -> float:
    """How far down the page something is printed: the lowest non-white row over the page height."""
    import numpy as np

    pixels = np.asarray(page.render(scale=0.5).to_pil().convert("L"))
    rows = np.where((pixels < 240).any(axis=1))[0]
    return (rows.max() + 1) / pixels.shape[0] if len(rows) else 0.0


def test_printed_with_default_options_the_first_page_holds_the_map_and_legend(dataset, tmp_path):
    import subprocess

    import numpy as np
    import pypdfium2

    from geo.core.text import describe_change
    from geo.core.timeline import changes
    from geo.present.briefing import resolve_options, select
    from tests.conftest import CHROMIUM_FLAGS, chromium_path

    html = write_briefing(dataset, BriefingOptions(at=dt.date(2020, 6, 15)), tmp_path / "b.html", AT)
    pdf = tmp_path / "b.pdf"
    subprocess.run(
        [chromium_path(), *CHROMIUM_FLAGS, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = pypdfium2.PdfDocument(pdf)
    width, height = doc[0].get_size()
    assert abs(width - 842) < 2, "A4 landscape"
    assert abs(height - 595) < 2, "A4 landscape"
    first = re.sub(r"(fi)+", "fi", doc[0].get_textpage().get_text_range())  # the extractor repeats ligatures
    assert "Legend" in first
    assert "Situation in Libya on 15 Jun 2020" in first
    for site in ("al-Watiya Air Base", "Tarhuna", "Sirte", "al-Jufra Air Base", "Benghazi", "Sharara oil field"):
        assert site in first, f"{site} is not named on the printed map"
    rgb = np.asarray(doc[0].render(scale=1.5).to_pil().convert("RGB")).reshape(-1, 3)
    present = {tuple(c) for c in rgb[::3]}
    for actor in ("GNA", "LNA", "CONTESTED", "TEBU"):  # CONTESTED and TEBU are drawn only by the legend's swatches
        colour = dataset.actors[actor].colour.lstrip("#")
        assert tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4)) in present, f"{actor}'s swatch is not printed"
    fills = [_page_fill(doc[i]) for i in range(len(doc))]
    empty = [i + 1 for i, f in enumerate(fills[:-1]) if f < 0.5]
    assert empty == [], f"pages more than half empty: {empty}"
    printed = " ".join(re.sub(r"(fi)+", "fi", doc[i].get_textpage().get_text_range()) for i in range(len(doc)))
    printed = re.sub(r"\s+", " ", printed)
    log = printed[printed.index("Change log, ") :]
    opts = resolve_options(dataset, BriefingOptions())
    every = changes(select(dataset, opts), opts.since - dt.timedelta(days=1), opts.until)
    for change in (every[0], every[len(every) // 2], every[-1]):  # the log is printed whole, drawn or not on screen
        line = describe_change(change, dataset).removeprefix(f"{change.date_label}: ")
        assert re.sub(r"\s+", " ", line) in log, line


def test_the_situation_table_gives_each_deployment_its_dates_and_no_record_id(open_page, builtin_briefing, dataset):
    from geo.core.text import deployment_line_text
    from geo.core.timeline import snapshot

    opened = open_page(builtin_briefing)
    period = opened.period()
    day = dt.date(2020, 6, 15)
    opened.slide_to(day, dt.date.fromisoformat(period["start"]))
    state = snapshot(dataset, day).state("al-jufra")
    assert state.deployments
    cell = opened.page.inner_text('#situation tr[data-site="al-jufra"] td.deployments')
    for record in state.deployments:
        assert deployment_line_text(dataset, record) in cell
        assert record.id not in cell
    assert "from " in cell
    opened.clean()


#: The step to ``day``, and right after it (the same task) the sites whose row waits for its deployments,
#: each with how far its row is from the viewport (0 when it overlaps it), the viewport's height and the cell's text.
PENDING_JS = """(day) => {
  window.briefing.setDate(day);
  return [...document.querySelectorAll('#situation td.deployments.pending')].map((td) => {
    const box = td.parentNode.getBoundingClientRect();
    return [td.parentNode.dataset.site, Math.max(0, box.top - innerHeight, -box.bottom), innerHeight, td.textContent];
  });
}"""
AFTER_FRAMES_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))"


def _deployment_lines(dataset, day: dt.date) -> dict[str, list[str]]:
    from geo.core.text import deployment_line_text
    from geo.core.timeline import snapshot

    return {
        s.site.id: [deployment_line_text(dataset, d) for d in s.deployments]
        for s in snapshot(dataset, day).states
        if s.site.country == "LY" and s.deployments
    }


def test_a_row_far_from_the_viewport_gets_its_deployments_when_idle_and_before_print(
    browser, builtin_briefing, dataset
):
    """In a window 300 px high, a step leaves the cells of rows over a screen away empty, then fills them."""
    opened = Opened(browser, builtin_briefing, height=300)
    try:
        opened.page.evaluate("document.querySelector('#situation').scrollIntoView()")
        opened.page.evaluate("window.briefing.setDate('2019-06-01')")
        opened.page.evaluate(AFTER_FRAMES_JS)  # the rows' places are known
        pending = opened.page.evaluate(PENDING_JS, "2020-06-15")
        assert pending, "no row was left to fill"
        assert all(away > height and text == "" for _, away, height, text in pending), pending  # a screen away, empty
        lines = _deployment_lines(dataset, dt.date(2020, 6, 15))
        assert {site for site, *_ in pending} & set(lines), "no row with deployments was left to fill"
        near = [s for s in lines if s not in {site for site, *_ in pending}]
        assert near, "every row with deployments was far"
        for site in near:  # drawn at once
            cell = opened.page.inner_text(f'#situation tr[data-site="{site}"] td.deployments')
            assert all(line in cell for line in lines[site][:12]), site
        opened.page.wait_for_selector("#situation td.deployments.pending", state="detached")  # the rest, when idle
        for site, expected in lines.items():
            cell = opened.page.inner_text(f'#situation tr[data-site="{site}"] td.deployments')
            assert all(line in cell for line in expected[:12]), site
        opened.page.evaluate("document.querySelector('#situation').scrollIntoView()")
        opened.page.evaluate("window.briefing.setDate('2019-06-01')")
        opened.page.evaluate(AFTER_FRAMES_JS)
        assert opened.page.evaluate(PENDING_JS, "2020-06-15")
        left = opened.page.evaluate(
            "() => { window.dispatchEvent(new Event('beforeprint')); "
            "return document.querySelectorAll('#situation td.deployments.pending').length; }"
        )
        assert left == 0  # printing fills every cell before the page is laid out for print
        opened.clean()
    finally:
        opened.close()


ROW_NODES_JS = """(day) => {
  const rows = () => new Map([...document.querySelectorAll('#situation tbody tr')].map((tr) => [tr.dataset.site, tr]));
  const before = rows();
  window.briefing.setDate(day);
  const after = rows();
  return [...after.keys()].filter((site) => after.get(site) !== before.get(site));
}"""


def test_a_site_whose_deployments_end_and_return_gets_its_badges_back_on_the_same_canvas(open_page, mini_briefing):
    """charlie's drones are there from Nov 2019 (arriving through the month); before, charlie has no badges."""
    opened = open_page(mini_briefing)
    box = '.badges[data-site="charlie"]'
    opened.page.evaluate("window.briefing.setDate('2020-03-01')")
    assert opened.page.get_attribute(f"{box} canvas", "data-badges") == "1"
    opened.page.evaluate(f"window.keptCanvas = document.querySelector('{box} canvas')")
    for gone in ("2019-06-01", "2019-10-15"):
        opened.page.evaluate("(d) => window.briefing.setDate(d)", gone)
        assert opened.page.locator(box).count() == 0  # off the map
        opened.page.evaluate("window.briefing.setDate('2020-03-01')")
        assert opened.page.evaluate(f"document.querySelector('{box} canvas') === window.keptCanvas")
        width = opened.page.locator(box).bounding_box()["width"]
        inks = opened.page.eval_on_selector(f"{box} canvas", BADGE_INKS_JS, [24, width])
        assert _inked(inks["first"], "0b6e4f") > 20  # Turkey's colour, drawn
    opened.clean()


def test_a_step_redraws_only_the_rows_of_the_sites_that_changed(open_page, mini_briefing, mini):
    """alpha passes from LNA to GNA on 2020-06-05; bravo (in transition) and charlie stay as they were."""
    opened = open_page(mini_briefing)
    opened.page.evaluate("window.briefing.setDate('2020-06-04')")
    assert opened.page.evaluate(ROW_NODES_JS, "2020-06-05") == ["alpha"]
    assert opened.holder_cell("alpha") == mini.actors["GNA"].name
    assert opened.page.evaluate(ROW_NODES_JS, "2020-06-06") == []  # the same frame: nothing redrawn
    order = opened.page.eval_on_selector_all("#situation tbody tr", "(rows) => rows.map((tr) => tr.dataset.site)")
    assert order == sorted(s.id for s in mini.sites.values() if s.country == "LY")
    opened.clean()


def test_a_list_of_over_a_hundred_events_ends_in_a_button_that_lists_the_rest(open_page, mini_copy, tmp_path):
    from geo.present.view import Filters, recent_events

    path = mini_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.startswith("e-offensive,"))
    copies = [row.replace("e-offensive,", f"e-offensive-{i:03d},", 1) for i in range(130)]
    path.write_text("\n".join(lines + copies) + "\n", encoding="utf-8")
    dataset = load_dataset(mini_copy)
    day = dt.date(2019, 4, 10)
    expected = recent_events(dataset, day, Filters())
    assert len(expected) > 130
    briefing = write_briefing(dataset, BriefingOptions(at=day), tmp_path / "events.html", AT)
    opened = open_page(briefing)
    button = "#events-near > li.more-events > button.more"
    opened.page.wait_for_selector(button)
    assert opened.page.inner_text(button) == f"+{len(expected) - 100} more events"
    assert opened.page.locator("#events-near > li:not(.more-events)").count() == 100
    opened.page.click(button)
    items = opened.page.eval_on_selector_all("#events-near > li", "(lis) => lis.map((li) => li.textContent)")
    assert len(items) == len(expected)  # every event, in order, and no button left
    assert all(text.startswith(f"{e.date.label()} ") and e.summary in text for text, e in zip(items, expected))
    opened.clean()


def test_a_long_events_list_shows_its_first_events_at_once_and_the_rest_after_the_frame(
    open_page, builtin_briefing, dataset
):
    """On 24 Jul 2020 the 30 days before hold 58 events (recent_events); the list gets all of them, in order."""
    from geo.present.view import Filters, recent_events

    day = dt.date(2020, 7, 24)
    expected = recent_events(dataset, day, Filters())
    assert len(expected) > 30
    opened = open_page(builtin_briefing)
    first = opened.page.evaluate(
        "(d) => { window.briefing.setDate(d); return document.querySelectorAll('#events-near > li').length; }",
        day.isoformat(),
    )
    assert first == 30
    opened.page.wait_for_selector(f"#events-near > li:nth-child({len(expected)})", state="attached")
    items = opened.page.eval_on_selector_all("#events-near > li", "(lis) => lis.map((li) => li.textContent)")
    assert len(items) == len(expected)
    for text, event in zip(items, expected):
        assert text.startswith(f"{event.date.label()} ")
        assert event.summary in text
    # a step that comes before the rest is drawn keeps its own list
    other = "2011-01-02"
    few = recent_events(dataset, dt.date.fromisoformat(other), Filters())
    assert 0 < len(few) < 30
    steps = "([a, b]) => { window.briefing.setDate(a); window.briefing.setDate(b); window.briefing.setDate(a); }"
    opened.page.evaluate(steps, [other, day.isoformat()])
    opened.page.wait_for_timeout(300)
    items = opened.page.eval_on_selector_all("#events-near > li", "(lis) => lis.map((li) => li.textContent)")
    assert len(items) == len(few)
    assert all(event.summary in text for text, event in zip(items, few))
    opened.clean()


#: The opaque-enough pixels of a badge canvas, by colour (hex), in its first ``first`` CSS pixels and in the
#: last 20 of the ``width`` it shows.
BADGE_INKS_JS = """
(canvas, [first, width]) => {
  const scale = canvas.width / canvas.getBoundingClientRect().width, ctx = canvas.getContext("2d");
  const count = (x0, x1) => {
    const left = Math.round(x0 * scale), out = {};
    const data = ctx.getImageData(left, 0, Math.round(x1 * scale) - left, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 150) continue;
      const hex = [0, 1, 2].map((k) => data[i + k].toString(16).padStart(2, "0")).join("");
      out[hex] = (out[hex] || 0) + 1;
    }
    return out;
  };
  return { first: count(0, first), last: count(width - 20, width) };
}
"""


def _inked(inks: dict[str, int], colour: str) -> int:
    """How many of the pixels counted in ``inks`` are ``colour``, give or take 3 in each channel (resampling)."""
    want = bytes.fromhex(colour)
    return sum(n for hex_, n in inks.items() if all(abs(a - b) <= 3 for a, b in zip(bytes.fromhex(hex_), want)))


#: Each site's badge canvas as a PNG data URL, by site.
BADGE_IMAGES_JS = """() => Object.fromEntries([...document.querySelectorAll(".badges[data-site] canvas")]
  .map((c) => [c.parentNode.dataset.site, c.toDataURL()]))"""


def test_badges_look_the_same_in_a_browser_without_offscreencanvas(open_page, builtin_briefing):
    """The badge images are ImageBitmaps where OffscreenCanvas exists, canvases elsewhere: the same pixels."""
    drawn = []
    for without in (False, True):
        opened = open_page(builtin_briefing, init_script="delete window.OffscreenCanvas;" if without else None)
        assert opened.page.evaluate("typeof OffscreenCanvas") == ("undefined" if without else "function")
        for day in ("2020-06-01", "2019-05-01", "2020-06-01"):
            opened.page.evaluate("(d) => window.briefing.setDate(d)", day)
        drawn.append(opened.page.evaluate(BADGE_IMAGES_JS))
        opened.clean()
    assert len(drawn[0]) >= 5
    assert drawn[0] == drawn[1]


#: What each badge canvas shows (the part as wide as its box; the canvas itself may be wider), as a PNG data URL.
BADGE_SHOWN_JS = """() => Object.fromEntries([...document.querySelectorAll(".badges[data-site] canvas")].map((c) => {
  const box = c.parentNode, shown = document.createElement("canvas");
  shown.width = Math.round(parseFloat(box.style.width) * c.width / parseFloat(c.style.width));
  shown.height = c.height;
  shown.getContext("2d").drawImage(c, 0, 0);
  return [box.dataset.site, shown.toDataURL()];
}))"""

#: Each badge canvas's opaque pixels, by site.
BADGE_INKED_JS = """() => Object.fromEntries([...document.querySelectorAll(".badges[data-site] canvas")].map((c) => {
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) n += data[i] > 150 ? 1 : 0;
  return [c.parentNode.dataset.site, n];
}))"""

#: Each badge canvas's pixels per CSS pixel of its own width (printed, the map is zoomed to the page), by site.
BADGE_DENSITY_JS = """() => Object.fromEntries([...document.querySelectorAll(".badges[data-site] canvas")]
  .map((c) => [c.parentNode.dataset.site, c.width / parseFloat(getComputedStyle(c).width)]))"""


@pytest.mark.parametrize("pixels", [1, 2])
def test_badges_are_drawn_at_the_screens_density_and_at_twice_a_one_pixel_screens_for_print(
    open_page, builtin_briefing, pixels
):
    """Badges as fine as the screen (finer would multiply what every step composites), at least two pixels
    per CSS pixel in print, and the same images as before once the print is done."""
    opened = open_page(builtin_briefing, pixels=pixels)
    opened.page.evaluate("window.briefing.setDate('2020-06-01')")
    opened.page.evaluate(AFTER_FRAMES_JS)
    screen = opened.page.evaluate(BADGE_DENSITY_JS)
    assert len(screen) >= 5
    assert {round(v, 2) for v in screen.values()} == {pixels}
    images, inked = opened.page.evaluate(BADGE_SHOWN_JS), opened.page.evaluate(BADGE_INKED_JS)
    opened.page.emulate_media(media="print")
    opened.page.evaluate(AFTER_FRAMES_JS)  # print media matches from the next frame on
    printed = opened.page.evaluate(BADGE_DENSITY_JS)
    assert printed.keys() == screen.keys()
    finer = max(2, pixels)
    assert {round(v, 2) for v in printed.values()} == {finer}
    for site, ink in opened.page.evaluate(BADGE_INKED_JS).items():  # the same badges, in more pixels
        assert ink == pytest.approx(inked[site] * (finer / pixels) ** 2, rel=0.2), site
    opened.page.emulate_media(media="screen")
    opened.page.evaluate(AFTER_FRAMES_JS)
    assert opened.page.evaluate(BADGE_DENSITY_JS) == screen
    assert opened.page.evaluate(BADGE_SHOWN_JS) == images
    opened.clean()


def test_a_site_shows_at_most_badge_limit_badges_and_a_count_of_the_rest(open_page, mini_copy, tmp_path):
    from geo.core.model import CONFIDENCES
    from geo.present.briefing import BADGE_LIMIT

    path = mini_copy / "deployments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    sam = next(line for line in lines if line.startswith("d-bravo-sam,"))
    copies = [sam.replace("d-bravo-sam,", f"d-bravo-sam-{i:02d},", 1) for i in range(BADGE_LIMIT + 3)]
    path.write_text("\n".join(lines + copies) + "\n", encoding="utf-8")
    dataset = load_dataset(mini_copy)
    briefing = write_briefing(dataset, BriefingOptions(at=dt.date(2020, 6, 30)), tmp_path / "many.html", AT)
    opened = open_page(briefing)
    shown = len(opened.page.evaluate("window.briefing.state()")["sites"]["bravo"]["deployments"])
    assert shown == len(copies) + 3 > BADGE_LIMIT
    per_site = opened.page.eval_on_selector_all(".badges canvas", "(cs) => cs.map((c) => +c.dataset.badges)")
    assert sorted(per_site) == [1, BADGE_LIMIT + 1]  # charlie's drones; bravo's first BADGE_LIMIT and "+N"
    canvas = '.badges[data-site="bravo"] canvas'
    one_a_line = rf"\([^(),]+, (?:{'|'.join(CONFIDENCES)})\)"  # "(Russia, claimed)"
    named = opened.page.get_attribute(canvas, "aria-label")  # what the badges show, for a screen reader
    assert len(re.findall(one_a_line, named)) == BADGE_LIMIT
    assert named.endswith(f"; +{shown - BADGE_LIMIT} more")
    # What is drawn: the first badge in Russia's colour (#8c1d18), the last, "+N", in grey (#555555).
    box = opened.page.locator('.badges[data-site="bravo"]').bounding_box()
    assert box["width"] > BADGE_LIMIT * 24
    inks = opened.page.eval_on_selector(canvas, BADGE_INKS_JS, [24, box["width"]])
    assert _inked(inks["first"], "8c1d18") > 20
    assert _inked(inks["first"], "555555") == 0
    assert _inked(inks["last"], "555555") > 20
    assert _inked(inks["last"], "8c1d18") == 0
    opened.page.mouse.move(box["x"] + 8, box["y"] + box["height"] / 2)  # the first badge's title when hovered
    title = opened.page.get_attribute(canvas, "title")
    assert named.startswith(title + "; ")
    assert len(re.findall(one_a_line, title)) == 1
    opened.page.mouse.move(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
    assert opened.page.get_attribute(canvas, "title") == ""  # "+N" has none: the popup lists them all
    cell = '#situation tr[data-site="bravo"] td.deployments'
    listed = lambda: opened.page.inner_text(cell).count("Short-range air defence")  # noqa: E731
    more = f"+{shown - BADGE_LIMIT} more"
    assert opened.page.inner_text(f"{cell} button.more") == more
    first = opened.page.inner_text(cell).replace(more, "").strip()
    lines = re.findall(one_a_line, first)
    assert len(lines) == BADGE_LIMIT  # the rest wait, not laid out, behind "+N more"
    assert listed() < len(copies) + 1
    opened.page.click(f"{cell} button.more")
    assert listed() == len(copies) + 1  # on screen once opened
    assert opened.page.get_attribute(f"{cell} button.more", "aria-expanded") == "true"
    opened.page.click(f"{cell} button.more")
    assert listed() < len(copies) + 1  # and closed again
    assert opened.page.get_attribute(f"{cell} button.more", "aria-expanded") == "false"
    opened.page.evaluate("window.briefing.setDate('2020-01-01'); window.briefing.setDate('2020-06-30')")
    assert listed() < len(copies) + 1  # drawn again, closed
    opened.page.emulate_media(media="print")
    opened.page.evaluate(AFTER_FRAMES_JS)  # print media matches from the next frame on
    assert listed() == len(copies) + 1  # printed, the table lists every one
    assert not opened.page.is_visible(f"{cell} button.more")  # and without its "+N more"
    opened.page.emulate_media(media="screen")
    opened.page.click(f"{cell} button.more")
    opened.page.emulate_media(media="print")
    opened.page.evaluate(AFTER_FRAMES_JS)
    assert not opened.page.is_visible(f"{cell} button.more")  # printed opened, without its "+N more" too
    assert listed() == len(copies) + 1
    opened.page.emulate_media(media="screen")
    opened.clean()


#: Where geoDeclutter put each badge box, event mark and site name: its offset, and whether it is shown.
PLACEMENTS_JS = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const of = (n) => [n.style.marginLeft, n.style.marginTop, n.style.visibility];
  const placed = {};
  document.querySelectorAll('.geo-badges').forEach((n) => {
    placed['badges ' + n.querySelector('.badges').dataset.site] = of(n);
  });
  document.querySelectorAll('.geo-events').forEach((n) => { placed['events ' + n.style.transform] = of(n); });
  document.querySelectorAll('.geo-label').forEach((n) => { placed['label ' + n.textContent] = of(n); });
  done(placed);
})))"""


def test_badges_and_names_are_placed_the_same_at_a_date_however_the_slider_got_there(open_page, builtin_briefing):
    """Badges that leave and come back are placed in the order of their sites, not in the order they came back."""
    opened = open_page(builtin_briefing)
    day = "2020-06-15"
    opened.page.evaluate("(d) => window.briefing.setDate(d)", day)
    first = opened.page.evaluate(PLACEMENTS_JS)
    assert sum(key.startswith("badges ") for key in first) >= 5
    for away in ("2011-03-01", "2016-01-01", "2019-04-10"):
        opened.page.evaluate("(d) => window.briefing.setDate(d)", away)
        opened.page.evaluate(PLACEMENTS_JS)
        opened.page.evaluate("(d) => window.briefing.setDate(d)", day)
        assert opened.page.evaluate(PLACEMENTS_JS) == first, f"after {away}"
    opened.clean()


#: One task: the slider moved by 'input' events to each of the days, and what the page shows right after.
SLIDE_NOW_JS = """([start, days]) => {
  const slider = document.getElementById('slider'), ms = Date.parse(start);
  days.forEach((d) => {
    slider.value = String(Math.round((Date.parse(d) - ms) / 86400000));
    slider.dispatchEvent(new Event('input'));
  });
  return {
    state: window.briefing.state().date,
    table: document.querySelector('#situation').dataset.date,
    fill: document.querySelector('path.site-al-watiya').getAttribute('fill'),
    holder: document.querySelector('#situation tr[data-site="al-watiya"] td.holder').textContent.trim(),
    heading: document.querySelector('#situation-section h2').textContent,
  };
}"""


def test_a_slider_step_draws_the_map_at_once_and_the_table_and_events_after_the_frame(
    open_page, builtin_briefing, dataset
):
    """The map moves in the input handler; the table and the events list follow in a task after the frame, drawn
    for the last of the steps that came before it, every site in its state on that day (al-Watiya, which changed
    holder in the second step and not in the last, included)."""
    from geo.core.timeline import snapshot
    from geo.present.view import Filters, recent_events

    opened = open_page(builtin_briefing)
    start = opened.period()["start"]
    lna, gna = dataset.actors["LNA"], dataset.actors["GNA"]
    opened.page.evaluate("window.briefing.setDate('2020-05-01')")
    now = opened.page.evaluate(SLIDE_NOW_JS, [start, ["2012-03-01", "2020-06-15", "2020-07-24"]])
    assert now["state"] == "2020-07-24"
    assert now["fill"] == gna.colour  # the map: at once
    assert (now["table"], now["holder"]) == ("2020-05-01", lna.name)  # the table: not yet
    assert "1 May 2020" in now["heading"]
    opened.table_shows("2020-07-24")
    assert "24 Jul 2020" in opened.page.inner_text("#situation-section h2")
    day = dt.date(2020, 7, 24)
    rows = opened.page.eval_on_selector_all(
        "#situation tbody tr", "(trs) => trs.map((tr) => [tr.dataset.site, tr.querySelector('td.holder').textContent])"
    )
    holders = {s.site.id: s.holder for s in snapshot(dataset, day).states}
    assert len(rows) > 10
    for site, text in rows:
        expected = dataset.actors[holders[site]].name if holders[site] else None
        assert expected is None or text.strip() == expected, site
    expected = recent_events(dataset, day, Filters())
    assert expected
    items = "#events-near > li:not(.more-events)"
    opened.until(
        "(n) => document.querySelectorAll('#events-near > li:not(.more-events)').length === n", min(len(expected), 100)
    )
    listed = opened.page.eval_on_selector_all(items, "(lis) => lis.map((li) => li.textContent)")
    assert all(e.summary in text for e, text in zip(expected, listed))
    opened.clean()


def test_printing_right_after_a_slider_step_prints_the_table_of_that_day(open_page, builtin_briefing, dataset):
    opened = open_page(builtin_briefing)
    start = opened.period()["start"]
    opened.page.evaluate("window.briefing.setDate('2020-05-01')")
    got = opened.page.evaluate(
        "(args) => { const now = (" + SLIDE_NOW_JS + ")(args); window.dispatchEvent(new Event('beforeprint'));"
        " return [now.table, document.querySelector('#situation').dataset.date,"
        " document.querySelector('#situation tr[data-site=\"al-watiya\"] td.holder').textContent.trim()]; }",
        [start, ["2020-06-15"]],
    )
    assert got == ["2020-05-01", "2020-06-15", dataset.actors["GNA"].name]
    opened.clean()
