"""KML and KMZ for Google Earth: a folder per layer, a TimeSpan on every dated Placemark, holder colours.

Times: a control period or deployment is a ``<TimeSpan>`` from ``start`` (midnight UTC of its
earliest day) to ``end`` (midnight of the end's earliest day, the first day it no longer holds);
an open end has no ``<end>``, so it runs on in Google Earth's time slider. An event spans the
days its date may denote: from its earliest day to the midnight after its latest; an event with
no site is a Placemark with a time and no geometry. Sites have no time. Styles: one per holder
or actor, its colour from ``actors.csv``.

Escaping: names are escaped for XML here (simplekml's own escaping lets a CDATA section
through). Descriptions are HTML in KML, so each line of text from the data is HTML-escaped and
the result escaped for XML: Google Earth shows ``<b>`` in a summary as those three characters.
The same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import threading
import zipfile
from xml.sax.saxutils import escape as xml_escape

import simplekml
from simplekml.base import Kmlable

from geo.core.model import Dataset
from geo.core.text import actor_name, deployment_text, source_text
from geo.export.layers import layer_features

ICON = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
_UNKNOWN = "#8c8c8c"
_LOCK = threading.Lock()
#: Fixed zip entry time, so a KMZ is byte-for-byte reproducible.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def instant(day: dt.date) -> str:
    """Midnight UTC of ``day`` as a KML dateTime."""
    return f"{day.isoformat()}T00:00:00Z"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text as XML character data: ``&``, ``<`` and ``>`` escaped, characters XML forbids dropped."""
    return xml_escape(_NOT_XML.sub("", text))


def description(lines: list[str]) -> str:
    """A KML description, ready for the XML: each line of plain text HTML-escaped, joined by ``<br>``."""
    return xml_text("<br>".join(html.escape(line, quote=True) for line in lines if line))


def _kml_colour(colour: str) -> str:
    """'#1f77b4' as KML's aabbggrr."""
    colour = colour.lstrip("#")
    return f"ff{colour[4:6]}{colour[2:4]}{colour[0:2]}".lower()


class _Styles:
    """One shared style per colour key (an actor id), created on first use."""

    def __init__(self, document: simplekml.Kml, dataset: Dataset):
        self.document = document
        self.dataset = dataset
        self.styles: dict[str, simplekml.Style] = {}

    def __call__(self, actor_id: str | None, polygon: bool = False) -> simplekml.Style:
        key = f"{actor_id or 'none'}{'-ring' if polygon else ''}"
        if key not in self.styles:
            actor = self.dataset.actors.get(actor_id or "")
            colour = _kml_colour(actor.colour if actor else _UNKNOWN)
            style = simplekml.Style()
            if polygon:
                style.linestyle.color = colour
                style.linestyle.width = 1.5
                style.polystyle.color = "30" + colour[2:]
            else:
                style.iconstyle.color = colour
                style.iconstyle.scale = 0.9
                style.iconstyle.icon.href = ICON
                style.labelstyle.scale = 0.7
            self.styles[key] = style
        return self.styles[key]


def _span(placemark, begin: dt.date, end: dt.date | None) -> None:
    placemark.timespan.begin = instant(begin)
    if end is not None:
        placemark.timespan.end = instant(end)


def _point(folder, name: str, geometry: dict, style) -> simplekml.Point:
    lon, lat = geometry["coordinates"]
    placemark = folder.newpoint(name=xml_text(name), coords=[(lon, lat)])
    placemark.style = style
    return placemark


def _sites(folder, dataset: Dataset, features: list[dict], style) -> None:
    for feature in features:
        site = dataset.sites[feature["id"]]
        placemark = _point(folder, site.name, feature["geometry"], style(None))
        placemark.description = description(
            [f"{site.kind}, {site.region}, {site.country}", f"position within {site.precision_km:g} km", site.id]
        )


