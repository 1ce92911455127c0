"""A synthetic ``Dataset`` of any size, built in memory, for benchmarks.

``synthetic_dataset(n_observations, n_sites, seed)`` returns a ``geo.core.model.Dataset``
holding exactly ``n_observations`` dated records ("observations": control
periods, competing claims, deployments and events) spread over ``n_sites``
sites between 2011-01-01 and 2020-12-31. The same arguments give the same
dataset (``random.Random(seed)``, no clock, no global state).

The records keep the invariants the loader enforces, so every ``geo``
function accepts them:

* main control periods of a site follow one another without overlap (each
  ends on the day the next starts; the last is open);
* a competing claim (``disputes``) lies inside the main period it disputes;
* every end is after its start, every reference (site, actor, asset, source)
  exists, ids are unique;
* boundaries mix precisions (day, month, early/mid/late month) as real
  sources do, while staying strictly ordered by their earliest day.

Mix: 40 % control (a tenth of them claims), 30 % deployments, the rest events.
"""

from __future__ import annotations

import datetime as dt
import random

from geo.core.dates import FuzzyDate, parse_fuzzy_date
from geo.core.model import (
    ASSET_KINDS,
    EVENT_KINDS,
    Actor,
    Asset,
    Citation,
    Control,
    Dataset,
    Deployment,
    Event,
    Site,
    Source,
)

FIRST_DAY = dt.date(2011, 1, 1)
LAST_DAY = dt.date(2020, 12, 31)
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1

_FACTIONS = (
    ("GNA", "Government of National Accord", "libyan-faction", "GNA", "#1f77b4"),
    ("LNA", "Libyan National Army", "libyan-faction", "LNA", "#d62728"),
    ("CONTESTED", "Contested", "pseudo", "contested", "#ff7f0e"),
)
_FOREIGN = (
    ("RUS", "Russia", "state", "LNA", "#8c1d18"),
    ("WAGNER", "Wagner Group", "proxy", "LNA", "#5b0f0a"),
    ("EGY", "Egypt", "state", "LNA", "#bcbd22"),
    ("UAE", "United Arab Emirates", "state", "LNA", "#c49c94"),
    ("TUR", "Turkey", "state", "GNA", "#0b6e4f"),
)
_BACKING = {"LNA": "LNA", "GNA": "GNA"}
#: (precision, weight); boundaries fall back to "day" when a coarser one would break the order.
_PRECISIONS = (("day", 80), ("month", 8), ("part-month", 12))
_CONFIDENCES = (("confirmed", 40), ("reported", 35), ("claimed", 15), ("alleged", 10))
_N_SOURCES = 6
_WORDS = (
    "forces",
    "convoy",
    "airstrip",
    "officials",
    "satellite",
    "imagery",
    "according",
    "witnesses",
    "reported",
    "positions",
    "southern",
    "coastal",
    "advance",
    "withdrawal",
    "supplies",
    "local",
)


def synthetic_dataset(n_observations: int, n_sites: int = 50, seed: int = 0) -> Dataset:
    """A valid dataset with exactly ``n_observations`` dated records over ``n_sites`` sites."""
    if n_observations < 0 or n_sites < 1:
        raise ValueError(f"need n_observations >= 0 and n_sites >= 1, got {n_observations}, {n_sites}")
    rng = random.Random(seed)
    n_control = n_observations * 2 // 5
    n_claims = n_control // 10
    n_main = n_control - n_claims
    n_deployments = n_observations * 3 // 10
    n_events = n_observations - n_control - n_deployments
    if n_main > n_sites * (N_DAYS - 1):
        raise ValueError(f"{n_main} control periods do not fit {n_sites} sites over {N_DAYS} days")

    sources = {s.id: s for s in _sources()}
    actors = {a.id: a for a in (Actor(*row) for row in _FACTIONS + _FOREIGN)}
    assets = {a.id: a for a in _assets()}
    sites = {s.id: s for s in _sites(rng, n_sites)}
    site_ids = sorted(sites)
    main = _main_control(rng, site_ids, n_main)
    return Dataset(
        sources=sources,
        actors=actors,
        sites=sites,
        assets=assets,
        control=tuple(sorted(main + _claims(rng, main, n_claims), key=lambda r: r.id)),
        deployments=tuple(_deployment(rng, i, site_ids, sites) for i in range(n_deployments)),
        events=tuple(_event(rng, i, site_ids, sites) for i in range(n_events)),
    )


def _sources() -> list[Source]:
    published = parse_fuzzy_date("2021-01", "month")
    return [
        Source(
            f"syn-src-{i}",
            f"Synthetic report {i}",
            "A. Author",
            "Synthetic Press",
            published,
            f"https://example.org/report-{i}",
            "report",
        )
        for i in range(_N_SOURCES)
    ]


