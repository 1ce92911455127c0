"""The analyst's dashboard: foreign military involvement in Libya on a map with a time slider.

UI only: every computation is a call into ``geo``. Run ``streamlit run app.py``;
set ``LIBYA_SEEDS`` to read another seeds directory. The view (date, filters,
open site) lives in the URL's query, so a view can be shared. The date controls,
the map and everything that depends on the date are one ``st.fragment``: moving
the slider reruns only that part, and the map keeps its zoom and pan because the
base map is the same on every run (only the per-date FeatureGroup changes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from pathlib import Path

import altair as alt
import streamlit as st
from streamlit_folium import st_folium

from geo.core import coverage, text
from geo.core.dates import day_label
from geo.core.load import SEEDS, read_dataset, seeds_paths
from geo.core.model import CONFIDENCES
from geo.core.observations import read_observations_bytes
from geo.core.timeline import changes, next_change, previous_change, snapshot
from geo.export import formats as exports
from geo.export.csvtable import table_csv
from geo.export.layers import LAYER_NAMES, build_layers, snapshot_geojson
from geo.present import briefing, cards, mapview, overlay, table, view
from geo.present.escape import csv_rows, html_text

ROOT = Path(__file__).resolve().parent
SEEDS_DIR = Path(os.environ.get("LIBYA_SEEDS") or SEEDS)
PLAY_SECONDS = 1.5
_LAYOUT_CSS = (
    "<style>.block-container{padding-top:1.2rem;padding-bottom:1rem}"
    "h1{font-size:1.55rem!important;padding:0 0 .2rem!important;margin:0!important}"
    "header[data-testid=stHeader]{height:0;min-height:0}</style>"
)
VIEWS = ("Situation", "Changes", "Site history", "Timeline", "Event log", "Coverage", "Downloads")
#: Rows of a table sent at once.
PAGE_ROWS = 200


# --- loading (cached) ------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _static_urls() -> str | dict[str, str]:
    """Leaflet and the outlines served from ./static; inlined as data: URLs when that folder cannot be written."""
    try:
        mapview.write_static_assets(ROOT / "static")
    except OSError:
        return mapview.inline_urls()
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static" if base else "/app/static"


def _signature(directory: Path) -> tuple:
    """The seeds' content: an edit of any file changes it, whatever its timestamp.

    The files are hashed again only when one's inode, size, modification or status-change time differs from
    the last look (every write moves the status-change time, which cannot be set back), so a slider step costs
    a few ``stat`` calls, not a read of the seeds.
    """
    paths = sorted(directory.glob("*.csv"))
    stats = tuple((p.name, *_stat(p)) for p in paths)
    return _content_signature(str(directory), stats)


def _stat(path: Path) -> tuple[int, int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


@st.cache_resource(show_spinner=False, max_entries=8)
def _content_signature(directory: str, stats: tuple) -> tuple:
    return tuple((name, hashlib.sha256((Path(directory) / name).read_bytes()).hexdigest()) for name, *_ in stats)


@st.cache_resource(show_spinner="Reading the seeds…", max_entries=2)
def _load(directory: str, signature: tuple):
    return read_dataset(seeds_paths(Path(directory)))


@st.cache_resource(show_spinner=False, max_entries=2)
def _layer_files(directory: str, signature: tuple, _dataset) -> dict[str, str]:
    return build_layers(_dataset)


_TEXT_CSS = (
    ".geo-caption{color:#6b6b6b;font-size:.875rem}.geo-subheader{font-size:1.5rem;font-weight:600;margin:.5rem 0}"
    ".geo-warning,.geo-error{padding:.75rem 1rem;border-radius:.5rem}.geo-warning{background:#fff8e1;color:#6b4e00}"
    ".geo-error{background:#fdecea;color:#7a1a12}"
)


def _text_html(text: str, css_class: str) -> None:
    """Text that may come from the data or the URL, shown as text: escaped HTML, never Markdown."""
    st.html(f'<style>{_TEXT_CSS}</style><div class="{css_class}">{html_text(text)}</div>')


# --- view state: session <-> URL ----------------------------------------------------------------


def _init_state(dataset) -> None:
    if "date" in st.session_state:
        return
    state, messages = view.parse_query(st.query_params.to_dict(), dataset)
    f = state.filters
    st.session_state.update(
        date=state.date,
        actors=list(f.actors),
        kinds=list(f.kinds),
        conf=f.min_confidence,
        layers=list(f.layers),
        dist_sites=list(f.distance_sites),
        site=state.site or "",
        osm=state.online_tiles,
        playing=False,
        url_messages=messages,
    )


def _current() -> view.ViewState:
    ss = st.session_state
    filters = view.Filters(
        actors=tuple(ss.actors),
        kinds=tuple(ss.kinds),
        min_confidence=ss.conf,
        layers=tuple(ss.layers),
        distance_sites=tuple(ss.dist_sites),
    )
    return view.ViewState(date=ss.date, filters=filters, site=ss.site or None, online_tiles=ss.osm)


def _sync_url(state: view.ViewState) -> None:
    query = view.to_query(state)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


# --- sidebar: filters ---------------------------------------------------------------------------


def _sidebar(dataset) -> None:
    names = {a: text.actor_name(dataset, a) for a in dataset.actors}
    choices = view.filter_choices(dataset)
    involved, kinds, sites = choices.actors, choices.kinds, choices.sites
    with st.sidebar:
        st.header("Filters")
        st.multiselect("Foreign actors", involved, key="actors", format_func=names.get, placeholder="All actors")
        st.multiselect("Asset kinds", kinds, key="kinds", placeholder="All kinds")
        st.select_slider("Minimum confidence", list(reversed(CONFIDENCES)), key="conf")
        st.multiselect("Layers", view.LAYERS, key="layers", format_func=view.LAYER_LABELS.get)
        st.multiselect(
            "Distance between sites",
            sites,
            key="dist_sites",
            format_func=lambda s: dataset.sites[s].name,
            placeholder="Pick two or more sites",
        )
        st.toggle("Online map tiles (OpenStreetMap)", key="osm", help="Off: offline country outlines, no network")
        _text_html(f"Data: {SEEDS_DIR.name}", "geo-caption")


# --- the date controls ----------------------------------------------------------------------------


def _step(dataset, direction: int) -> None:
    at = st.session_state.date
    found = next_change(dataset, at) if direction > 0 else previous_change(dataset, at)
    if found:
        st.session_state.date = view.clamp(dataset, found)


def _advance_if_playing(dataset) -> None:
    ss = st.session_state
    if not ss.playing or time.monotonic() - ss.get("played_at", 0.0) < PLAY_SECONDS * 0.8:
        return
    found = next_change(dataset, ss.date)
    if found is None or view.clamp(dataset, found) != found:
        ss.playing = False
        st.rerun()
    ss.date, ss.played_at = found, time.monotonic()


def _toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing
    st.session_state.played_at = time.monotonic()


def _date_controls(dataset) -> None:
    first, last = view.date_span(dataset)
    prev_col, slider_col, next_col, play_col = st.columns([1, 8, 1, 1.3], vertical_alignment="bottom")
    prev_col.button(
        "",
        icon=":material/skip_previous:",
        help="Previous change",
        on_click=_step,
        args=(dataset, -1),
        key="prev",
        width="stretch",
    )
    slider_col.slider(
        "Date", min_value=first, max_value=last, key="date", format="D MMM YYYY", step=dt.timedelta(days=1)
    )
    next_col.button(
        "",
        icon=":material/skip_next:",
        help="Next change",
        on_click=_step,
        args=(dataset, 1),
        key="next",
        width="stretch",
    )
    playing = st.session_state.playing
    label, icon = ("Pause", ":material/pause:") if playing else ("Play", ":material/play_arrow:")
    if play_col.button(label, icon=icon, help="Step through the change dates", key="play", width="stretch"):
        _toggle_play()
        st.rerun()


# --- the fragment: everything that depends on the date -------------------------------------------


def _date_view(dataset, directory: str, signature: tuple) -> None:
    if _signature(SEEDS_DIR) != signature:
        st.rerun(scope="app")  # the seeds were edited: read them again for this session
    _advance_if_playing(dataset)
    state = _current()
    snap = snapshot(dataset, state.date)
    controls = st.container()
    map_col, side_col = st.columns([5, 2])
    with map_col:  # the map goes first (drawn below the date controls): a step's markers leave before the rest
        _map(dataset, snap, state)
    with controls:
        _date_controls(dataset)
    _sync_url(_current())
    with side_col:
        _site_panel(dataset, snap, state)
    _panel(dataset, snap, state, directory, signature)


def _panel(dataset, snap, state: view.ViewState, directory: str, signature: tuple) -> None:
    """The view below the map that the analyst picked: only it is computed and sent on a step.

    A segmented control, not ``st.tabs``: the page draws a tab bar and its seven panels again on every step,
    which costs it more than the map; the control is one row of buttons.
    """
    st.session_state.setdefault("tab", VIEWS[0])
    chosen = st.segmented_control(
        "View", VIEWS, key="tab", required=True, label_visibility="collapsed", width="stretch"
    )
    if chosen == "Situation":
        rows = _situation(directory, signature, state.date, state.filters)
        _table(rows, "situation", html_label=f"Situation on {day_label(state.date)}")
    elif chosen == "Changes":
        _changes(dataset, directory, signature, state.date)
    elif chosen == "Site history":
        _history(dataset, directory, signature, st.session_state.site)
    elif chosen == "Timeline":
        st.vega_lite_chart(_timeline_chart(directory, signature, state), width="stretch")
    elif chosen == "Event log":
        _event_log(directory, signature, state)
    elif chosen == "Coverage":
        _coverage(directory, signature)
    elif chosen == "Downloads":
        _downloads(dataset, snap, state, directory, signature)


def _table(rows: list[dict], key: str, html_label: str = "") -> None:
    """A table of text cells, ``PAGE_ROWS`` rows at a time: a step sends one page, not the whole table.

    With ``html_label``, a static HTML table of that name (``geo.present.table``), for a table that changes on
    every step; otherwise an interactive grid (sort, search, CSV) for the tables an analyst reads at one date.
    """
    if len(rows) > PAGE_ROWS:
        pages = -(-len(rows) // PAGE_ROWS)
        number = st.number_input(f"Page (of {pages}, {len(rows):,} rows)", 1, pages, 1, key=f"{key}_page")
        rows = view.page(rows, int(number), PAGE_ROWS)
    if html_label:
        st.html(f"<style>{table.TABLE_CSS}</style>{table.table_html(rows, label=html_label)}")
    else:
        st.dataframe(csv_rows(rows), hide_index=True, width="stretch")


@st.cache_data(show_spinner=False, max_entries=64)
def _situation(directory: str, signature: tuple, at: dt.date, filters: view.Filters) -> list[dict]:
    """The situation table at a date (cached per date and filters)."""
    dataset, _ = _load(directory, signature)
    return view.situation_rows(snapshot(dataset, at), filters)


def _base_map(dataset, online_tiles: bool):
    """This session's base map, built and rendered once per dataset and tile choice (a step only swaps the date's
    FeatureGroup, and ``mapview.SessionMap`` takes the previous step's group off first).

    Kept per session, not shared: streamlit-folium adds the FeatureGroup to the map it is given. A step passes
    ``render=False`` (streamlit-folium's switch for a map rendered before): only the map's own script and the
    date's group are made again.
    """
    urls = _static_urls()
    key = (str(urls), online_tiles)
    held = st.session_state.get("_base_map")
    if held is None or held[0] is not dataset or held[1] != key:
        held = (dataset, key, mapview.SessionMap(mapview.base_map(dataset, urls, online_tiles)))
        st.session_state["_base_map"] = held
    return held[2].for_step()


def _map(dataset, snap, state: view.ViewState) -> None:
    out = st_folium(
        _base_map(dataset, state.online_tiles),
        key="map",
        feature_group_to_add=_with_overlay(mapview.date_layer(snap, state.filters), state.date),
        returned_objects=["last_object_clicked_tooltip"],
        render=False,
        height=mapview.MAP_HEIGHT,
        use_container_width=True,
    )
    tooltip = (out or {}).get("last_object_clicked_tooltip")
    if tooltip and tooltip != st.session_state.get("clicked_tooltip"):
        st.session_state.clicked_tooltip = tooltip
        clicked = view.site_for_tooltip(dataset, tooltip)
        if clicked:
            st.session_state.site = clicked
            _sync_url(_current())


def _site_panel(dataset, snap, state: view.ViewState) -> None:
    sites = ["", *view.filter_choices(dataset).sites]
    st.selectbox(
        "Site (or click it on the map)",
        sites,
        key="site",
        format_func=lambda s: dataset.sites[s].name if s else "—",
    )
    site = st.session_state.site
    if site:
        st.html(f"<style>{cards.CARD_CSS}</style>{mapview.site_card(snap, site, state.filters)}")
    else:
        st.caption(
            f"{len(dataset.sites)} sites at {day_label(state.date)}. Pick or click one to see its holder, "
            "deployments and recent events."
        )


def _changes(dataset, directory: str, signature: tuple, at: dt.date) -> None:
    mode = st.radio("Show", ["Latest change", "Between two dates"], horizontal=True, key="changes_mode")
    if mode == "Latest change":
        window = view.latest_change_window(dataset, at)
        if window is None:
            st.info("No change on or before this date.")
            return
        since, until = window
        st.caption(f"Changes on {day_label(until)}, the last change day on or before the slider date")
    else:
        first, last = view.date_span(dataset)
        picked = st.date_input(
            "From (exclusive) – to (inclusive)",
            value=(previous_change(dataset, at) or first, at),
            min_value=first,
            max_value=last,
            key="changes_range",
        )
        if len(picked) != 2:
            return
        since, until = picked
    _table(_change_rows(directory, signature, since, until), "changes")


@st.cache_data(show_spinner=False, max_entries=64)
def _change_rows(directory: str, signature: tuple, since: dt.date, until: dt.date) -> list[dict]:
    dataset, _ = _load(directory, signature)
    return view.change_rows(dataset, changes(dataset, since, until))


def _history(dataset, directory: str, signature: tuple, site: str) -> None:
    if not site:
        st.info("Click a site on the map, or pick one above, to see its full history.")
        return
    _text_html(f"History of {dataset.sites[site].name}", "geo-subheader")
    _table(_history_rows(directory, signature, site), "history")


@st.cache_data(show_spinner=False, max_entries=16)
def _history_rows(directory: str, signature: tuple, site: str) -> list[dict]:
    dataset, _ = _load(directory, signature)
    return view.history_rows(dataset, site)


def _timeline_chart(directory: str, signature: tuple, state: view.ViewState) -> dict:
    """The cached chart of every record, with a rule at the slider's date: a step adds one layer, no rebuild."""
    spec = _timeline_spec(directory, signature, state.filters)
    rule = {
        "data": {"values": [{"date": state.date.isoformat()}]},
        "mark": {"type": "rule", "color": "#000", "strokeWidth": 2},
        "encoding": {"x": {"field": "date", "type": "temporal"}},
    }
    return {**spec, "layer": [*spec["layer"], rule]}  # the cached spec itself is never changed


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline_spec(directory: str, signature: tuple, filters: view.Filters) -> dict:
    """The timeline's Vega-Lite spec for a dataset and filters, built once: it does not depend on the date.

    Shared read-only by every session (``st.cache_resource``: no copy per step). Built from rows the app made
    itself, so the spec is not validated against the Vega-Lite schema.
    """
    dataset, _ = _load(directory, signature)
    rows = view.timeline_rows(dataset, filters)
    holders = sorted({(r["holder"], r["colour"]) for r in rows["periods"]})
    colour = alt.Color(
        "holder:N", title="Held by", scale=alt.Scale(domain=[h for h, _ in holders], range=[c for _, c in holders])
    )
    lanes = alt.Y("site:N", title=None, sort=rows["lanes"], scale=alt.Scale(domain=rows["lanes"]))
    first, last = view.date_span(dataset)
    span = alt.Scale(domain=[first.isoformat(), (last + dt.timedelta(days=1)).isoformat()], clamp=True)
    bars = (
        alt.Chart(alt.Data(values=rows["periods"]))
        .mark_bar(height=14, clip=True)
        .encode(
            x=alt.X("start:T", title=None, scale=span),
            x2="end:T",
            y=lanes,
            color=colour,
            opacity=alt.condition("datum.claim", alt.value(0.35), alt.value(0.9)),
            tooltip=["site:N", "holder:N", "start:T", "end:T", "confidence:N", "claim:N", "before:N"],
        )
    )
    marks = (
        alt.Chart(alt.Data(values=rows["marks"]))
        .mark_point(filled=True, size=45, color="#222", clip=True)
        .encode(
            x=alt.X("date:T", scale=span),
            y=lanes,
            shape=alt.Shape("mark:N", title="Mark"),
            tooltip=["site:N", "date:T", "mark:N", "label:N", "confidence:N"],
        )
    )
    return (bars + marks).properties(height=22 * max(len(rows["lanes"]), 3)).to_dict(validate=False)


def _event_log(directory: str, signature: tuple, state: view.ViewState) -> None:
    upto = st.checkbox("Only events up to the slider date", value=True, key="log_upto")
    size = st.selectbox("Events on each side of the date", (100, 500, 2000), key="log_window")
    rows = _event_rows(directory, signature, state.date, state.filters, size, 0 if upto else size)
    side = "on or before" if upto else "either side of"
    st.caption(
        f"{len(rows)} event(s) nearest the slider date ({side} it, at most {size} a side), newest first; "
        "filters from the sidebar apply"
    )
    _table(rows, "log")


@st.cache_data(show_spinner=False, max_entries=64)
def _event_rows(
    directory: str, signature: tuple, at: dt.date, filters: view.Filters, before: int, after: int
) -> list[dict]:
    dataset, _ = _load(directory, signature)
    return view.event_window(dataset, filters, at, before, after)


@st.cache_data(show_spinner=False, max_entries=8)
def _coverage_rows(directory: str, signature: tuple, role: str) -> list[dict]:
    dataset, _ = _load(directory, signature)
    return [r.as_dict() for r in coverage.coverage(dataset, coverage.site_ids(dataset, role))]


def _coverage(directory: str, signature: tuple) -> None:
    st.caption(
        "Where the record is thin. Per site and year: the share of days with a known holder (contested counts as "
        "known) and the part of it backed by a report rather than carried forward, the deployment records known "
        "active that year and those only carried past their last report, the events dated in it and the sources "
        "published in it. An empty cell is silence in the record, not absence on the ground."
    )
    role = st.radio(
        "Sites",
        ["key", "all"],
        horizontal=True,
        key="coverage_role",
        format_func={"key": "Key sites", "all": "All sites"}.get,
    )
    rows = _coverage_rows(directory, signature, role)
    st.vega_lite_chart(_coverage_spec(directory, signature, role), width="stretch")
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "known_share": st.column_config.ProgressColumn("known holder", format="percent", min_value=0, max_value=1),
            "reported_share": st.column_config.ProgressColumn("reported", format="percent", min_value=0, max_value=1),
            "contested_share": st.column_config.NumberColumn("contested", format="percent"),
        },
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _coverage_spec(directory: str, signature: tuple, role: str) -> dict:
    return _coverage_chart(_coverage_rows(directory, signature, role)).to_dict()


