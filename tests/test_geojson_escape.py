from __future__ import annotations

import json

from geo.export.geojson import dumps, latlon, lonlat
from geo.present.escape import html_text, script_json


class _Site:
    lat = 32.4758  # asymmetric: a swap is visible
    lon = 11.8989


def test_axis_order_is_fixed_in_one_place():
    assert lonlat(_Site) == [11.8989, 32.4758]
    assert latlon(_Site) == [32.4758, 11.8989]


def test_dumps_is_stable_and_one_feature_per_line():
    features = [{"type": "Feature", "geometry": None, "properties": {"b": 1, "a": "é"}}]
    text = dumps(features, name="x")
    assert text == dumps(features, name="x")
    assert text.count("\n") == 3
    assert json.loads(text)["features"][0]["properties"] == {"a": "é", "b": 1}


def test_html_text_escapes_markup():
    assert html_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert html_text("\"quoted\" & 'single'") == "&quot;quoted&quot; &amp; &#x27;single&#x27;"
    assert html_text(None) == ""


def test_script_json_cannot_close_a_script_element():
    value = {"summary": "</script><script>alert(1)</script> <!-- \u2028"}
    text = script_json(value)
    assert "</" not in text
    assert "<!--" not in text
    assert "\u2028" not in text
    assert json.loads(text) == value
