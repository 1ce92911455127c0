"""Size, build time and, in headless Chromium, load time and slider step of the HTML briefing.

An observation is one dated record (control period, claim, deployment or event), as in
``bench/synthetic.py``. The fixed part of every briefing is Leaflet, the offline basemap and our own
script and styles; "marginal" is what the records add over an empty briefing of the same period,
divided by the observations, for the whole page and for the embedded data (``#briefing-data``,
columns and string tables, compressed), and of that data the part that is the change log: the data's bytes less
those of the same data with no change rows (the log's columns and the strings only they use; the
page's script draws the rows from them, no row is written into the page as HTML).

In Chromium (``--browser``): the load time (navigation start to the first markers drawn), the time
until the change log is drawn whole (it is drawn after the first paint, a few milliseconds at a
time), and three kinds of slider step, each the median of ``STEPS`` with min–max: a jump (the slider
set to ``STEPS`` dates spread over the period; at 10^5 observations nearly every site changes), the same
jumps again (the badge images the first pass made are kept: what an analyst dragging back and forth
waits for) and "next change" (the button, from the middle of the period: a few sites change). A step is the
``input`` or ``click`` handler (the frame looked up, the map redrawn); "map" is from the same start to the
task after the next frame, so it takes in style, layout and paint too; "all" goes on to the frame after the
situation table and the events list, drawn in a task after the map's frame, are drawn.
Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from chromium import CHROMIUM, FLAGS  # noqa: E402
from synthetic import FIRST_DAY, LAST_DAY, synthetic_dataset  # noqa: E402

from geo.core.load import load_dataset  # noqa: E402
from geo.present.briefing import BriefingOptions, briefing_html, payload  # noqa: E402

BUDGET_KB = 1600
SYNTHETIC = (0, 10**3, 10**4, 10**5)
N_SITES = 50
STEPS = 15
GENERATED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def observations(dataset) -> int:
    return len(dataset.control) + len(dataset.deployments) + len(dataset.events)


def measure(dataset, options: BriefingOptions) -> tuple[str, float]:
    """The briefing and the seconds it took to build."""
    start = time.perf_counter()
    html = briefing_html(dataset, options, GENERATED_AT)
    return html, time.perf_counter() - start


def parts(html: str) -> dict[str, int]:
    """Bytes (UTF-8) of the whole page, its embedded data and the change log's part of that data."""
    data = re.search(r'<script type="application/octet-stream" id="briefing-data"[^>]*>(.*?)</script>', html, re.S)
    embedded = data.group(1) if data else ""
    return {
        "page": len(html.encode("utf-8")),
        "data": len(embedded.encode("utf-8")),
        "changes": change_log_bytes(embedded) if embedded else 0,
    }


def change_log_bytes(embedded: str) -> int:
    """The embedded data's bytes less those of the same data, encoded again, without its change rows."""
    plain = payload.decode(payload.unpack(embedded))
    without = payload.pack(payload.encode(plain | {"changes": []}))
    return len(embedded.encode("utf-8")) - len(without.encode("utf-8"))


def builtin_size() -> int:
    return len(measure(load_dataset(), BriefingOptions())[0].encode("utf-8"))


#: Each step: the handler's time, the time to the task after the next frame (style, layout, paint: the map
#: redrawn) and the time to the task after the frame that follows the situation table and events list drawn.
STEP_JS = """
async ([n, kind]) => {
  const slider = document.getElementById("slider"), next = document.getElementById("next");
  const max = +slider.max, handler = [], painted = [], whole = [];
  if (kind === "next") { slider.value = String(Math.round(max / 2)); slider.dispatchEvent(new Event("input")); }
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 100));  // the deferred work of the step before is done
    const t0 = performance.now();
    if (kind === "next") next.click();
    else { slider.value = String(Math.round((i + 0.5) * max / n)); slider.dispatchEvent(new Event("input")); }
    handler.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    painted.push(performance.now() - t0);
    const table = document.getElementById("situation");
    if (table.dataset.date !== undefined) {  // a page that draws the table with the map has it all painted now
      while (table.dataset.date !== window.briefing.state().date) await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    whole.push(performance.now() - t0);
  }
  return [handler, painted, whole];
}
"""