def _coverage_chart(rows: list[dict]) -> alt.LayerChart:
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("name:N", title=None),
        tooltip=[
            "name:N",
            "year:O",
            alt.Tooltip("known_share:Q", format=".0%"),
            alt.Tooltip("reported_share:Q", format=".0%"),
            "deployments:Q",
            "carried:Q",
            "events:Q",
            "sources:Q",
        ],
    )
    cells = base.mark_rect(stroke="#fff").encode(
        color=alt.Color(
            "reported_share:Q",
            title="Holder reported",
            scale=alt.Scale(domain=[0, 1], scheme="greys"),
            legend=alt.Legend(format=".0%"),
        ),
    )
    counts = base.mark_text(fontSize=11).encode(
        text=alt.Text("deployments:Q"),
        color=alt.condition("datum.reported_share > 0.6", alt.value("#fff"), alt.value("#000")),
    )
    title = "Holder backed by a report (shade) and deployment records known active (number)"
    return (cells + counts).properties(height=alt.Step(22), title=title)


def _downloads(dataset, snap, state: view.ViewState, directory: str, signature: tuple) -> None:
    st.download_button(
        f"Snapshot at {day_label(state.date)} (GeoJSON)",
        data=lambda: snapshot_geojson(snap),
        file_name=f"snapshot-{state.date.isoformat()}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key="dl_snapshot",
        icon=":material/download:",
    )
    st.download_button(
        f"Situation table at {day_label(state.date)} (CSV, the sidebar's filters)",
        data=lambda: table_csv(_situation(directory, signature, state.date, state.filters)),
        file_name=f"situation-{state.date.isoformat()}.csv",
        mime="text/csv",
        on_click="ignore",
        key="dl_situation",
        icon=":material/table:",
    )
    st.caption("Full temporal layers (every record with its dates and sources):")
    cols = st.columns(len(LAYER_NAMES))
    for col, name in zip(cols, LAYER_NAMES):
        col.download_button(
            f"{name}.geojson",
            data=lambda name=name: _layer_files(directory, signature, dataset)[name],
            file_name=f"{name}.geojson",
            mime="application/geo+json",
            on_click="ignore",
            key=f"dl_{name}",
        )
    _briefing_button(dataset, state)
    _export_buttons(dataset, state, directory, signature)
    _image_button(dataset, state)