def _claims(folder, dataset: Dataset, records, style) -> None:
    for record in records:
        site = dataset.sites[record.site_id]
        who = record.holder if record.kind == "control" else record.actor
        what = (
            f"held by {actor_name(dataset, record.holder)}"
            if record.kind == "control"
            else deployment_text(dataset, record)
        )
        lon, lat = site.lon, site.lat
        placemark = folder.newpoint(name=xml_text(f"{site.name}: {actor_name(dataset, who)}"), coords=[(lon, lat)])
        placemark.style = style(who)
        _span(placemark, record.start.earliest, record.end.earliest if record.end else None)
        until = f" to {record.end.label()}" if record.end else " (open: still so at the last report)"
        placemark.description = description(
            [
                f"{site.name}: {what}",
                f"from {record.start.label()} ({record.start.precision}){until}",
                f"confidence: {record.confidence}",
                record.summary,
                f"sources: {source_text(dataset, record)}",
                f"{record.kind} {record.id}",
            ]
        )


def _events(folder, dataset: Dataset, style) -> None:
    for record in sorted(dataset.events, key=lambda e: e.id):
        site = dataset.sites.get(record.site_id) if record.site_id else None
        actors = ", ".join(actor_name(dataset, a) for a in record.actors)
        name = f"{record.date.label()}: {record.event_kind} ({actors})"
        if site is not None:
            placemark = folder.newpoint(name=xml_text(name), coords=[(site.lon, site.lat)])
        else:
            placemark = folder.newpoint(name=xml_text(name))
            placemark.placemark.geometry = None  # an event with no site: a Placemark with time but no place
        placemark.style = style(record.actors[0] if record.actors else None)
        _span(placemark, record.date.earliest, record.date.latest + dt.timedelta(days=1))
        place = site.name if site else "national or abroad (no site)"
        placemark.description = description(
            [
                f"{place}: {record.event_kind} ({actors})",
                f"date: {record.date.label()} ({record.date.precision})",
                f"confidence: {record.confidence}",
                record.summary,
                f"sources: {source_text(dataset, record)}",
                f"event {record.id}",
            ]
        )


def _rings(folder, _dataset: Dataset, features: list[dict], style) -> None:
    for feature in features:
        props = feature["properties"]
        ring = feature["geometry"]["coordinates"][0]
        polygon = folder.newpolygon(
            name=xml_text(f"{props['site_name']}: {props['asset_name']} range ({props['range_km']:g} km)"),
            outerboundaryis=[tuple(p) for p in ring],
        )
        polygon.style = style(props["actor"], polygon=True)
        end = dt.date.fromisoformat(props["end"]) if props["end"] else None
        _span(polygon, dt.date.fromisoformat(props["start"]), end)
        polygon.description = description([props["summary"], f"deployment {props['deployment_id']}"])


def dataset_kml(dataset: Dataset, name: str = "Libya: sites, control and foreign deployments") -> str:
    """The KML document as text: folders Sites, Control, Deployments, Events, Range rings."""
    features = layer_features(dataset)
    with _LOCK:
        Kmlable._globalid = 0  # simplekml numbers its ids from a global counter: start it afresh
        document = simplekml.Kml(name=xml_text(name))
        document.parsetext(False)  # names and descriptions are escaped here, CDATA markers included
        style = _Styles(document, dataset)
        _sites(document.newfolder(name="Sites"), dataset, features["sites"], style)
        _claims(document.newfolder(name="Control"), dataset, dataset.control, style)
        _claims(document.newfolder(name="Deployments"), dataset, dataset.deployments, style)
        _events(document.newfolder(name="Events"), dataset, style)
        _rings(document.newfolder(name="Range rings"), dataset, features["range_rings"], style)
        return document.kml(format=True)


def dataset_kmz(dataset: Dataset) -> bytes:
    """The KML zipped as ``doc.kml``, the way Google Earth opens a KMZ."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("doc.kml", date_time=_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, dataset_kml(dataset).encode("utf-8"))
    return buffer.getvalue()