def browser_times(path: Path, steps: int = STEPS) -> dict[str, list[float]]:
    """Load and change-log times (s) and slider steps (ms) of a briefing file in headless Chromium."""
    from playwright.sync_api import sync_playwright

    flags = [*FLAGS, "--allow-file-access-from-files"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=flags, headless=True)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(path.as_uri(), wait_until="load", timeout=600_000)
        page.wait_for_selector(".leaflet-marker-icon, .leaflet-interactive", timeout=600_000)
        load = page.evaluate("performance.now()") / 1000
        page.wait_for_selector("#changes[data-complete]", state="attached", timeout=1_200_000)
        log = page.evaluate("performance.now()") / 1000
        jump, jump_painted, jump_whole = page.evaluate(STEP_JS, [steps, "jump"])
        again, again_painted, _ = page.evaluate(STEP_JS, [steps, "jump"])
        nxt, _, _ = page.evaluate(STEP_JS, [steps, "next"])
        browser.close()
    return {
        "load": [load],
        "log": [log],
        "step": jump,
        "painted": jump_painted,
        "whole": jump_whole,
        "again": again,
        "again_painted": again_painted,
        "next": nxt,
    }


def _spread(values: list[float], fmt: str) -> str:
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SYNTHETIC))
    parser.add_argument("--browser", action="store_true", help="also load each briefing in headless Chromium")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sizes.split(",")]
    if 0 not in sizes:
        sizes.insert(0, 0)
    rows = []
    dataset = load_dataset()
    html, seconds = measure(dataset, BriefingOptions())
    rows.append(("built-in seeds", observations(dataset), html, seconds))
    whole_period = BriefingOptions(since=FIRST_DAY, until=LAST_DAY)
    for n in sizes:
        html, seconds = measure(synthetic_dataset(n, N_SITES, seed=0), whole_period)
        rows.append((f"synthetic, {N_SITES} sites", n, html, seconds))
    empty = parts(rows[1][2])

    header = ("observations", "bytes", "B/obs", "marginal", "of it: data", "of that: log", "build s")
    widths = (12, 12, 7, 9, 12, 12, 8)
    print("briefing size; marginal = bytes per observation over the empty briefing (target: <= 100)")
    print(f"{'data':<22} " + " ".join(f"{h:>{w}}" for h, w in zip(header, widths)))
    timed = []
    with tempfile.TemporaryDirectory(prefix="libya-sites-briefing-") as tmp:
        for name, n, html, seconds in rows:
            size = parts(html)
            synthetic = name.startswith("synthetic") and n
            per = f"{size['page'] / n:,.0f}" if n else "-"
            marginal = f"{(size['page'] - empty['page']) / n:,.0f}" if synthetic else "-"
            data = f"{(size['data'] - empty['data']) / n:,.0f}" if synthetic else "-"
            log = f"{(size['changes'] - empty['changes']) / n:,.0f}" if synthetic else "-"
            print(
                f"{name:<22} {n:>12,} {size['page']:>12,} {per:>7} {marginal:>9} {data:>12} {log:>12} {seconds:>8.2f}"
            )
            if args.browser and (n or name.startswith("built-in")):
                path = Path(tmp) / f"briefing-{n}.html"
                path.write_text(html, encoding="utf-8")
                timed.append((name, n, browser_times(path)))
    builtin_kb = parts(rows[0][2])["page"] / 1024
    verdict = "within" if builtin_kb <= BUDGET_KB else "OVER"
    print(f"built-in briefing: {builtin_kb:,.1f} KB, {verdict} the {BUDGET_KB} KB budget")
    if timed:
        print(f"\nbriefing in headless Chromium: load and whole change log (s), slider steps (ms, {STEPS} each;")
        print("target < 16 ms): a jump across the period, its time to the next frame painted (the map) and to the")
        print(
            "frame after the situation table and events list are drawn (all), the same jumps again, and 'next change'"
        )
        columns = (
            ("observations", 12),
            ("load s", 7),
            ("log s", 7),
            ("jump ms, median (min–max)", 27),
            ("map", 6),
            ("all", 6),
            ("again ms", 22),
            ("map", 6),
            ("next change ms", 22),
        )
        print(f"{'data':<22} " + " ".join(f"{h:>{w}}" for h, w in columns))
        for name, n, t in timed:
            print(
                f"{name:<22} {n:>12,} {t['load'][0]:>7.1f} {t['log'][0]:>7.1f} {_spread(t['step'], '{:,.1f}'):>27} "
                f"{statistics.median(t['painted']):>6,.0f} {statistics.median(t['whole']):>6,.0f} "
                f"{_spread(t['again'], '{:,.1f}'):>22} {statistics.median(t['again_painted']):>6,.0f} "
                f"{_spread(t['next'], '{:,.1f}'):>22}"
            )


if __name__ == "__main__":
    main()
