"""What the analyst waits for, in headless Chromium: the dashboard beside a bare streamlit-folium app and a rebuild.

    python bench/bench_e2e.py [--sizes builtin,1000,10000,100000] [--repeats 3] [--steps 5] [--apps ours,bare,naive]

Apps on the same seeds, each served by its own ``streamlit run`` on a free loopback port:
``app.py`` (ours); ``bench/apps/bare_app.py`` (bare: a slider and the same per-date FeatureGroup through
streamlit-folium's ``feature_group_to_add``, nothing else); ``bench/apps/naive_app.py`` (naive: every step
filters a GeoDataFrame of all records and draws a new map); with ``--apps ours,bare,map``,
``bench/apps/map_app.py`` (map: the dashboard's own map under a slider, without the rest of its page).
Synthetic sizes are ``bench/synthetic.py`` over 50 sites, written as seed CSVs. For every size, ``--repeats``
rounds; each round runs the apps one after the other (the order rotates from round to round) and each app
gets a fresh server:

* cold start: from ``streamlit run`` to the first marker in the map's frame, and to the first run's end
  (the last ``script_finished`` message before the page goes quiet);
* ``--steps`` slider steps (ArrowRight on the date slider, one day each, from the day before a run of change
  days): to the last change of a Leaflet marker or overlay in the page (a MutationObserver on the map in every
  frame), to the task after the frame that shows that change (painted: style, layout and paint included, which
  a page pays whether its script lays the page out itself or leaves it to the frame) and to the run's end;
* bytes the server sent over the websocket per step, and the server's CPU time (user + system) from the key
  press until it is idle again;
* the server's resident memory with the one session open, and its growth over the idle server.

Figures are medians with min–max over every step (or every round for cold start); ratios are each app / bare
and ours / naive, from the same run. The machine's other load shows in the spread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from chromium import CHROMIUM, FLAGS, free_port  # noqa: E402

APPS = {
    "ours": ROOT / "app.py",
    "bare": HERE / "apps" / "bare_app.py",
    "naive": HERE / "apps" / "naive_app.py",
    "map": HERE / "apps" / "map_app.py",
}
N_SITES = 50
QUIET_S = 0.4
TIMEOUT_S = 240

#: Records, in every frame, the last time a Leaflet marker, overlay or tooltip changed (in the top page's clock),
#: and the time of the task after the frame that first shows that change (the change painted).
OBSERVER = """
(() => {
  let pending = false;
  const painted = () => { pending = false; try { window.top.__painted = Date.now(); } catch (e) {} };
  const note = () => {
    try { window.top.__mut = Date.now(); } catch (e) {}
    if (!pending) { pending = true; requestAnimationFrame(() => setTimeout(painted, 0)); }
  };
  const LEAF = '.leaflet-marker-pane, .leaflet-overlay-pane, .leaflet-shadow-pane';
  const MARK = '.leaflet-marker-icon, .leaflet-interactive';
  const watch = () => {
    const map = document.querySelector('.leaflet-container');
    if (!map || map.__watched) return;
    map.__watched = true;
    if (map.querySelector(MARK)) note();
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && el.closest && el.closest(LEAF)) { note(); return; }
      }
    }).observe(map, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  setInterval(watch, 5);
})();
"""


def start_date(seeds: Path, steps: int) -> str:
    """The day before the first run of ``steps`` consecutive change days (the longest run if none is that long):
    every step then moves the date onto a day where the record changes, so the markers have something to show."""
    import datetime as dt

    from geo.core.load import read_dataset, seeds_paths

    dataset, _ = read_dataset(seeds_paths(seeds))
    first, last = dataset.study_period()
    days = [int(d) for d in dataset.time_index.change_days if first.toordinal() < d <= last.toordinal()]
    best, run = (0, days[0]), 1
    for i in range(1, len(days)):
        run = run + 1 if days[i] == days[i - 1] + 1 else 1
        if run > best[0]:
            best = (run, days[i] - run + 1)
        if run >= steps:
            break
    return dt.date.fromordinal(best[1] - 1).isoformat()


def seeds_for(size: str, directory: Path) -> Path:
    """The seeds directory for ``builtin`` or a number of synthetic observations (written once)."""
    if size == "builtin":
        from geo.core.load import SEEDS

        return Path(SEEDS)
    from synthetic import synthetic_dataset, write_seeds

    target = directory / f"synthetic-{size}"
    if not target.exists():
        write_seeds(synthetic_dataset(int(size), N_SITES, seed=1), target)
    return target


class Server:
    """``streamlit run`` of one app on a free port, its process for CPU and memory."""

    def __init__(self, app: Path, seeds: Path):
        import psutil

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LIBYA_SEEDS": str(seeds)}
        cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true"]
        cmd += ["--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        self.started = time.time()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ps = psutil.Process(self.proc.pid)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{app.name} did not start")

    def cpu(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    def rss_mb(self) -> float:
        return self.ps.memory_info().rss / 2**20

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Wire:
    """Bytes and ``script_finished`` messages the server sends over the page's websocket."""

    def __init__(self):
        self.bytes = 0
        self.finished: list[float] = []
        self.last_frame = time.time()

    def attach(self, ws) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        data = payload if isinstance(payload, bytes) else payload.encode()
        self.bytes += len(data)
        self.last_frame = time.time()
        try:
            if ForwardMsg.FromString(data).WhichOneof("type") == "script_finished":
                self.finished.append(self.last_frame)
        except Exception:  # noqa: BLE001 - a frame that is not a ForwardMsg counts its bytes only
            pass

    def reset(self) -> None:
        self.bytes, self.finished = 0, []


