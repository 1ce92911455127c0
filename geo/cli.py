"""Command line: build, validate, snapshot, changes, coverage, briefing, image, export, import.

Each command is a thin shell over the ``geo`` functions; problems in the data
go to stderr, one per line, and the exit status is 1. Bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.core.dates import DateError, parse_day
from geo.core.load import SEEDS, TABLES, read_dataset, seeds_paths
from geo.core.problems import OptionError, ValidationError
from geo.core.text import describe_change
from geo.core.timeline import changes, snapshot
from geo.export.changelog import change_json
from geo.export.layers import snapshot_geojson, write_layers

LAYERS = Path("layers")


def _day(text: str):
    try:
        return parse_day(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _paths(items: list[str], seeds: Path = SEEDS) -> dict[str, Path]:
    """Tables from ``items`` over those of ``seeds``: seeds directories, or CSV files named after their table."""
    paths = seeds_paths(seeds)
    for item in items:
        path = Path(item)
        if path.is_dir():
            paths.update(seeds_paths(path))
        elif path.stem in TABLES:
            paths[path.stem] = path
        else:
            tables = ", ".join(TABLES)
            raise SystemExit(f"geo validate: {item}: not a seeds directory or a file named <table>.csv ({tables})")
    return paths


def _load(args):
    dataset, problems = read_dataset(seeds_paths(Path(args.seeds)))
    if problems:
        raise ValidationError(problems)
    return dataset


def cmd_validate(args) -> int:
    """Check the seeds; print each problem and exit 1 if there are any."""
    dataset, problems = read_dataset(_paths(args.paths, Path(args.seeds)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"ok: {len(dataset.sites)} sites, {len(dataset.control)} control periods, "
        f"{len(dataset.deployments)} deployments, {len(dataset.events)} events, {len(dataset.sources)} sources"
    )
    return 0


def cmd_build(args) -> int:
    """Write the GeoJSON layers and print their paths."""
    for path in write_layers(_load(args), Path(args.out)):
        print(path)
    return 0


def cmd_snapshot(args) -> int:
    """Print (or write) every site's state at a date as GeoJSON."""
    text = snapshot_geojson(snapshot(_load(args), args.date))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def cmd_changes(args) -> int:
    """Print the changes between two dates, as words or JSON lines."""
    if args.to < args.since:
        print(f"geo changes: --to {args.to} is before --from {args.since}", file=sys.stderr)
        return 2
    dataset = _load(args)
    found = changes(dataset, args.since, args.to)
    if args.json:
        json.dump([change_json(c) for c in found], sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for change in found:
            print(describe_change(change, dataset))
        print(f"{len(found)} change(s) after {args.since} up to {args.to}")
    return 0


def cmd_coverage(args) -> int:
    """Print how much the record says per site and year."""
    from geo.core.coverage import coverage, coverage_text
    from geo.core.coverage import site_ids as sites_of_role

    dataset = _load(args)
    if args.sites in ("all", "key"):
        site_ids = sites_of_role(dataset, args.sites)
    else:
        site_ids = tuple(s.strip() for s in args.sites.split(",") if s.strip())
        unknown = [s for s in site_ids if s not in dataset.sites]
        if unknown:
            print(f"geo coverage: unknown site id(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
    rows = [r for r in coverage(dataset, site_ids) if args.since <= r.year <= args.until]
    if args.json:
        json.dump([r.as_dict() for r in rows], sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(coverage_text(rows))
    return 0


def cmd_briefing(args) -> int:
    """Write the self-contained HTML briefing."""
    from geo.present.briefing import BriefingOptions, resolve_options, select, write_briefing

    options = BriefingOptions(
        since=args.since,
        until=args.to,
        at=args.date,
        title=args.title,
        sites=tuple(args.sites.split(",")) if args.sites else (),
        actors=tuple(args.actors.split(",")) if args.actors else (),
    )
    dataset = _load(args)
    out = Path(args.out)
    overlay = _briefing_overlay(args.overlay) if args.overlay else None
    downloads = []
    if args.exports:
        from geo.export.formats import EXPORTS, download

        asked = _ids(args.exports)
        unknown = sorted(asked - set(EXPORTS))
        if unknown:
            raise OptionError(f"unknown export format(s) {', '.join(unknown)}; known: {', '.join(EXPORTS)}")
        chosen = select(dataset, resolve_options(dataset, options))
        for name in (n for n in EXPORTS if n in asked):
            file_name, data = download(name, chosen)
            target = out.with_name(f"{out.stem}-{file_name}")
            target.write_bytes(data)
            downloads.append((target.name, f"{EXPORTS[name].label}: {target.name}"))
            print(target)
    path = write_briefing(dataset, options, out, overlay=overlay, downloads=tuple(downloads))
    print(path)
    return 0


def _briefing_overlay(file: str) -> dict:
    """The imported observations of ``file`` for the briefing; bad rows are reported on stderr and left out."""
    from geo.core.observations import read_observations
    from geo.present.overlay import briefing_overlay

    observations, problems = read_observations(Path(file))
    for problem in problems:
        print(problem, file=sys.stderr)
    return briefing_overlay(observations, Path(file).name)


def _ids(text: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (text or "").split(",") if part.strip())


def _selection(args):
    """The ``--date`` / ``--from --to`` / ``--sites`` / ``--actors`` options as a ``Selection``."""
    from geo.export.selection import Selection

    if args.date and (args.since or args.to):
        raise OptionError("give either --date or --from/--to, not both")
    since, until = (args.date, args.date) if args.date else (args.since, args.to)
    return Selection(since=since, until=until, sites=_ids(args.sites), actors=_ids(args.actors))


def cmd_export(args) -> int:
    """Write the record, or the part the options select, in one of the export formats."""
    from geo.export.formats import write_export
    from geo.export.selection import select

    dataset = _load(args)
    selection = _selection(args)
    problems = selection.unknown_ids(dataset)
    if problems:
        print(f"geo export: {'; '.join(problems)}", file=sys.stderr)
        return 2
    for path in write_export(args.format, select(dataset, selection), Path(args.out)):
        print(path)
    return 0


def cmd_import(args) -> int:
    """Read an analyst's file, report each bad row, and add the good ones to the seeds on request."""
    from geo.core.intake import add_to_seeds
    from geo.core.observations import read_observations

    observations, problems = read_observations(Path(args.file))
    for problem in problems:
        print(problem, file=sys.stderr)
    bad_rows = len({(p.file, p.line) for p in problems if p.line})
    print(f"{len(observations)} row(s) read from {Path(args.file).name}, {bad_rows} row(s) not readable")
    if args.json:
        rows = [
            {
                **o.__dict__,
                "earliest": o.earliest.isoformat(),
                "latest": o.latest.isoformat(),
                "end": o.end.isoformat() if o.end else None,
            }
            for o in observations
        ]
        json.dump(rows, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    if args.into_seeds:
        if problems:
            print("nothing written to the seeds: fix the rows above first", file=sys.stderr)
            return 1
        found = add_to_seeds(observations, Path(args.seeds))
        for problem in found:
            print(problem, file=sys.stderr)
        if found:
            print(f"nothing written to the seeds: {len(found)} problem(s)", file=sys.stderr)
            return 1
        print(f"{len(observations)} event(s) added to {Path(args.seeds) / 'events.csv'}")
    return 1 if problems and not observations else 0


def cmd_image(args) -> int:
    """Write the map at a date as a PNG or PDF for a slide."""
    from geo.present.image import write_image

    dataset = _load(args)
    print(write_image(dataset, args.date or dataset.horizon, Path(args.out)))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m geo`` and its commands."""
    top = argparse.ArgumentParser(prog="python -m geo", description=__doc__.splitlines()[0])
    top.add_argument("--seeds", default=str(SEEDS), help="seeds directory (default: %(default)s)")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check seeds; exit 1 listing every problem")
    p.add_argument("paths", nargs="*", help="seeds directories or <table>.csv files replacing the built-in ones")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="write the GeoJSON layers")
    p.add_argument("--out", default=str(LAYERS), help="output directory (default: %(default)s)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("snapshot", help="GeoJSON of every site's state at a date")
    p.add_argument("--date", required=True, type=_day, help="YYYY-MM-DD")
    p.add_argument("--out", help="write to this file instead of stdout")
    p.set_defaults(func=cmd_snapshot)

    p = sub.add_parser("changes", help="what changed after --from up to and including --to")
    p.add_argument("--from", dest="since", required=True, type=_day, help="YYYY-MM-DD")
    p.add_argument("--to", required=True, type=_day, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("coverage", help="per site and year: share of days with a known holder, records, sources")
    p.add_argument("--sites", default="key", help="'key' (default), 'all', or comma-separated site ids")
    p.add_argument("--from", dest="since", type=int, default=0, help="first year to show")
    p.add_argument("--to", dest="until", type=int, default=9999, help="last year to show")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("briefing", help="write a self-contained HTML briefing")
    p.add_argument("--out", required=True, help="output .html file")
    p.add_argument("--from", dest="since", type=_day, help="first day of the briefing's period")
    p.add_argument("--to", type=_day, help="last day of the briefing's period")
    p.add_argument("--date", type=_day, help="the date the slider opens at")
    p.add_argument("--title", help="title of the briefing")
    p.add_argument("--sites", help="comma-separated site ids to include")
    p.add_argument("--actors", help="comma-separated actor ids to include")
    p.add_argument("--overlay", help="an analyst's .csv, .geojson or .gpkg to draw as its own layer")
    p.add_argument("--exports", help="comma-separated export formats to write beside the briefing and link from it")
    p.set_defaults(func=cmd_briefing)

    from geo.export.formats import EXPORTS

    p = sub.add_parser("export", help="write the layers for a GIS: " + ", ".join(EXPORTS))
    p.add_argument("--format", required=True, choices=list(EXPORTS), help="file format")
    p.add_argument("--out", required=True, help="output file (a directory for fgb, parquet, geojson)")
    p.add_argument("--date", type=_day, help="only records in force or dated on this day")
    p.add_argument("--from", dest="since", type=_day, help="only records holding or dated on or after this day")
    p.add_argument("--to", type=_day, help="only records holding or dated on or before this day")
    p.add_argument("--sites", help="comma-separated site ids to include")
    p.add_argument("--actors", help="comma-separated actor ids whose deployments and events to include")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="read an analyst's CSV (ours or ACLED's columns), GeoJSON or GeoPackage")
    p.add_argument("file", help="a .csv, .geojson or .gpkg file")
    p.add_argument("--json", action="store_true", help="print the rows read as JSON")
    p.add_argument("--into-seeds", action="store_true", help="add the rows to the seeds' events.csv if all validate")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("image", help="the map at a date as a 16:9 picture for a slide (PNG or PDF)")
    p.add_argument("--date", type=_day, help="YYYY-MM-DD (default: the latest report)")
    p.add_argument("--out", required=True, help="output .png or .pdf file")
    p.set_defaults(func=cmd_image)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; user errors exit 1 or 2 with a message, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader (head, less) went away: nothing more to say
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"python -m geo {args.command}: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
    except OptionError as exc:
        print(f"python -m geo {args.command}: {exc}", file=sys.stderr)
        return 2