def _assets() -> list[Asset]:
    out = []
    for kind in ASSET_KINDS:
        range_km = 40.0 if kind == "air-defence" else None
        citation = Citation("syn-src-0", "annex A") if range_km else None
        out.append(Asset(f"syn-{kind}", f"Synthetic {kind.replace('-', ' ')}", kind, range_km, citation))
    return out


def _sites(rng: random.Random, n: int) -> list[Site]:
    out = []
    for i in range(n):
        lat, lon = round(rng.uniform(25.0, 32.5), 4), round(rng.uniform(10.0, 24.5), 4)
        out.append(
            Site(
                f"site-{i:04d}",
                f"Site {i:04d}",
                "city",
                "key" if i % 4 == 0 else "context",
                lat,
                lon,
                3.0,
                f"Region {i % 7}",
                "LY",
                (f"S{i}",),
                Citation("syn-src-0", f"gazetteer entry {i}"),
            )
        )
    return out


def _citations(rng: random.Random) -> tuple[Citation, ...]:
    source = f"syn-src-{rng.randrange(_N_SOURCES)}"
    attributed = rng.choice(("", "", "officials", "an analyst", "a UN panel"))
    return (Citation(source, f"p. {rng.randint(1, 300)}", attributed),)


def _summary(rng: random.Random, head: str) -> str:
    return f"{head}: " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16))) + "."


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted)
    return rng.choices(values, weights)[0]


def _day(offset: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=offset)


def _fuzzy(rng: random.Random, day: dt.date, after: dt.date | None = None) -> FuzzyDate:
    """A date covering ``day`` at a random precision; plain ``day`` if a coarser one would not fall after ``after``."""
    precision = _pick(rng, _PRECISIONS)
    if precision == "part-month":
        precision = "early-month" if day.day <= 10 else "mid-month" if day.day <= 20 else "late-month"
    fuzzy = parse_fuzzy_date(day.isoformat() if precision == "day" else day.strftime("%Y-%m"), precision)
    if after is not None and fuzzy.earliest <= after:
        return parse_fuzzy_date(day.isoformat(), "day")
    return fuzzy