def _image_button(dataset, state: view.ViewState) -> None:
    from geo.present.image import image_bytes

    st.download_button(
        f"Map at {day_label(state.date)} (PNG for a slide)",
        data=lambda: image_bytes(dataset, state.date),
        file_name=f"libya-map-{state.date.isoformat()}.png",
        mime="image/png",
        on_click="ignore",
        key="dl_image",
        icon=":material/image:",
    )


def _briefing_button(dataset, state: view.ViewState) -> None:
    sites = tuple(s for s in (state.site,) if s)
    options = briefing.BriefingOptions(at=state.date, sites=sites, actors=state.filters.actors)

    def render() -> str:
        layer = _uploaded()
        data = overlay.briefing_overlay(layer[1], layer[0]) if layer else None
        return briefing.briefing_html(dataset, options, dt.datetime.now(dt.UTC), overlay=data)

    st.download_button(
        f"Briefing: {briefing.scope_text(dataset, options)} (offline HTML)",
        data=render,
        file_name=briefing.file_name(dataset, options),
        mime="text/html",
        on_click="ignore",
        key="dl_briefing",
        icon=":material/description:",
    )


# --- exports and the analyst's own layer ---------------------------------------------------------


@st.cache_data(show_spinner="Writing the file…", max_entries=8)
def _export_file(directory: str, signature: tuple, name: str, actors: tuple[str, ...]) -> tuple[str, bytes]:
    dataset, _ = _load(directory, signature)
    return exports.download(name, dataset, actors)


