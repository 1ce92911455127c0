"""geo.present.mapview and geo.present.cards: a stable base map, the per-date layer, no CDN, escaping on every path."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from html import unescape

import pytest
import streamlit_folium as sf

from geo.core.timeline import snapshot
from geo.present import cards, mapview, view
from geo.present.style import UNKNOWN_COLOUR

D = dt.date
EVIL_NAME = "</script><script>alert(1)</script>"
EVIL_SUMMARY = "<img src=x onerror=alert(1)>"
TEMPLATE = '{{ "EVAL" ~ "UATED" }}{% if 1 %}x{% endif %}'


def _render_layer(dataset, at, filters=None):
    """The JS streamlit-folium sends for the per-date FeatureGroup."""
    base = mapview.base_map(dataset)
    base.render()
    group = mapview.date_layer(snapshot(dataset, at), filters or view.Filters(layers=view.LAYERS))
    return sf._get_feature_group_string(group, base)


def _features(js: str) -> dict[str, list[dict]]:
    """Layer name -> features, parsed back from the geoLayer(...) calls."""
    out = {}
    for name, data in re.findall(r"var (\w+?)_feature_group_0_\d+ = geoLayer\((.*), \"\w+\"\)", js):
        out[name] = json.loads(data)["features"]
    return out


@pytest.fixture(scope="module")
def evil(mini):
    """The tiny dataset with hostile text on every path a string can take to the map."""
    sites = dict(mini.sites)
    sites["alpha"] = replace(sites["alpha"], name=EVIL_NAME + TEMPLATE, region=EVIL_SUMMARY)
    actors = dict(mini.actors)
    actors["RUS"] = replace(actors["RUS"], name="Russia" + EVIL_SUMMARY)
    assets = dict(mini.assets)
    assets["jets"] = replace(assets["jets"], name="Jets" + EVIL_SUMMARY)
    events = tuple(replace(e, summary=EVIL_SUMMARY + TEMPLATE, site_id="alpha") for e in mini.events)
    control = tuple(replace(c, summary=EVIL_SUMMARY) for c in mini.control)
    return replace(mini, sites=sites, actors=actors, assets=assets, events=events, control=control)


def _base_js(m) -> str:
    m.render()
    return sf._get_map_string(m)


def test_base_map_is_identical_between_runs(mini):
    one, two = mapview.base_map(mini), mapview.base_map(mini)
    one.render(), two.render()
    assert sf._get_header(one) == sf._get_header(two)
    assert sf.generate_js_hash(_base_js(one), "map") == sf.generate_js_hash(_base_js(two), "map")


def test_no_asset_comes_from_a_cdn(mini):
    m = mapview.base_map(mini, static_url="/app/static")
    mapview.date_layer(snapshot(mini, D(2020, 6, 26)), view.Filters(layers=view.LAYERS)).add_to(m)
    html = m.get_root().render()
    links = [src for _, src in m.default_js + m.default_css]
    assert links == ["/app/static/vendor/leaflet.js", "/app/static/vendor/leaflet.css"]
    assert re.findall(r'(?:src|href)="(https?:[^"]+)"', html) == []
    assert "fontawesome" not in html.lower()
    assert "glyphicons" not in html.lower()


def test_static_files(tmp_path):
    written = mapview.write_static_assets(tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert names == ["basemap.geojson", "vendor/leaflet.css", "vendor/leaflet.js"]
    assert "url(images/" not in (tmp_path / "vendor/leaflet.css").read_text()
    assert json.loads((tmp_path / "basemap.geojson").read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("day", "colour"),
    [
        (D(2020, 6, 4), "#d62728"),
        (D(2020, 6, 5), "#1f77b4"),
        (D(2020, 6, 6), "#1f77b4"),
        (D(2019, 4, 3), UNKNOWN_COLOUR),
    ],
)
def test_site_marker_takes_the_holder_colour_from_its_start_day(mini, day, colour):
    sites = {f["id"]: f for f in _features(_render_layer(mini, day))["control"]}
    assert len(sites) == len(mini.sites)
    assert sites["alpha"]["properties"]["style"]["fillColor"] == colour


def test_hedged_and_disputed_sites_look_different(mini):
    sites = {f["id"]: f["properties"] for f in _features(_render_layer(mini, D(2020, 6, 11)))["control"]}
    alpha, bravo = sites["alpha"]["style"], sites["bravo"]["style"]
    assert "dashArray" not in alpha
    assert alpha["weight"] == 1.5
    assert bravo["dashArray"] == "3 2"
    assert bravo["fillOpacity"] == alpha["fillOpacity"], "line style, not lightness"
    assert bravo["color"] == "#1f77b4"
    assert bravo["weight"] == 3.5
    assert "disputed: Government of National Accord claims it (claimed)" in sites["bravo"]["tooltip"]


def test_deployment_badges_group_and_count(mini):
    features = _features(_render_layer(mini, D(2020, 6, 26)))
    (badges,) = [f for f in features["deployments"] if f["geometry"]["coordinates"] == [16.0, 29.2]]
    html = badges["properties"]["icon"]["html"]
    assert html.count('class="geo-badge') == 2
    assert "#geo-icon-aircraft" in html
    assert "#geo-icon-air-defence" in html
    assert ">14</span>" in html, "the disputing 12 is an alternative figure, not added"
    assert len(features["range_rings"]) == 1
    assert "distances" not in features


def test_badges_are_capped(mini):
    many = [
        replace(d, asset=a, actor=actor)
        for d in mini.deployments[:1]
        for a in ("jets", "sam", "drones")
        for actor in ("RUS", "TUR", "GNA")
    ]
    html = cards.badges_html(mini, many)
    assert html.count('class="geo-badge') == cards.MAX_BADGES + 1
    assert html.endswith(f">+{9 - cards.MAX_BADGES}</span>")


def test_layers_follow_the_filters(mini):
    only_control = view.Filters(layers=("control",))
    features = _features(_render_layer(mini, D(2020, 6, 26), only_control))
    assert list(features) == ["control"]
    lines = view.Filters(layers=("distances",), distance_sites=("alpha", "bravo", "charlie"))
    assert len(_features(_render_layer(mini, D(2020, 6, 26), lines))["distances"]) == 3


def test_site_bounds_are_lat_lon(mini):
    assert mapview.site_bounds(mini) == [[29.2, 13.6], [32.4, 16.0]]


_OUR_ICON = re.compile(
    r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" width="\d+" height="\d+" alt="[^"<>]*" title="[^"<>]*">'
)


def _assert_inert(text: str) -> None:
    """No element from data: the only <img> allowed is our own icon, a data: SVG with no handlers."""
    text = _OUR_ICON.sub("", text)
    assert "<img" not in text
    assert "<script>alert" not in text
    assert "</script><script>" not in text
    assert "EVALUATED" not in text, "a template expression in data was evaluated"


def test_hostile_text_is_escaped_on_every_map_path(evil):
    layer = _render_layer(evil, D(2020, 6, 26), view.Filters(layers=view.LAYERS, distance_sites=("alpha", "bravo")))
    base = mapview.base_map(evil)
    page = base.get_root().render()
    for text in (layer, page, sf._get_header(base), sf._get_html(base), _base_js(mapview.base_map(evil))):
        _assert_inert(text)
    tooltips = " ".join(f["properties"]["tooltip"] for fs in _features(layer).values() for f in fs)
    assert "&lt;img src=x onerror=alert(1)&gt;{{ &quot;EVAL&quot; ~ &quot;UATED&quot; }}" in tooltips
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in tooltips
    assert "Russia&lt;img src=x onerror=alert(1)&gt;" in tooltips
    assert "Jets&lt;img src=x onerror=alert(1)&gt;" in tooltips


def test_hostile_text_is_escaped_in_the_side_card(evil):
    snap = snapshot(evil, D(2020, 6, 26))
    for site in evil.sites:
        _assert_inert(mapview.site_card(snap, site, view.Filters()))
    card = mapview.site_card(snapshot(evil, D(2020, 4, 15)), "alpha", view.Filters())
    assert '<img src=x onerror=alert(1)>{{ "EVAL" ~ "UATED" }}' in unescape(card)
    assert "<img src=x" not in card
    assert "EVALUATED" not in card
    _assert_inert(cards.legend_html(evil))


def test_a_read_only_install_inlines_leaflet_and_the_outlines(mini):
    from geo.present.mapview import base_map, inline_urls, static_files

    urls = inline_urls()
    assert set(urls) == set(static_files())
    assert all(u.startswith("data:") for u in urls.values())
    html = base_map(mini, urls).get_root().render()
    assert urls["vendor/leaflet.js"] in html
    assert "/app/static" not in html


def test_a_place_with_no_control_record_is_drawn_as_a_place_not_as_an_unknown_holder(mini):
    import datetime as dt

    from geo.core.timeline import snapshot
    from geo.present.mapview import site_style
    from geo.present.style import PLACE_STYLE, UNKNOWN_COLOUR

    before = snapshot(mini, dt.date(2019, 4, 3))
    assert site_style(mini, before.state("alpha"))["fillColor"] == UNKNOWN_COLOUR  # tracked, holder not yet known
    assert site_style(mini, before.state("charlie"))["fillColor"] == PLACE_STYLE["fillColor"]


def _step(held: mapview.SessionMap, dataset, at) -> tuple[str, str]:
    """What streamlit-folium makes of the session's map on one slider step (with ``render=False``)."""
    base = held.for_step()
    base.render()
    script = sf._get_map_string(base)
    group = sf._get_feature_group_string(mapview.date_layer(snapshot(dataset, at), view.Filters()), base)
    return script, group


