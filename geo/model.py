"""The records kept in ``seeds/`` and the vocabularies they draw on.

Every dated record (control, deployment, event) names its source and where in
it the fact stands; the schema makes that provenance required. Records are
immutable; a correction is a new record whose ``supersedes`` names the old one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from geo.dates import FuzzyDate

#: The years the dashboard and briefings cover by default: from the 2011 uprising to the end of 2020.
STUDY_PERIOD = (dt.date(2011, 1, 1), dt.date(2020, 12, 31))
#: Confidence, strongest first. A filter "at least reported" keeps the first two.
CONFIDENCES = ("confirmed", "reported", "claimed", "alleged")
#: Hedged confidences are drawn differently from confirmed ones.
HEDGED = frozenset(CONFIDENCES[1:])
SIDES = ("GNA", "LNA", "other", "contested")
SITE_KINDS = ("city", "air base", "oil field", "airport", "port", "region")
SITE_ROLES = ("key", "context")
ACTOR_KINDS = ("libyan-faction", "state", "proxy", "company", "organisation", "pseudo")
ASSET_KINDS = (
    "aircraft",
    "air-defence",
    "mercenaries",
    "drones",
    "cargo-flights",
    "money",
    "weapons",
    "advisers",
)
EVENT_KINDS = (
    "meeting",
    "agreement",
    "seizure",
    "capture",
    "statement",
    "offensive",
    "delivery",
    "withdrawal",
    "ceasefire",
    "strike",
    "blockade",
    "restart",
)


def confidence_rank(confidence: str) -> int:
    """Higher is stronger: confirmed=4 ... alleged=1."""
    return len(CONFIDENCES) - CONFIDENCES.index(confidence)


@dataclass(frozen=True)
class Citation:
    source: str
    locator: str
    attributed_to: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    publisher: str
    published: FuzzyDate | None
    url: str
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    side: str
    colour: str
    note: str = ""


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    kind: str
    role: str
    lat: float
    lon: float
    precision_km: float
    region: str
    country: str
    aliases: tuple[str, ...]
    coord_citation: Citation
    note: str = ""


@dataclass(frozen=True)
class Asset:
    id: str
    name: str
    kind: str
    range_km: float | None
    range_citation: Citation | None
    note: str = ""


@dataclass(frozen=True)
class Control:
    """``holder`` held ``site_id`` over [start, end); ``end`` None is open."""

    id: str
    site_id: str
    holder: str
    start: FuzzyDate
    end: FuzzyDate | None
    confidence: str
    citations: tuple[Citation, ...]
    summary: str
    disputes: str = ""
    supersedes: str = ""

    kind = "control"


@dataclass(frozen=True)
class Deployment:
    """``actor`` had ``asset`` at ``site_id`` over [start, end), ``count`` of ``unit``."""

    id: str
    site_id: str
    actor: str
    backing: str
    asset: str
    count: float | None
    unit: str
    count_note: str
    start: FuzzyDate
    end: FuzzyDate | None
    confidence: str
    citations: tuple[Citation, ...]
    summary: str
    disputes: str = ""
    supersedes: str = ""

    kind = "deployment"


@dataclass(frozen=True)
class Event:
    """A dated happening; ``site_id`` empty for national or foreign events."""

    id: str
    date: FuzzyDate
    site_id: str
    event_kind: str
    actors: tuple[str, ...]
    count: float | None
    unit: str
    count_note: str
    confidence: str
    citations: tuple[Citation, ...]
    summary: str
    disputes: str = ""
    supersedes: str = ""

    kind = "event"


@dataclass(frozen=True)
class ArmsImport:
    country: str
    total_musd: float
    ussr_musd: float
    soviet_share_pct: float
    citation: Citation


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from ``seeds/``; superseded records are left out of the lists."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    control: tuple[Control, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    events: tuple[Event, ...] = ()
    arms_imports: tuple[ArmsImport, ...] = ()
    superseded: tuple[Control | Deployment | Event, ...] = ()

    @cached_property
    def time_index(self):
        """The arrays behind ``snapshot``; built once per dataset."""
        from geo.timeindex import TimeIndex

        return TimeIndex.build(self)

    def records(self) -> tuple[Control | Deployment | Event, ...]:
        return self.control + self.deployments + self.events

    def period(self) -> tuple[FuzzyDate, FuzzyDate]:
        """The first and last dates the dated records mention."""
        dates = [r.start for r in self.control + self.deployments]
        dates += [r.end for r in self.control + self.deployments if r.end]
        dates += [e.date for e in self.events]
        return min(dates), max(dates, key=lambda d: d.latest)
