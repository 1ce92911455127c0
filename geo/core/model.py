"""The records kept in ``seeds/`` and the vocabularies they draw on.

Every dated record (control, deployment, event) names its source and where in
it the fact stands; the schema makes that provenance required. Records are
immutable; a correction is a new record whose ``supersedes`` names the old one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from geo.core.dates import FuzzyDate

if TYPE_CHECKING:
    from geo.core.timeindex import TimeIndex

#: Where the dashboard and briefings begin by default: the year of the 2011 uprising. Where they end
#: is not a constant: it is the data's horizon (``Dataset.horizon``), so a new record extends the period.
SCOPE_START = dt.date(2011, 1, 1)
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
    """Where a source states a fact, and who it attributes it to."""

    source: str
    locator: str
    attributed_to: str = ""


@dataclass(frozen=True)
class Source:
    """A published document the record cites."""

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
    """A side, state, armed group or company, with its map colour."""

    id: str
    name: str
    kind: str
    side: str
    colour: str
    note: str = ""


@dataclass(frozen=True)
class Site:
    """A place on the map: a key site or a context place."""

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
    icao: str = ""
    note: str = ""


@dataclass(frozen=True)
class Asset:
    """A kind of deployed force or equipment (jets, air defence, mercenaries)."""

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


#: Every dated record: what the time slider moves through.
Record = Control | Deployment | Event


@dataclass(frozen=True)
class ArmsImport:
    """One country's arms imports and the Soviet or Russian share of them."""

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
    superseded: tuple[Record, ...] = ()

    @cached_property
    def time_index(self) -> TimeIndex:
        """The arrays behind ``snapshot``; built once per dataset."""
        from geo.core.timeindex import TimeIndex

        return TimeIndex.build(self)

    def records(self) -> tuple[Record, ...]:
        return self.control + self.deployments + self.events

    @cached_property
    def records_by_id(self) -> dict[str, Record]:
        """Every record of ``records`` by its id (the first, should two share one)."""
        return {r.id: r for r in reversed(self.records())}

    def period(self) -> tuple[FuzzyDate, FuzzyDate]:
        """The first and last dates the dated records mention."""
        dates = [r.start for r in self.control + self.deployments]
        dates += [r.end for r in self.control + self.deployments if r.end]
        dates += [e.date for e in self.events]
        return min(dates), max(dates, key=lambda d: d.latest)

    def last_reported(self, record: Record) -> dt.date:
        """The latest day a source supports ``record``: its newest citing source's publication, or its own date.

        For an open-ended record this is what "still so at the last report" means: the map carries
        the record forward from this day on, it does not know it.
        """
        own = record.date if isinstance(record, Event) else (record.end or record.start)
        days = [own.earliest]
        for citation in record.citations:
            source = self.sources.get(citation.source)
            if source is not None and source.published is not None:
                days.append(source.published.earliest)
        return max(days)

    @cached_property
    def controlled_sites(self) -> frozenset[str]:
        """Sites with at least one control record; the others are context places whose holder is not tracked."""
        return frozenset(c.site_id for c in self.control)

    @cached_property
    def horizon(self) -> dt.date:
        """The latest day any record reaches: a start, an end, an event or the last report of an open record."""
        days = [r.start.earliest for r in self.control + self.deployments]
        days += [r.end.earliest for r in self.control + self.deployments if r.end]
        days += [e.date.earliest for e in self.events]
        days += [self.last_reported(r) for r in self.control + self.deployments if r.end is None]
        return max(days)

    def study_period(self) -> tuple[dt.date, dt.date]:
        """The default period of the dashboard and briefings: ``SCOPE_START`` (or the first record, if later)
        to the horizon. Data that lie wholly before ``SCOPE_START`` span their own first day to their horizon.
        """
        first = self.period()[0].earliest
        if self.horizon < SCOPE_START:
            return first, self.horizon
        return max(first, SCOPE_START), self.horizon