def _figure_size(m) -> int:
    root = m.get_root()
    return sum(
        len(child.render()) for part in (root.header, root.html, root.script) for child in part._children.values()
    )


def test_session_map_gives_the_same_script_and_keeps_no_previous_step(mini):
    held = mapview.SessionMap(mapview.base_map(mini))
    days = [D(2020, 1, 1) + dt.timedelta(days=30 * i) for i in range(12)]
    scripts, sizes, groups = [], [], []
    for at in days:
        script, group = _step(held, mini, at)
        scripts.append(script)
        groups.append(group)
        sizes.append(_figure_size(held.map))
    assert len(set(scripts)) == 1, "the base map's script changed between steps: the browser would redraw the map"
    assert len(set(groups)) > 1, "the steps should have drawn different dates"
    assert max(sizes[1:]) - min(sizes[1:]) < max(len(g) for g in groups), "steps pile up in the map's figure"
    fresh = mapview.base_map(mini)
    fresh.render()
    assert sf.generate_js_hash(scripts[0], "map") == sf.generate_js_hash(_base_js(fresh), "map")


def test_date_group_in_a_whole_page_adds_itself_and_keeps_template_text_literal(evil):
    m = mapview.base_map(evil)
    group = mapview.date_layer(snapshot(evil, D(2020, 6, 26)), view.Filters(layers=view.LAYERS))
    group.add_to(m)
    page = m.get_root().render()
    assert f"var {group.get_name()} = L.featureGroup(" in page
    assert f"{group.get_name()}.addTo({m.get_name()});" in page
    assert page.index(f"{group.get_name()}.addTo(") > page.index("geoLayer({")
    _assert_inert(page)
