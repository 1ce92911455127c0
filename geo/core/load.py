"""Load ``seeds/`` into a ``Dataset``, reporting every problem and keeping every good row.

``load_dataset(seeds)`` raises ``ValidationError`` listing all problems;
``read_dataset(paths)`` returns ``(dataset, problems)`` so an interface can
show the problems and go on with the good records.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from geo.core import model as m
from geo.core.checks import check_references
from geo.core.problems import Problem, ValidationError
from geo.core.regions import outside_country
from geo.core.rows import RowReader, read_csv


def _shipped_seeds() -> Path:
    """``seeds/`` beside the package in a checkout, or the copy installed inside it."""
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "seeds"
    return checkout if (checkout / "sites.csv").is_file() else package / "seeds"


SEEDS = _shipped_seeds()

_DATED = ("confidence", "source", "locator", "attributed_to", "disputes", "supersedes", "summary")
COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "title", "author", "publisher", "published", "published_precision", "url", "kind", "note"),
    "actors": ("id", "name", "kind", "side", "colour", "note"),
    "sites": (
        "id",
        "name",
        "kind",
        "role",
        "lat",
        "lon",
        "precision_km",
        "region",
        "country",
        "aliases",
        "coord_source",
        "coord_locator",
        "icao",
        "note",
    ),
    "assets": ("id", "name", "kind", "range_km", "range_source", "range_locator", "note"),
    "control": ("id", "site_id", "holder", "start", "start_precision", "end", "end_precision") + _DATED,
    "deployments": (
        "id",
        "site_id",
        "actor",
        "backing",
        "asset",
        "count",
        "unit",
        "count_note",
        "start",
        "start_precision",
        "end",
        "end_precision",
    )
    + _DATED,
    "events": ("id", "date", "date_precision", "site_id", "kind", "actors", "count", "unit", "count_note") + _DATED,
    "citations": ("record_id", "source", "locator", "attributed_to", "note"),
    "arms_imports": ("country", "total_musd", "ussr_musd", "soviet_share_pct", "source", "locator"),
}
TABLES = tuple(COLUMNS)


def seeds_paths(directory: Path = SEEDS) -> dict[str, Path]:
    """The CSV file of every table in a seeds directory."""
    return {table: Path(directory) / f"{table}.csv" for table in TABLES}


def load_dataset(directory: Path = SEEDS) -> m.Dataset:
    """The dataset in ``directory``; raises ``ValidationError`` with every problem."""
    dataset, problems = read_dataset(seeds_paths(directory))
    if problems:
        raise ValidationError(problems)
    return dataset


def read_dataset(paths: dict[str, Path]) -> tuple[m.Dataset, list[Problem]]:
    """Parse each table, check references across tables, keep the good rows."""
    problems: list[Problem] = []
    rows = {table: read_csv(Path(paths[table]), COLUMNS[table], problems) for table in TABLES}
    parsed = {table: _parse_rows(table, rows[table]) for table in TABLES}
    good = check_references(parsed)
    return _assemble(good), sorted(problems)


def _parse_rows(table: str, rows: list[RowReader]) -> list[tuple[RowReader, object]]:
    parse = _PARSERS[table]
    out = []
    for row in rows:
        out.append((row, parse(row)))
    return out


def _citation(row: RowReader, source="source", locator="locator", attributed="attributed_to") -> m.Citation:
    return m.Citation(row.text(source), row.text(locator), row.text(attributed, required=False))


def _source(row: RowReader) -> m.Source:
    return m.Source(
        id=row.ident(),
        title=row.text("title"),
        author=row.text("author", required=False),
        publisher=row.text("publisher"),
        published=row.fuzzy_date("published", "published_precision", required=False),
        url=row.text("url", required=False),
        kind=row.text("kind"),
        note=row.text("note", required=False),
    )


def _actor(row: RowReader) -> m.Actor:
    return m.Actor(
        id=row.ident(),
        name=row.text("name"),
        kind=row.choice("kind", m.ACTOR_KINDS),
        side=row.choice("side", m.SIDES),
        colour=row.colour("colour"),
        note=row.text("note", required=False),
    )


def _site(row: RowReader) -> m.Site:
    lat = row.number("lat", low=-90, high=90)
    lon = row.number("lon", low=-180, high=180)
    country = row.text("country")
    if lat is not None and lon is not None and country:
        message = outside_country(lat, lon, country)
        if message:
            row.problem("lat", message)
    return m.Site(
        id=row.ident(),
        name=row.text("name"),
        kind=row.choice("kind", m.SITE_KINDS),
        role=row.choice("role", m.SITE_ROLES),
        lat=lat,
        lon=lon,
        precision_km=row.number("precision_km", low=0, high=1000),
        region=row.text("region"),
        country=country,
        aliases=row.items("aliases"),
        coord_citation=_citation(row, "coord_source", "coord_locator", "-"),
        icao=_icao(row),
        note=row.text("note", required=False),
    )


def _icao(row: RowReader) -> str:
    """The airfield's key in the ICAO table of ``airportsdata`` (four letters or digits), or ''."""
    value = row.text("icao", required=False).upper()
    if value and not (len(value) == 4 and value.isalnum()):
        row.problem("icao", f"{value!r} is not a four-character ICAO code like HLLB")
    return value


