"""Snapshot and layer-build timings against a naive GeoDataFrame approach, 10^3 to 10^6 observations.

Naive snapshot: one boolean filter of a GeoDataFrame of all dated records
([start, end) on datetime columns) per date, then the holder per site from
the filtered control rows. Ours: ``geo.core.timeline.snapshot`` on the dataset's
time index (built once per dataset, timed separately).
Naive layer build: ``GeoDataFrame.to_json()`` of every record (its id, kind, site, holder, claim and
dates); ours: ``geo.export.layers.build_layers``, every layer with every field of the contract. Beside
them, on the very features ``build_layers`` writes (``geo.export.layers.layer_features``): ``to_json``
of a GeoDataFrame holding them ("same features") and ``orjson`` alone, the serializer's floor.
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
from geo.export.layers import build_layers, layer_features  # noqa: E402

SIZES = (10**3, 10**4, 10**5, 10**6)
N_SITES = 2000
#: "same features" needs every feature as a dict and as a GeoDataFrame at once: left out above this size.
SAME_FEATURES_UP_TO = 10**5


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


def same_features_frames(dataset) -> list[gpd.GeoDataFrame]:
    """One GeoDataFrame per layer holding exactly the features ``build_layers`` writes."""
    return [gpd.GeoDataFrame.from_features(f, crs="EPSG:4326") for f in layer_features(dataset).values() if f]


def orjson_layers(dataset) -> list[bytearray]:
    """The layers' features serialized by orjson alone, one per line into one buffer a layer, as ``build_layers``
    writes them (no fallback, no layer build), with the cycle collector paused as ``build_layers`` pauses it."""
    import gc

    import orjson

    gc.disable()
    try:
        out = []
        for features in layer_features(dataset).values():
            text = bytearray()
            for f in features:
                text += orjson.dumps(f, option=orjson.OPT_SORT_KEYS)
                text += b",\n"
            out.append(text)
        return out
    finally:
        gc.enable()


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
        same = same_features_frames(ds) if n <= SAME_FEATURES_UP_TO else None
        times = {"ours": [], "naive": [], "same": [], "orjson": []}
        for _ in range(repeats):  # interleaved, so the machine's load falls on all four alike
            for key, fn in (
                ("ours", lambda ds=ds: build_layers(ds)),
                ("naive", lambda fr=fr: naive_layers(fr)),
                ("same", lambda same=same: [f.to_json() for f in same]),
                ("orjson", lambda ds=ds: orjson_layers(ds)),
            ):
                if key != "same" or same is not None:
                    times[key].append(_median(fn, 1))
        layers_ours, layers_naive = statistics.median(times["ours"]), statistics.median(times["naive"])
        rows.append(
            {
                "n": n,
                "index_s": index_s,
                "snapshot_s": ours,
                "states_s": ours_states,
                "naive_s": naive,
                "layers_s": layers_ours,
                "layers_naive_s": layers_naive,
                "layers_same_s": statistics.median(times["same"]) if times["same"] else None,
                "layers_orjson_s": statistics.median(times["orjson"]),
                "ratios": [n / o for n, o in zip(times["naive"], times["ours"])],
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
        f" {'layers':>10} {'to_json':>10} {'ratio (min–max)':>17} {'same feat.':>10} {'orjson':>10}"
    )
    for r in rows:
        spread = f"{r['layers_naive_s'] / r['layers_s']:.2f} ({min(r['ratios']):.2f}–{max(r['ratios']):.2f})"
        print(
            f"{r['n']:>12,} {_ms(r['index_s'])} {_ms(r['snapshot_s'])} {_ms(r['states_s'])} {_ms(r['naive_s'])}"
            f" {r['naive_s'] / r['snapshot_s']:7.1f}x {_ms(r['layers_s'])} {_ms(r['layers_naive_s'])}"
            f" {spread:>17} {_ms(r['layers_same_s']) if r['layers_same_s'] else '-':>10} {_ms(r['layers_orjson_s'])}"
        )
    print(
        "layers: build_layers (every field); to_json: GeoDataFrame.to_json of the narrow naive frame;"
        " ratio = to_json / layers, >= 1 means ours is faster; same feat.: to_json of GeoDataFrames holding"
        " build_layers' own features; orjson: those features through orjson alone"
    )
    if len(rows) > 1:
        growth = np.polyfit(np.log10([r["n"] for r in rows]), np.log10([r["snapshot_s"] for r in rows]), 1)[0]
        layer_growth = np.polyfit(np.log10([r["n"] for r in rows]), np.log10([r["layers_s"] for r in rows]), 1)[0]
        print(f"growth exponent (1.0 = linear): snapshot {growth:.2f}, layer build {layer_growth:.2f}")


if __name__ == "__main__":
    main()