def _settle(page, wire: Wire, server: Server, _since: float) -> None:
    """Wait until a run has finished, no frame came for QUIET_S and the server's CPU is idle."""
    deadline = time.time() + TIMEOUT_S
    cpu = server.cpu()
    while time.time() < deadline:
        page.wait_for_timeout(int(QUIET_S * 1000 / 2))
        now_cpu = server.cpu()
        idle = now_cpu - cpu < 0.02
        cpu = now_cpu
        if wire.finished and time.time() - wire.last_frame > QUIET_S and idle:
            return
    raise TimeoutError("the page did not settle")


def session(app: str, seeds: Path, start: str, steps: int) -> dict:
    """Cold start and ``steps`` slider steps of one app on a fresh server, in one browser page."""
    from playwright.sync_api import sync_playwright

    server = Server(APPS[app], seeds)
    try:
        idle_rss = server.rss_mb()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.add_init_script(OBSERVER)
            wire = Wire()
            page.on("websocket", wire.attach)
            page.goto(f"{server.url}/?date={start}", timeout=TIMEOUT_S * 1000)
            page.wait_for_function("window.__mut > 0", timeout=TIMEOUT_S * 1000, polling=10)
            markers = page.evaluate("window.__mut") / 1000 - server.started
            _settle(page, wire, server, server.started)
            out = {"cold_markers": markers, "cold_finished": wire.finished[-1] - server.started, "steps": []}
            slider = page.get_by_role("slider", name="Date").last
            slider.focus()
            for _ in range(steps):
                wire.reset()
                page.evaluate("window.__mut = window.__painted = 0")
                cpu0, t0 = server.cpu(), page.evaluate("Date.now()") / 1000
                page.keyboard.press("ArrowRight")
                _settle(page, wire, server, t0)
                mut, painted = (t / 1000 for t in page.evaluate("[window.__mut, window.__painted]"))
                out["steps"].append(
                    {
                        "markers": mut - t0 if mut > t0 else None,
                        "painted": painted - t0 if mut > t0 and painted >= mut else None,
                        "finished": wire.finished[-1] - t0,
                        "bytes": wire.bytes,
                        "cpu": server.cpu() - cpu0,
                        "runs": len(wire.finished),
                    }
                )
            out["rss"] = server.rss_mb()
            out["rss_growth"] = out["rss"] - idle_rss
            browser.close()
        return out
    finally:
        server.stop()