def _export_buttons(dataset, state: view.ViewState, directory: str, signature: tuple) -> None:
    """One download per export format: QGIS, Google Earth, kepler.gl, spreadsheets (README: Use it in your GIS).

    They follow the sidebar's foreign actors, as the briefing does; the other filters shape the map only.
    """
    actors = tuple(sorted(state.filters.actors))
    if actors:
        names = ", ".join(text.actor_name(dataset, a) for a in actors)
        _text_html(
            f"For your GIS: the deployments and events of {names} (the sidebar's actors), every site's control "
            "periods, all dates; see the README's “Use it in your GIS”:",
            "geo-caption",
        )
    else:
        st.caption("For your GIS (every record, with its dates; see the README's “Use it in your GIS”):")
    cols = st.columns(4)
    for i, (name, export) in enumerate(exports.EXPORTS.items()):
        cols[i % 4].download_button(
            export.label,
            data=lambda name=name: _export_file(directory, signature, name, actors)[1],
            file_name=exports.download_name(name, actors),
            mime=export.media_type,
            on_click="ignore",
            key=f"dl_export_{name}",
        )


@st.cache_data(show_spinner="Reading your file…", max_entries=4)
def _read_upload(data: bytes, name: str):
    return read_observations_bytes(data, name)


def _uploaded() -> tuple[str, list] | None:
    """(file name, observations) of the analyst's uploaded layer, or None."""
    return st.session_state.get("overlay_layer")


