"""Snapshot and layer-build timings against a naive GeoDataFrame approach, 10^3 to 10^6 observations.

Naive snapshot: one boolean filter of a GeoDataFrame of all dated records
([start, end) on datetime columns) per date, then the holder per site from
the filtered control rows. Ours: ``geo.core.timeline.snapshot`` on the dataset's
time index (built once per dataset, timed separately).
Naive layer build: ``GeoDataFrame.to_json()`` of every record; ours:
``geo.export.layers.build_layers``.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_dataset  # noqa: E402

from geo.core.timeline import snapshot  # noqa: E402
from geo.export.layers import build_layers  # noqa: E402

SIZES = (10**3, 10**4, 10**5, 10**6)
N_SITES = 2000


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def naive_frame(dataset) -> gpd.GeoDataFrame:
    rows = []
    for r in dataset.control + dataset.deployments:
        site = dataset.sites[r.site_id]
        rows.append(
            (
                r.id,
                r.kind,
                r.site_id,
                getattr(r, "holder", None),
                bool(r.disputes),
                r.start.earliest,
                r.end.earliest if r.end else None,
                site.lon,
                site.lat,
            )
        )
    frame = pd.DataFrame(rows, columns=["id", "kind", "site_id", "holder", "claim", "start", "end", "lon", "lat"])
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    geometry = [Point(xy) for xy in zip(frame.pop("lon"), frame.pop("lat"))]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def naive_snapshot(frame: gpd.GeoDataFrame, at: dt.date):
    t = pd.Timestamp(at)
    active = frame[(frame["start"] <= t) & ((frame["end"] > t) | frame["end"].isna())]
    control = active[(active["kind"] == "control") & ~active["claim"]]
    holders = control.groupby("site_id")["holder"].last()
    deployments = active[active["kind"] == "deployment"]
    return holders, deployments


def naive_layers(frame: gpd.GeoDataFrame) -> str:
    out = frame.copy()
    out["start"] = out["start"].dt.strftime("%Y-%m-%d")
    out["end"] = out["end"].dt.strftime("%Y-%m-%d")
    return out.to_json()


def run(sizes=SIZES, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n in sizes:
        dataset = synthetic_dataset(n, N_SITES, seed)
        t0 = time.perf_counter()
        dataset.time_index  # noqa: B018 - built once per dataset
        index_s = time.perf_counter() - t0
        frame = naive_frame(dataset)
        dates = [dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(3650)) for _ in range(15)]
        ds, fr = dataset, frame
        ours = statistics.median(_median(lambda d=d, ds=ds: snapshot(ds, d), 5) for d in dates)
        ours_states = statistics.median(_median(lambda d=d, ds=ds: snapshot(ds, d).states, 1) for d in dates[:5])
        naive = statistics.median(_median(lambda d=d, fr=fr: naive_snapshot(fr, d), 3) for d in dates[:5])
        repeats = 3 if n <= 10**5 else 1
        layers_ours = _median(lambda ds=ds: build_layers(ds), repeats)
        layers_naive = _median(lambda fr=fr: naive_layers(fr), repeats)
        rows.append(
            {
                "n": n,
                "index_s": index_s,
                "snapshot_s": ours,
                "states_s": ours_states,
                "naive_s": naive,
                "layers_s": layers_ours,
                "layers_naive_s": layers_naive,
            }
        )
    return rows


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:10.3f}"


def main(sizes=SIZES) -> None:
    rows = run(sizes)
    print(f"snapshot and layer build, {N_SITES} sites, medians (ms)")
    print(
        f"{'observations':>12} {'index':>10} {'snapshot':>10} {'+states':>10} {'naive':>10} {'ratio':>8}"
        f" {'layers':>10} {'naive':>10} {'ratio':>6}"
    )
    for r in rows:
        print(
            f"{r['n']:>12,} {_ms(r['index_s'])} {_ms(r['snapshot_s'])} {_ms(r['states_s'])} {_ms(r['naive_s'])}"
            f" {r['naive_s'] / r['snapshot_s']:7.1f}x {_ms(r['layers_s'])} {_ms(r['layers_naive_s'])}"
            f" {r['layers_naive_s'] / r['layers_s']:5.2f}x"
        )
    if len(rows) > 1:
        growth = np.polyfit(np.log10([r["n"] for r in rows]), np.log10([r["snapshot_s"] for r in rows]), 1)[0]
        layer_growth = np.polyfit(np.log10([r["n"] for r in rows]), np.log10([r["layers_s"] for r in rows]), 1)[0]
        print(f"growth exponent (1.0 = linear): snapshot {growth:.2f}, layer build {layer_growth:.2f}")


if __name__ == "__main__":
    main()