def _stat(values: list[float], scale: float = 1.0, fmt: str = "{:,.0f}") -> str:
    values = [v * scale for v in values if v is not None]
    if not values:
        return "-"
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def _median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


METRICS = (
    ("cold start to markers (s)", lambda s: [s["cold_markers"]], 1.0, "{:,.1f}"),
    ("cold start to run finished (s)", lambda s: [s["cold_finished"]], 1.0, "{:,.1f}"),
    ("step to markers updated (ms)", lambda s: [x["markers"] for x in s["steps"]], 1000.0, "{:,.0f}"),
    ("step to markers painted (ms)", lambda s: [x["painted"] for x in s["steps"]], 1000.0, "{:,.0f}"),
    ("step to run finished (ms)", lambda s: [x["finished"] for x in s["steps"]], 1000.0, "{:,.0f}"),
    ("bytes per step (KB)", lambda s: [x["bytes"] for x in s["steps"]], 1 / 1024, "{:,.1f}"),
    ("server CPU per step (ms)", lambda s: [x["cpu"] for x in s["steps"]], 1000.0, "{:,.0f}"),
    ("server RSS, one session (MB)", lambda s: [s["rss"]], 1.0, "{:,.0f}"),
    ("RSS growth for the session (MB)", lambda s: [s["rss_growth"]], 1.0, "{:,.0f}"),
)


def report(size: str, results: dict[str, list[dict]], steps: int) -> None:
    """One table: a column per app in ``results`` (ours and bare first), then each app / bare and ours / naive."""
    n = "built-in" if size == "builtin" else f"{int(size):,} synthetic observations, {N_SITES} sites"
    apps = list(results)
    pairs = [(a, "bare") for a in apps if a != "bare"] + ([("ours", "naive")] if "naive" in apps else [])
    rounds = len(results["ours"])
    print(f"\n{n}: {rounds} rounds x {steps} steps, median (min–max)")
    heads = [f"{a:>24}" for a in apps] + [f"{f'{a}/{b}':>10}" for a, b in pairs]
    print(f"{'':34} {' '.join(heads)}")
    for label, pick, scale, fmt in METRICS:
        values = {app: [v for s in results[app] for v in pick(s)] for app in apps}
        medians = {app: _median(values[app]) for app in apps}
        cells = [f"{_stat(values[app], scale, fmt):>24}" for app in apps]
        for a, b in pairs:
            top, bottom = medians[a], medians[b]
            cells.append(f"{f'{top / bottom:.2f}' if top is not None and bottom else '-':>10}")
        print(f"{label:34} {' '.join(cells)}")
    updated = {app: sum(x["markers"] is not None for s in results[app] for x in s["steps"]) for app in apps}
    runs = {app: _median([x["runs"] for s in results[app] for x in s["steps"]]) for app in apps}
    print(
        f"steps with a marker change: {', '.join(f'{a} {n}' for a, n in updated.items())} of {rounds * steps} each;"
        f" script runs per step (median): {', '.join(f'{a} {n:g}' for a, n in runs.items())}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="builtin,1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--apps", default="ours,bare,naive", help=f"a comma list of {', '.join(APPS)}")
    args = parser.parse_args(argv)
    names = list(dict.fromkeys(["ours", "bare", *args.apps.split(",")]))
    unknown = [a for a in names if a not in APPS]
    if unknown:
        parser.error(f"--apps: unknown app(s) {', '.join(unknown)}; choose from {', '.join(APPS)}")
    with tempfile.TemporaryDirectory(prefix="libya-sites-e2e-") as tmp:
        for size in args.sizes.split(","):
            seeds = seeds_for(size, Path(tmp))
            start = start_date(seeds, args.steps)
            results: dict[str, list[dict]] = {app: [] for app in names}
            for r in range(args.repeats):
                turn = r % len(names)
                for app in names[turn:] + names[:turn]:
                    results[app].append(session(app, seeds, start, args.steps))
            report(size, results, args.steps)


if __name__ == "__main__":
    main()