def _main_control(rng: random.Random, site_ids: list[str], n_main: int) -> list[Control]:
    out = []
    per_site = [n_main // len(site_ids) + (i < n_main % len(site_ids)) for i in range(len(site_ids))]
    for site_id, k in zip(site_ids, per_site):
        if not k:
            continue
        offsets = sorted(rng.sample(range(N_DAYS - 1), k))
        starts: list[FuzzyDate] = []
        for offset in offsets:
            starts.append(_fuzzy(rng, _day(offset), starts[-1].earliest if starts else None))
        holder = None
        for j, start in enumerate(starts):
            holder = rng.choice([h for h in ("GNA", "LNA", "CONTESTED") if h != holder])
            end = starts[j + 1] if j + 1 < k else None
            record_id = f"c-{site_id}-{j:04d}"
            out.append(
                Control(
                    record_id,
                    site_id,
                    holder,
                    start,
                    end,
                    _pick(rng, _CONFIDENCES),
                    _citations(rng),
                    _summary(rng, f"{holder} held {site_id}"),
                )
            )
    return out


def _claims(rng: random.Random, main: list[Control], n_claims: int) -> list[Control]:
    out = []
    for i, target in enumerate(rng.sample(main, n_claims) if n_claims else []):
        first = target.start.earliest
        last = target.end.earliest if target.end else LAST_DAY
        start_day = first + dt.timedelta(days=rng.randrange((last - first).days))
        end_day = min(start_day + dt.timedelta(days=rng.randint(1, 60)), last)
        start, end = parse_fuzzy_date(start_day.isoformat(), "day"), parse_fuzzy_date(end_day.isoformat(), "day")
        holder = rng.choice([h for h in ("GNA", "LNA") if h != target.holder])
        out.append(
            Control(
                f"claim-{i:05d}",
                target.site_id,
                holder,
                start,
                end,
                rng.choice(("claimed", "alleged")),
                _citations(rng),
                _summary(rng, f"{holder} claimed {target.site_id}"),
                disputes=target.id,
            )
        )
    return out


def _count(rng: random.Random) -> tuple[float | None, str, str]:
    if rng.random() < 0.3:
        return None, "", rng.choice(("", "hundreds", "several"))
    return float(rng.randint(1, 400)), "units", rng.choice(("", "", "about", "at least"))


def _deployment(rng: random.Random, i: int, site_ids: list[str], sites: dict[str, Site]) -> Deployment:
    actor, _, _, side, _ = rng.choice(_FOREIGN)
    start_offset = rng.randrange(N_DAYS - 1)
    start = _fuzzy(rng, _day(start_offset))
    end = None
    if rng.random() < 0.8:
        end_day = _day(min(start_offset + rng.randint(30, 900), N_DAYS - 1))
        end = _fuzzy(rng, end_day, start.earliest)
    site_id = rng.choice(site_ids)
    kind = rng.choice(ASSET_KINDS)
    count, unit, note = _count(rng)
    return Deployment(
        f"d-{i:05d}",
        site_id,
        actor,
        _BACKING[side],
        f"syn-{kind}",
        count,
        unit,
        note,
        start,
        end,
        _pick(rng, _CONFIDENCES),
        _citations(rng),
        _summary(rng, f"{actor} {kind} at {sites[site_id].name}"),
    )


def _event(rng: random.Random, i: int, site_ids: list[str], sites: dict[str, Site]) -> Event:
    site_id = rng.choice(site_ids) if rng.random() < 0.8 else ""
    actors = tuple(sorted({rng.choice(_FOREIGN)[0], rng.choice(("GNA", "LNA"))}))
    kind = rng.choice(EVENT_KINDS)
    count, unit, note = _count(rng) if rng.random() < 0.3 else (None, "", "")
    where = sites[site_id].name if site_id else "Libya"
    return Event(
        f"e-{i:05d}",
        _fuzzy(rng, _day(rng.randrange(N_DAYS))),
        site_id,
        kind,
        actors,
        count,
        unit,
        note,
        _pick(rng, _CONFIDENCES),
        _citations(rng),
        _summary(rng, f"{kind} in {where}"),
    )


def _fuzzy_cells(value: FuzzyDate | None) -> tuple[str, str]:
    return (value.text, value.precision) if value else ("", "")


def _number_cell(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _dated_cells(record) -> dict[str, str]:
    first = record.citations[0]
    return {
        "confidence": record.confidence,
        "source": first.source,
        "locator": first.locator,
        "attributed_to": first.attributed_to,
        "disputes": record.disputes,
        "supersedes": record.supersedes,
        "summary": record.summary,
    }


def write_seeds(dataset: Dataset, directory) -> None:
    """The dataset as seed CSVs in ``directory``, read back by ``geo.core.load.read_dataset``."""
    import csv
    from pathlib import Path

    from geo.core.load import COLUMNS

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for s in dataset.sources.values():
        published, precision = _fuzzy_cells(s.published)
        tables["sources"].append(
            {"id": s.id, "title": s.title, "author": s.author, "publisher": s.publisher, "published": published,
             "published_precision": precision, "url": s.url, "kind": s.kind, "note": s.note}
        )  # fmt: skip
    for a in dataset.actors.values():
        tables["actors"].append(
            {"id": a.id, "name": a.name, "kind": a.kind, "side": a.side, "colour": a.colour, "note": a.note}
        )
    for s in dataset.sites.values():
        tables["sites"].append(
            {"id": s.id, "name": s.name, "kind": s.kind, "role": s.role, "lat": s.lat, "lon": s.lon,
             "precision_km": _number_cell(s.precision_km), "region": s.region, "country": s.country,
             "aliases": ";".join(s.aliases), "coord_source": s.coord_citation.source,
             "coord_locator": s.coord_citation.locator, "icao": s.icao, "note": s.note}
        )  # fmt: skip
    for a in dataset.assets.values():
        cited = a.range_citation
        tables["assets"].append(
            {"id": a.id, "name": a.name, "kind": a.kind, "range_km": _number_cell(a.range_km),
             "range_source": cited.source if cited else "", "range_locator": cited.locator if cited else "",
             "note": a.note}
        )  # fmt: skip
    for r in dataset.control:
        start, start_p = _fuzzy_cells(r.start)
        end, end_p = _fuzzy_cells(r.end)
        tables["control"].append(
            {"id": r.id, "site_id": r.site_id, "holder": r.holder, "start": start, "start_precision": start_p,
             "end": end, "end_precision": end_p, **_dated_cells(r)}
        )  # fmt: skip
    for r in dataset.deployments:
        start, start_p = _fuzzy_cells(r.start)
        end, end_p = _fuzzy_cells(r.end)
        tables["deployments"].append(
            {"id": r.id, "site_id": r.site_id, "actor": r.actor, "backing": r.backing, "asset": r.asset,
             "count": _number_cell(r.count), "unit": r.unit, "count_note": r.count_note, "start": start,
             "start_precision": start_p, "end": end, "end_precision": end_p, **_dated_cells(r)}
        )  # fmt: skip
    for r in dataset.events:
        day, precision = _fuzzy_cells(r.date)
        tables["events"].append(
            {"id": r.id, "date": day, "date_precision": precision, "site_id": r.site_id, "kind": r.event_kind,
             "actors": ";".join(r.actors), "count": _number_cell(r.count), "unit": r.unit,
             "count_note": r.count_note, **_dated_cells(r)}
        )  # fmt: skip
    for record in dataset.records():
        for c in record.citations[1:]:
            tables["citations"].append(
                {"record_id": record.id, "source": c.source, "locator": c.locator, "attributed_to": c.attributed_to}
            )
    for name, columns in COLUMNS.items():
        with open(directory / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[name])
