from __future__ import annotations

import base64
import re

from geo.present.style import UNKNOWN_COLOUR, actor_colour, asset_img, asset_svg, confidence_style, legend


def test_colours_come_from_the_actors_table(mini):
    assert actor_colour(mini, "GNA") == "#1f77b4"
    assert actor_colour(mini, None) == actor_colour(mini, "nobody") == UNKNOWN_COLOUR


def test_hedged_claims_are_drawn_differently():
    assert confidence_style("confirmed")["dashArray"] is None
    for confidence in ("reported", "claimed", "alleged"):
        style = confidence_style(confidence)
        assert style["dashArray"]
        assert style["weight"] > confidence_style("confirmed")["weight"]


def test_asset_icons_escape_their_title():
    svg = asset_svg("aircraft", "#8c1d18", title='<b onclick="x">')
    assert "<b " not in svg
    assert "&lt;b onclick=&quot;x&quot;&gt;" in svg


def test_asset_img_carries_the_same_svg_as_a_data_uri():
    img = asset_img("drones", "#0b6e4f", size=14, title="drones")
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', img).group(1)
    svg = base64.b64decode(data).decode("utf-8")
    assert svg == asset_svg("drones", "#0b6e4f", 14, "drones")
    assert 'width="14"' in img
    assert 'alt="drones"' in img


def test_legend_lists_every_holder_actor_and_kind_in_use(mini):
    data = legend(mini)
    assert [h[0] for h in data["holders"]] == [("GNA",), ("LNA",), ()]
    assert [a[0] for a in data["actors"]] == [("RUS",), ("TUR",)]
    assert data["asset_kinds"] == ["air-defence", "aircraft", "drones"]
