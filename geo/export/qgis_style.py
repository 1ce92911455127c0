"""QGIS styles (QML) for the GeoPackage's layers: holder and actor colours, labels, time.

Each style colours the features by who holds the site (control) or who deployed (deployments,
range rings), labels them with the site's name, and switches on the layer's temporal
properties with start and end from fields (QGIS's mode 2; instant mode 1 for events) and its
default limit mode 0, "include start, exclude end": QGIS shows a feature on day t when
start <= t < end, an empty end being open. The XML is built with ElementTree, so names from
the data are escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from geo.core.model import Dataset

QGIS_VERSION = "3.22.0-Białowieża"
_UNKNOWN = "#8c8c8c"
#: Layer -> (attribute to colour by, or None for one colour; temporal start field; end field; label field).
LAYER_STYLES = {
    "sites": (None, "", "", "name"),
    "control": ("holder", "start", "end", "site_name"),
    "deployments": ("actor", "start", "end", "site_name"),
    "events": (None, "date", "", "site_name"),
    "range_rings": ("actor", "start", "end", ""),
}


def _rgba(colour: str, alpha: int = 255) -> str:
    colour = colour.lstrip("#")
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (0, 2, 4)) + f",{alpha}"


def _option(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "Option", type="QString", name=name, value=value)


def _symbol(parent: ET.Element, name: str, colour: str, polygon: bool) -> None:
    kind = "fill" if polygon else "marker"
    symbol = ET.SubElement(parent, "symbol", type=kind, name=name, alpha="1", clip_to_extent="1", force_rhr="0")
    layer = ET.SubElement(
        symbol, "layer", {"class": "SimpleFill" if polygon else "SimpleMarker", "enabled": "1", "locked": "0"}
    )
    layer.set("pass", "0")
    options = ET.SubElement(layer, "Option", type="Map")
    if polygon:
        _option(options, "color", _rgba(colour, 30))
        _option(options, "outline_color", _rgba(colour))
        _option(options, "outline_width", "0.4")
        _option(options, "style", "solid")
    else:
        _option(options, "color", _rgba(colour))
        _option(options, "name", "circle")
        _option(options, "size", "3.2")
        _option(options, "outline_color", "35,35,35,255")
        _option(options, "outline_width", "0.3")


def _renderer(root: ET.Element, dataset: Dataset, attribute: str | None, values: list[str], polygon: bool) -> None:
    if attribute is None:
        renderer = ET.SubElement(root, "renderer-v2", type="singleSymbol", symbollevels="0", forceraster="0")
        _symbol(ET.SubElement(renderer, "symbols"), "0", "#444444" if not polygon else _UNKNOWN, polygon)
        return
    renderer = ET.SubElement(
        root, "renderer-v2", type="categorizedSymbol", attr=attribute, symbollevels="0", forceraster="0"
    )
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for i, value in enumerate(values):
        actor = dataset.actors.get(value)
        label = actor.name if actor else value
        ET.SubElement(categories, "category", render="true", symbol=str(i), value=value, label=label)
        _symbol(symbols, str(i), actor.colour if actor else _UNKNOWN, polygon)


def _temporal(root: ET.Element, start: str, end: str) -> None:
    mode = "2" if end else "1"
    temporal = ET.SubElement(
        root,
        "temporal",
        enabled="1" if start else "0",
        mode=mode if start else "0",
        startField=start,
        endField=end,
        limitMode="0",
        accumulate="0",
        durationUnit="d",
        fixedDuration="0",
        durationField="",
        startExpression="",
        endExpression="",
    )
    fixed = ET.SubElement(temporal, "fixedRange")
    ET.SubElement(fixed, "start")
    ET.SubElement(fixed, "end")


def _labels(root: ET.Element, field: str) -> None:
    if not field:
        return
    labeling = ET.SubElement(root, "labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    style = ET.SubElement(
        settings, "text-style", fieldName=field, isExpression="0", fontSize="8", textColor="30,30,30,255"
    )
    ET.SubElement(style, "text-buffer", bufferDraw="1", bufferSize="0.8", bufferColor="255,255,255,255")
    ET.SubElement(settings, "placement", placement="1", dist="1.5")
    ET.SubElement(settings, "rendering", obstacle="1", drawLabels="1")


def layer_qml(dataset: Dataset, layer: str, values: list[str]) -> str:
    """The QML style of ``layer``; ``values`` are the holder or actor ids its features carry (one colour each)."""
    attribute, start, end, label = LAYER_STYLES[layer]
    polygon = layer == "range_rings"
    root = ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology|Labeling|Temporal")
    _temporal(root, start, end)
    _renderer(root, dataset, attribute, sorted(set(values)), polygon)
    _labels(root, label)
    ET.SubElement(root, "layerGeometryType").text = "2" if polygon else "0"
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"