def _asset(row: RowReader) -> m.Asset:
    range_km = row.number("range_km", required=False, low=0, high=20000)
    citation = None
    if range_km is not None:
        citation = m.Citation(row.text("range_source"), row.text("range_locator"))
    return m.Asset(
        id=row.ident(),
        name=row.text("name"),
        kind=row.choice("kind", m.ASSET_KINDS),
        range_km=range_km,
        range_citation=citation,
        note=row.text("note", required=False),
    )


def _period(row: RowReader):
    start = row.fuzzy_date("start", "start_precision")
    end = row.fuzzy_date("end", "end_precision", required=False)
    if start and end and end.earliest <= start.earliest:
        row.problem("end", f"end {end.text} is not after start {start.text}")
    return start, end


def _dated(row: RowReader) -> dict:
    return {
        "confidence": row.choice("confidence", m.CONFIDENCES),
        "citations": (_citation(row),),
        "summary": row.text("summary"),
        "disputes": row.text("disputes", required=False),
        "supersedes": row.text("supersedes", required=False),
    }


def _control(row: RowReader) -> m.Control:
    start, end = _period(row)
    return m.Control(
        id=row.ident(),
        site_id=row.text("site_id"),
        holder=row.text("holder"),
        start=start,
        end=end,
        **_dated(row),
    )


def _count(row: RowReader) -> dict:
    count = row.number("count", required=False, low=0, high=1e15)
    return {
        "count": count,
        "unit": row.text("unit", required=count is not None),
        "count_note": row.text("count_note", required=False),
    }


def _deployment(row: RowReader) -> m.Deployment:
    start, end = _period(row)
    return m.Deployment(
        id=row.ident(),
        site_id=row.text("site_id"),
        actor=row.text("actor"),
        backing=row.text("backing", required=False),
        asset=row.text("asset"),
        start=start,
        end=end,
        **_count(row),
        **_dated(row),
    )


def _event(row: RowReader) -> m.Event:
    return m.Event(
        id=row.ident(),
        # A row whose date has a problem is dropped before its record is used.
        date=row.fuzzy_date("date", "date_precision"),  # type: ignore[arg-type]
        site_id=row.text("site_id", required=False),
        event_kind=row.choice("kind", m.EVENT_KINDS),
        actors=row.items("actors", required=True),
        **_count(row),
        **_dated(row),
    )


def _citation_row(row: RowReader) -> tuple[str, m.Citation]:
    return row.text("record_id"), _citation(row)


def _arms_import(row: RowReader) -> m.ArmsImport:
    total = row.number("total_musd", low=0, high=1e6)
    ussr = row.number("ussr_musd", low=0, high=1e6)
    share = row.number("soviet_share_pct", low=0, high=100)
    if total and ussr is not None and share is not None and abs(100 * ussr / total - share) > 0.15:
        row.problem("soviet_share_pct", f"{share:g}% does not match {ussr:g} of {total:g} ({100 * ussr / total:.1f}%)")
    if total is not None and ussr is not None and ussr > total:
        row.problem("ussr_musd", f"{ussr:g} exceeds the total {total:g}")
    return m.ArmsImport(row.text("country"), total, ussr, share, _citation(row, attributed="-"))


_PARSERS = {
    "sources": _source,
    "actors": _actor,
    "sites": _site,
    "assets": _asset,
    "control": _control,
    "deployments": _deployment,
    "events": _event,
    "citations": _citation_row,
    "arms_imports": _arms_import,
}


def _assemble(good: dict[str, list]) -> m.Dataset:
    extra: dict[str, list[m.Citation]] = {}
    for record_id, citation in good["citations"]:
        extra.setdefault(record_id, []).append(citation)

    def cite(record):
        more = tuple(extra.get(record.id, ()))
        return replace(record, citations=record.citations + more) if more else record

    dated = {t: [cite(r) for r in good[t]] for t in ("control", "deployments", "events")}
    replaced = {r.supersedes for t in dated for r in dated[t] if r.supersedes}
    keep = {t: tuple(sorted((r for r in dated[t] if r.id not in replaced), key=lambda r: r.id)) for t in dated}
    superseded = tuple(r for t in dated for r in dated[t] if r.id in replaced)
    return m.Dataset(
        sources={r.id: r for r in good["sources"]},
        actors={r.id: r for r in good["actors"]},
        sites={r.id: r for r in good["sites"]},
        assets={r.id: r for r in good["assets"]},
        control=keep["control"],
        deployments=keep["deployments"],
        events=keep["events"],
        arms_imports=tuple(good["arms_imports"]),
        superseded=superseded,
    )
