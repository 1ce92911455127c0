"""Size of the HTML briefing: the built-in data (held to BUDGET_KB) and synthetic data per observation.

An observation is one dated record (control period, claim, deployment or
event), as in ``bench/synthetic.py``. The fixed part of every briefing is
Leaflet, the offline basemap and our own script and styles; "per observation"
divides the whole file by the observations, "marginal" only what the records
add over an empty briefing of the same period. Times are printed, never asserted.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import FIRST_DAY, LAST_DAY, synthetic_dataset  # noqa: E402

from geo.core.load import load_dataset  # noqa: E402
from geo.present.briefing import BriefingOptions, briefing_html  # noqa: E402

BUDGET_KB = 1600
SYNTHETIC = (0, 10**3, 10**4)
N_SITES = 50
GENERATED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def observations(dataset) -> int:
    return len(dataset.control) + len(dataset.deployments) + len(dataset.events)


def measure(dataset, options: BriefingOptions) -> tuple[int, float]:
    """Bytes of the briefing (UTF-8) and the seconds it took to build."""
    start = time.perf_counter()
    html = briefing_html(dataset, options, GENERATED_AT)
    return len(html.encode("utf-8")), time.perf_counter() - start


def builtin_size() -> int:
    return measure(load_dataset(), BriefingOptions())[0]


def main() -> None:
    rows = []
    dataset = load_dataset()
    size, seconds = measure(dataset, BriefingOptions())
    rows.append(("built-in seeds", observations(dataset), size, seconds))
    whole_period = BriefingOptions(since=FIRST_DAY, until=LAST_DAY)
    for n in SYNTHETIC:
        synthetic = synthetic_dataset(n, N_SITES, seed=0)
        size, seconds = measure(synthetic, whole_period)
        rows.append((f"synthetic, {N_SITES} sites", n, size, seconds))
    empty = rows[1][2]

    header = ("observations", "bytes", "KB", "B/obs", "marginal B/obs", "build s")
    print(f"{'data':<22} " + " ".join(f"{h:>{w}}" for h, w in zip(header, (12, 11, 8, 8, 15, 8))))
    for name, n, size, seconds in rows:
        per = f"{size / n:,.0f}" if n else "-"
        marginal = f"{(size - empty) / n:,.0f}" if n and name.startswith("synthetic") else "-"
        print(f"{name:<22} {n:>12,} {size:>11,} {size / 1024:>8,.1f} {per:>8} {marginal:>15} {seconds:>8.2f}")
    builtin_kb = rows[0][2] / 1024
    verdict = "within" if builtin_kb <= BUDGET_KB else "OVER"
    print(f"built-in briefing: {rows[0][2]:,} bytes = {builtin_kb:,.1f} KB, {verdict} the {BUDGET_KB} KB budget")


if __name__ == "__main__":
    main()
