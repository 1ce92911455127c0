from __future__ import annotations

import base64
import gzip
import json
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.export import geojson
from geo.export.geojson import canonical_json, dumps, feature_bytes, latlon, lonlat
from geo.present.briefing import payload
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


def test_canonical_json_sorts_keys_keeps_characters_and_leaves_no_spaces():
    value = {"b": [1, {"d": None, "c": True}], "a": "é – ü"}
    assert canonical_json(value) == '{"a":"é – ü","b":[1,{"c":true,"d":null}]}'


def test_script_json_and_the_packed_briefing_data_are_the_canonical_json():
    value = {"z": "Sirte – Jufra", "a": [3, 1]}
    assert script_json(value) == canonical_json(value)  # nothing in it to escape
    assert gzip.decompress(base64.b64decode(payload.pack(value))).decode("utf-8") == canonical_json(value)


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


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(_json_values)
def test_feature_lines_are_the_bytes_json_writes(value):
    """orjson writes the layers; whatever the value, the bytes are those of json.dumps with sorted keys."""
    expected = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert feature_bytes(value) == expected


@pytest.mark.parametrize("number", [1e-05, -2.5e-07, 0.00001234, 5e-324, 1e16, 1.5e300, 2**64 + 1])
def test_numbers_orjson_writes_otherwise_go_through_json(number):
    feature = {"properties": {"count": number, "note": "e-1 0.00001"}}
    assert feature_bytes(feature) == json.dumps(feature, sort_keys=True, separators=(",", ":")).encode()


@settings(max_examples=300, deadline=None)
@given(st.lists(_json_values, max_size=6))
def test_a_layer_is_the_bytes_json_writes_line_by_line(values):
    """The layer writer searches the whole layer at once for what orjson writes otherwise; every line still
    comes out as json.dumps writes it, whichever lines hold such numbers."""
    assert dumps(iter(values)) == _layer_as_json_writes_it(values)


def _layer_as_json_writes_it(values) -> str:
    lines = [json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for v in values]
    head = json.dumps({"type": "FeatureCollection"}, sort_keys=True, ensure_ascii=False)[:-1]
    body = ",\n".join(lines)
    return f'{head}, "features": [\n{body}\n]}}\n' if lines else f'{head}, "features": []}}\n'


@settings(max_examples=300, deadline=None)
@given(st.lists(_json_values, max_size=6), st.integers(min_value=4, max_value=12))
def test_a_layer_searched_in_small_pieces_is_the_bytes_json_writes(values, chunk):
    """The search for what orjson writes otherwise goes a piece at a time (``geojson._CHUNK`` bytes); pieces of
    a few bytes put their edges inside numbers like ``1e-05``, and the layer still comes out as json writes it."""
    with mock.patch.object(geojson, "_CHUNK", chunk):
        written = dumps(iter(values))
    assert written == _layer_as_json_writes_it(values)


@pytest.mark.parametrize("chunk", [4, 5, 7])
def test_a_small_number_across_the_edge_of_a_piece_is_still_found(chunk):
    """Every place of ``2.5e-07`` against pieces of a few bytes: json's exponent (``e-07``) in every line."""
    values = [{"a": "x" * pad, "n": 2.5e-07} for pad in range(2 * chunk)]  # "a" goes first: the number moves
    with mock.patch.object(geojson, "_CHUNK", chunk):
        written = [dumps(iter([value])) for value in values]
    assert all('"n":2.5e-07' in text for text in written)
