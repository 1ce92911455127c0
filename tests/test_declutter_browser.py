"""geoDeclutter (geo/present/templates/declutter.js) on a crowded map, in headless Chromium.

The map is a plain box with site markers, badge boxes and names at seeded random points and two boxes
where Leaflet would put its controls, crowded enough that names must move or hide; what is checked is
what the analyst sees once they are placed.
"""

from __future__ import annotations

import random

import pytest

from geo.present.webassets import declutter_js

WIDTH, HEIGHT = 900, 600


def _crowded_page(seed: int, sites: int) -> str:
    rng = random.Random(seed)
    nodes = []
    for i in range(sites):
        x, y = rng.uniform(40, WIDTH - 40), rng.uniform(40, HEIGHT - 40)
        nodes.append(f'<i class="marker" style="left:{x - 9:.1f}px;top:{y - 9:.1f}px"></i>')
        if i % 2 == 0:
            width = rng.choice((24, 60, 130, 210))
            nodes.append(f'<b class="badge" id="badge-{i}" style="left:{x:.1f}px;top:{y:.1f}px;width:{width}px"></b>')
        width = rng.randint(40, 140)
        nodes.append(f'<u class="label" id="label-{i}" style="left:{x:.1f}px;top:{y:.1f}px;width:{width}px"></u>')
    nodes.append('<div class="leaflet-control" style="right:10px;top:10px;width:44px;height:44px"></div>')
    nodes.append('<div class="leaflet-control" style="right:10px;bottom:10px;width:220px;height:160px"></div>')
    style = (
        f"#map{{position:relative;width:{WIDTH}px;height:{HEIGHT}px;overflow:hidden}}"
        "#map>*{position:absolute;display:block;box-sizing:border-box}"
        ".marker{width:18px;height:18px}.badge{height:20px}.label{height:16px}"
    )
    return f"<style>{style}</style><div id='map'>{''.join(nodes)}</div><script>{declutter_js()}</script>"


#: Place everything, then report each placed box, whether it is shown, and the markers' boxes.
_PLACE_JS = """() => {
  const root = document.getElementById("map");
  geoDeclutter({ getContainer: () => root }, { markers: ".marker", badges: [".badge"], labels: ".label" });
  const box = (n) => { const b = n.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const placed = [...root.querySelectorAll(".badge, .label")].map((n) => ({
    id: n.id, label: n.classList.contains("label"), shown: getComputedStyle(n).visibility !== "hidden",
    moved: (parseFloat(n.style.marginLeft) || 0) !== 0 || (parseFloat(n.style.marginTop) || 0) !== 0, box: box(n),
    margins: [n.style.marginLeft, n.style.marginTop] }));
  return { placed, markers: [...root.querySelectorAll(".marker")].map(box), frame: box(root),
    controls: [...root.querySelectorAll(".leaflet-control")].map(box) };
}"""


def _hits(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_shown_name_covers_no_marker_badge_control_or_other_name_on_a_crowded_map(browser, seed):
    page = browser.new_page(viewport={"width": WIDTH + 40, "height": HEIGHT + 40})
    try:
        page.set_content(_crowded_page(seed, sites=90))
        found = page.evaluate(_PLACE_JS)
    finally:
        page.close()
    placed, markers, frame = found["placed"], found["markers"], found["frame"]
    names = [p for p in placed if p["label"]]
    shown = [p for p in placed if p["shown"]]
    assert all(p["shown"] for p in placed if not p["label"]), "a badge is never hidden"
    hidden = [p for p in names if not p["shown"]]
    assert hidden, "crowded enough that some names hide"
    assert len(hidden) < len(names) / 2, "most names find a place"
    assert sum(p["moved"] for p in names if p["shown"]) > len(names) / 4, "many names had to move off their point"
    for name in (p for p in names if p["shown"]):
        box = name["box"]
        inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
        assert inside, f"{name['id']} crosses the map's edge"
        on_marker = [m for m in markers if _hits(box, m)]
        assert not on_marker, f"{name['id']} covers a site marker at {on_marker[0]}"
        under = [c for c in found["controls"] if _hits(box, c)]
        assert not under, f"{name['id']} lies under a map control at {under[0]}"
        covered = [o["id"] for o in shown if o is not name and _hits(box, o["box"])]
        assert not covered, f"{name['id']} covers {covered}"


#: What a second pass over the placed map changes: the attribute mutations it makes, on which elements.
_SECOND_PASS_JS = """() => {
  const root = document.getElementById("map");
  const selectors = { markers: ".marker", badges: [".badge"], labels: ".label" };
  const run = () => geoDeclutter({ getContainer: () => root }, selectors);
  run();
  const observer = new MutationObserver(() => {});
  observer.observe(root, { subtree: true, attributes: true });
  run();
  const records = observer.takeRecords();
  observer.disconnect();
  return records.map((r) => r.target.id + " " + r.attributeName);
}"""

#: Put every badge and name somewhere else first: margins off its point, some hidden.
_DISPLACE_JS = """(seed) => {
  let x = seed;
  const next = () => (x = (x * 16807) % 2147483647) / 2147483647;
  document.querySelectorAll("#map .badge, #map .label").forEach((n) => {
    n.style.marginLeft = Math.round(next() * 80 - 40) + "px";
    n.style.marginTop = Math.round(next() * 60 - 30) + "px";
    if (next() < 0.3) n.style.visibility = "hidden";
  });
}"""


def test_a_pass_over_a_map_already_placed_writes_nothing(browser):
    """A redraw that moves nothing (a step that repaints badges where they are) lays nothing out again."""
    page = browser.new_page(viewport={"width": WIDTH + 40, "height": HEIGHT + 40})
    try:
        page.set_content(_crowded_page(4, sites=90))
        written = page.evaluate(_SECOND_PASS_JS)
    finally:
        page.close()
    assert written == [], f"the second pass rewrote {written[:5]}"


@pytest.mark.parametrize("seed", [5, 6])
def test_the_places_do_not_depend_on_where_the_elements_stood(browser, seed):
    """Each box is measured where it stands and taken back to its point: margins and hiding left by an
    earlier pass (another zoom, another date) give the same placement as a map drawn fresh."""
    page = browser.new_page(viewport={"width": WIDTH + 40, "height": HEIGHT + 40})
    try:
        page.set_content(_crowded_page(seed, sites=90))
        fresh = page.evaluate(_PLACE_JS)["placed"]
        page.set_content(_crowded_page(seed, sites=90))
        page.evaluate(_DISPLACE_JS, seed)
        again = page.evaluate(_PLACE_JS)["placed"]
    finally:
        page.close()
    assert len(fresh) == len(again) > 100
    differ = [
        (a["id"], a["margins"], a["shown"], b["margins"], b["shown"])
        for a, b in zip(fresh, again)
        if (a["moved"], a["shown"], a["box"]) != (b["moved"], b["shown"], b["box"])
    ]
    assert not differ, f"placed differently after being moved first: {differ[:3]}"