def _overlay_upload() -> None:
    """The sidebar's upload: an analyst's CSV (ours or ACLED's columns), GeoJSON or GeoPackage, as its own layer."""
    with st.sidebar:
        upload = st.file_uploader(
            "Your own layer (CSV, GeoJSON, GeoPackage)", type=["csv", "geojson", "json", "gpkg"], key="overlay_file"
        )
        if upload is None:
            st.session_state.pop("overlay_layer", None)
            return
        observations, problems = _read_upload(upload.getvalue(), upload.name)
        st.session_state.overlay_layer = (upload.name, observations)
        _text_html(f"{upload.name}: {len(observations)} row(s) on the map, in pink", "geo-caption")
        if problems:
            with st.expander(f"{len(problems)} problem(s): those rows are left out"):
                shown = [{**p.as_dict(), "file": Path(p.file).name} for p in problems]
                st.dataframe(csv_rows(shown), hide_index=True, width="stretch")


def _with_overlay(group, at: dt.date):
    layer = _uploaded()
    if layer:
        overlay.add_overlay(group, layer[1], at)
    return group


# --- the page -------------------------------------------------------------------------------------


def _problems(problems) -> None:
    if not problems:
        return
    with st.expander(f"⚠ {len(problems)} problem(s) in the data: the records concerned are left out", expanded=False):
        shown = [{**p.as_dict(), "file": Path(p.file).name} for p in problems]
        st.dataframe(csv_rows(shown), hide_index=True, width="stretch")


def main() -> None:
    st.set_page_config(page_title="Foreign military involvement in Libya", page_icon="🗺", layout="wide")
    directory, signature = str(SEEDS_DIR), _signature(SEEDS_DIR)
    dataset, problems = _load(directory, signature)
    st.html(_LAYOUT_CSS)
    st.title("Foreign military involvement in Libya", anchor=False)
    _problems(problems)
    if not dataset.sites or not dataset.records():
        _text_html(f"No usable sites or dated records in {SEEDS_DIR.name}; fix the problems above.", "geo-error")
        st.stop()
    _init_state(dataset)
    for message in st.session_state.pop("url_messages", []):
        _text_html(message, "geo-warning")
    st.caption(  # outside the fragment: the same on every step, so a step does not send it again
        f"The record runs to {day_label(dataset.horizon)}, its latest report. Where a site's own last report is "
        "older, the map carries the last known state forward and the site card says so."
    )
    _sidebar(dataset)
    _overlay_upload()
    every = PLAY_SECONDS if st.session_state.playing else None
    st.fragment(_date_view, run_every=every)(dataset, directory, signature)


main()
