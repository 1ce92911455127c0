"""Server time and bytes of one slider step in the dashboard, against a naive step, 10^2 to 10^5 observations.

Ours (what ``app.py`` does when the slider moves): ``geo.core.timeline.snapshot``,
``geo.present.mapview.date_layer`` and the JavaScript streamlit-folium makes of that
FeatureGroup (its ``_get_feature_group_string``, the payload sent to the
browser; the base map stays as it is in the browser).
Naive: filter a GeoDataFrame of every record (ISO string dates) to the date,
build a new ``folium.Map`` with a ``GeoJson`` layer with tooltip and popup,
and render the whole HTML page, as an app that re-renders the map does.
"Snapshot" is ``geo.export.layers.snapshot_geojson`` at the same date, the size the
payload is held to.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit_folium
from shapely.geometry import Point

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_dataset  # noqa: E402

from geo.core.timeline import snapshot  # noqa: E402
from geo.export.layers import snapshot_geojson  # noqa: E402
from geo.present import mapview, view  # noqa: E402

SIZES = (10**2, 10**4, 10**5)
N_SITES = 50
N_DATES = 7
REPEATS = 3


def _median_time(fn, repeats: int = REPEATS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fast_step(dataset, base: folium.Map, at: dt.date, filters: view.Filters) -> str:
    """The slider step of app.py: snapshot, the per-date FeatureGroup, its JS for streamlit-folium."""
    group = mapview.date_layer(snapshot(dataset, at), filters)
    payload = streamlit_folium._get_feature_group_string(group, base)
    base._children.pop(group.get_name(), None)
    return payload


def naive_frame(dataset) -> gpd.GeoDataFrame:
    """Every dated record as a row; dates as ISO strings (to_json cannot take datetimes)."""
    rows = []
    for r in dataset.records():
        site = dataset.sites.get(r.site_id)
        if site is None:
            continue
        start = (r.date if r.kind == "event" else r.start).earliest.isoformat()
        end = r.end.earliest.isoformat() if getattr(r, "end", None) else None
        who = getattr(r, "holder", None) or getattr(r, "actor", None) or ";".join(getattr(r, "actors", ()))
        rows.append((r.id, r.kind, site.name, who, r.confidence, start, end, r.summary, site.lon, site.lat))
    columns = ["id", "kind", "site", "who", "confidence", "start", "end", "summary", "lon", "lat"]
    frame = pd.DataFrame(rows, columns=columns)
    geometry = [Point(xy) for xy in zip(frame.pop("lon"), frame.pop("lat"))]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def naive_step(frame: gpd.GeoDataFrame, at: dt.date) -> str:
    """Filter to the date, build a whole new map, render its HTML."""
    day, recent = at.isoformat(), (at - dt.timedelta(days=view.RECENT_DAYS)).isoformat()
    periods = (frame["kind"] != "event") & (frame["start"] <= day) & (frame["end"].isna() | (frame["end"] > day))
    events = (frame["kind"] == "event") & (frame["start"] > recent) & (frame["start"] <= day)
    active = frame[periods | events]
    m = folium.Map(location=mapview.CENTER, zoom_start=mapview.ZOOM)
    fields = ["site", "kind", "who", "confidence", "start"]
    folium.GeoJson(
        active,
        tooltip=folium.GeoJsonTooltip(fields=fields),
        popup=folium.GeoJsonPopup(fields=fields + ["summary"]),
        marker=folium.CircleMarker(radius=6),
    ).add_to(m)
    return m.get_root().render()


def measure(n: int, seed: int = 1) -> dict:
    dataset = synthetic_dataset(n, N_SITES, seed)
    dataset.time_index  # noqa: B018 - built once per dataset, as the app's cache does
    frame = naive_frame(dataset)
    base = mapview.base_map(dataset)
    base.render()
    base_bytes = sum(
        len(text.encode("utf-8"))
        for text in (
            streamlit_folium._get_map_string(base),
            streamlit_folium._get_header(base),
            streamlit_folium._get_html(base),
        )
    )
    filters = view.Filters()
    rng = random.Random(seed)
    first, last = view.date_span(dataset)
    dates = [first + dt.timedelta(days=rng.randrange((last - first).days + 1)) for _ in range(N_DATES)]
    fast = [_median_time(lambda d=d: fast_step(dataset, base, d, filters)) for d in dates]
    naive = [_median_time(lambda d=d: naive_step(frame, d)) for d in dates]
    snap_bytes = [len(snapshot_geojson(snapshot(dataset, d)).encode("utf-8")) for d in dates]
    return {
        "n": n,
        "fast_s": statistics.median(t for t, _ in fast),
        "naive_s": statistics.median(t for t, _ in naive),
        "fast_bytes": statistics.median(len(p.encode("utf-8")) for _, p in fast),
        "naive_bytes": statistics.median(len(p.encode("utf-8")) for _, p in naive),
        "snapshot_bytes": statistics.median(snap_bytes),
        "base_bytes": base_bytes,
    }


def main(sizes=SIZES) -> None:
    rows = [measure(n) for n in sizes]
    print(f"one slider step, {N_SITES} sites, default layers, median of {N_DATES} dates x {REPEATS} runs")
    print(
        f"{'observations':>12} {'ours ms':>9} {'naive ms':>9} {'ratio':>7} {'ours bytes':>11} {'naive bytes':>12}"
        f" {'snapshot bytes':>15}"
    )
    for r in rows:
        print(
            f"{r['n']:>12,} {r['fast_s'] * 1000:9.2f} {r['naive_s'] * 1000:9.2f} {r['naive_s'] / r['fast_s']:6.1f}x"
            f" {r['fast_bytes']:>11,.0f} {r['naive_bytes']:>12,.0f} {r['snapshot_bytes']:>15,.0f}"
        )
    base = rows[-1]["base_bytes"]
    print(
        f"streamlit-folium also resends the unchanged base map's script with each step: {base:,} bytes"
        " (the browser does not run it again)"
    )


if __name__ == "__main__":
    main()
