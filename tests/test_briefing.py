"""The HTML briefing without a browser: options, inclusion rules, offline page, hash, escaping."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.cli import main
from geo.core.dates import parse_fuzzy_date
from geo.core.load import load_dataset
from geo.present import briefing
from geo.present.briefing import (
    PAGE_FIELDS,
    TILE_URL,
    BriefingOptions,
    briefing_data,
    briefing_html,
    data_hash,
    payload,
    resolve_options,
    select,
    write_briefing,
)
from geo.present.webassets import leaflet_css

AT = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
D = dt.date.fromisoformat


def options(**overrides) -> BriefingOptions:
    return BriefingOptions(**overrides)


def page(dataset, **overrides) -> str:
    return briefing_html(dataset, options(**overrides), AT)


def embedded(html: str, element_id: str = "briefing-data") -> dict:
    """A block the page embeds: the records packed (``payload.pack``), the others as JSON."""
    kind = "octet-stream" if element_id == "briefing-data" else "json"
    match = re.search(rf'<script type="application/{kind}" id="{element_id}"[^>]*>(.*?)</script>', html, re.S)
    if match is None:
        raise AssertionError(f"no #{element_id} in the page")
    return payload.unpack(match.group(1)) if kind == "octet-stream" else json.loads(match.group(1))


# ---- options ----


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sites": ("nowhere",)}, r"unknown site id\(s\) 'nowhere' \(known: alpha, bravo, charlie\)"),
        ({"actors": ("XX", "GNA", "YY")}, r"unknown actor id\(s\) 'XX', 'YY'"),
        ({"since": D("2020-06-02"), "until": D("2020-06-01")}, r"'from' 2020-06-02 is after 'to' 2020-06-01"),
        ({"since": D("2020-06-30")}, r"'from' 2020-06-30 is after 'to' 2020-06-10"),
        ({"at": D("2015-12-31")}, r"'date' 2015-12-31 is outside the period 2016-01-01 to 2020-07-01"),
        ({"at": D("2020-07-02")}, r"'date' 2020-07-02 is outside the period"),
    ],
)
def test_bad_options_raise_value_error_naming_the_value(mini, overrides, message):
    if overrides.get("since") == D("2020-06-30"):
        overrides["until"] = D("2020-06-10")
    with pytest.raises(ValueError, match=message):
        resolve_options(mini, options(**overrides))


def test_every_bad_option_is_reported_at_once(mini):
    with pytest.raises(ValueError, match="nowhere") as caught:
        resolve_options(mini, options(sites=("nowhere",), actors=("XX",), since=D("2020-02-02"), until=D("2020-01-01")))
    text = str(caught.value)
    assert "unknown site" in text
    assert "unknown actor" in text
    assert "is after" in text


def test_defaults_cover_the_datas_period_and_open_at_its_end(mini):
    opts = resolve_options(mini, options())
    assert (opts.since, opts.until, opts.at) == (D("2016-01-01"), D("2020-07-01"), D("2020-07-01"))
    assert opts.sites is None
    assert opts.actors is None
    assert "1 Jan 2016 to 1 Jul 2020" in opts.title


def test_default_period_starts_in_2011_even_when_records_are_older(mini):
    old = dataclasses.replace(mini.events[0], id="e-old", date=parse_fuzzy_date("1969-09-01", "day"))
    opts = resolve_options(dataclasses.replace(mini, events=mini.events + (old,)), options())
    assert opts.since == D("2011-01-01")
    explicit = resolve_options(dataclasses.replace(mini, events=mini.events + (old,)), options(since=D("1969-01-01")))
    assert explicit.since == D("1969-01-01")


def test_blank_ids_are_ignored(mini):
    assert resolve_options(mini, options(sites=("alpha", " ", ""))).sites == {"alpha"}


def test_cli_turns_a_bad_option_into_exit_2(tmp_path, capsys):
    from conftest import MINI

    out = tmp_path / "b.html"
    assert main(["--seeds", str(MINI), "briefing", "--out", str(out), "--sites", "alpha,nowhere"]) == 2
    assert "unknown site id(s) 'nowhere'" in capsys.readouterr().err
    assert not out.exists()
    assert main(["--seeds", str(MINI), "briefing", "--out", str(out), "--from", "2020-01-01"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


# ---- what is included ----


def test_select_keeps_records_overlapping_the_period(mini):
    opts = resolve_options(mini, options(since=D("2020-06-05"), until=D("2020-06-30")))
    ds = select(mini, opts)
    # c-alpha-1 ends on the first day: kept, so the hand-over names the previous holder.
    assert {r.id for r in ds.control} == {"c-alpha-1", "c-alpha-2", "c-bravo-2", "c-bravo-claim"}
    assert [r.id for r in ds.events] == []
    assert "d-bravo-sam" in {r.id for r in ds.deployments}


def test_select_by_site_drops_other_sites_and_national_events(mini):
    ds = select(mini, resolve_options(mini, options(sites=("charlie",))))
    assert list(ds.sites) == ["charlie"]
    assert {r.id for r in ds.records()} == {"d-charlie-drones", "e-offensive"}


def test_select_by_actor_keeps_their_deployments_and_events_only(mini):
    ds = select(mini, resolve_options(mini, options(actors=("TUR",))))
    assert [r.id for r in ds.deployments] == ["d-charlie-drones"]
    assert [r.id for r in ds.events] == ["e-pact"]
    assert len(ds.control) == len(mini.control)


def test_change_log_includes_the_first_day_and_names_the_previous_holder(mini):
    log = payload.decode(embedded(page(mini, since=D("2020-06-05"), until=D("2020-06-30"))))["changes"]
    first = [(r["kind"], r["record"], r["text"]) for r in log if r["day"] == "2020-06-05"]
    assert first == [
        ("control", "c-alpha-2", "Alpha: Libyan National Army -> Government of National Accord (confirmed)")
    ]


def _line(row: dict, records: dict) -> str:
    """A change log line put together as the page's script does: the record's summary where the line quotes it."""
    quoted = records[row["record"]]["summary"] + row["text_after"] if row["text_after"] is not None else ""
    return f"{row['label']}: {row['text']}{quoted}"


def test_the_change_log_in_the_payload_is_every_change_in_the_words_of_geo_core_text(dataset, mini):
    from geo.core.text import citation_text, describe_change, disagreement_note_text
    from geo.core.timeline import changes

    for ds in (dataset, mini):
        opts = resolve_options(ds, options())
        data = payload.decode(embedded(page(ds)))
        records = {r["id"]: r for name in ("control", "deployments", "events") for r in data[name]}
        selected = select(ds, opts)
        expected = changes(selected, opts.since - dt.timedelta(days=1), opts.until)
        assert len(data["changes"]) == len(expected) > 0
        for row, change in zip(data["changes"], expected):
            rec, shown = change.record, records[row["record"]]
            assert (row["day"], row["kind"], row["record"]) == (change.day.isoformat(), change.kind, rec.id)
            assert _line(row, records) == describe_change(change, selected)
            starts = change.kind in ("control", "claim", "deployment-start")
            assert row["note_after"] == (disagreement_note_text(selected, rec) if starts else None)
            assert shown["confidence"] == rec.confidence
            titles = [data["sources"][c["source"]]["title"] + c["detail"] for c in shown["citations"]]
            assert titles == [citation_text(selected, c) for c in rec.citations]


def test_the_change_log_names_the_sources_once(dataset):
    """A citation in the payload is its source's key and the words after the title: the title is in ``sources``."""
    html = page(dataset)
    data = embedded(html)
    titles = [s["title"] for s in data["sources"].values()]
    strings = {s for s in data["strings"] if s}
    assert not [t for t in titles if any(s != t and s.startswith(t + ", ") for s in strings)]
    assert "<tr class=" not in html  # no change log row is written into the page as HTML


# ---- offline, self-contained ----


class _Loads(HTMLParser):
    """Every URL the markup would load (not links to follow), and the text of each script."""

    LOADING = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
        "link": "href",
        "input": "src",
    }

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADING and attrs.get(self.LOADING[tag]):
            self.loads.append(attrs[self.LOADING[tag]])
        if tag == "script":
            self._script = (attrs, [])

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None


def test_the_page_loads_nothing_from_the_network(mini):
    html = page(mini)
    parser = _Loads()
    parser.feed(html)
    assert parser.loads == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "default-src 'none'" in unescape(csp)
    assert "connect-src" not in csp
    # Outside the embedded data and the sources list (text to read), the only URLs are the
    # SVG namespace, Leaflet's and fflate's own comments and the optional tile template, which is off
    # by default.
    rest = re.sub(r'<script type="application/octet-stream" id="briefing-data"[^>]*>.*?</script>', "", html, flags=re.S)
    rest = re.sub(r'<ol id="sources">.*?</ol>', "", rest, flags=re.S)
    allowed = {
        "http://www.w3.org/2000/svg",
        "https://leafletjs.com",
        "https://github.com/101arrowz/fflate",
        TILE_URL,
        "https://tile.openstreetmap.org",
        "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
    }
    assert set(re.findall(r"https?://[^\s\"'<>);\\]+", rest)) <= allowed
    view = embedded(html, "briefing-view")
    assert view["tile_url"] == TILE_URL


def test_leaflet_and_our_script_are_inline(mini):
    html = page(mini)
    parser = _Loads()
    parser.feed(html)
    code = [text for attrs, text in parser.scripts if "type" not in attrs]
    assert len(code) == 3
    assert "Leaflet 1.9" in code[0]
    assert "sourceMappingURL" not in code[0]
    assert "window.briefing" in code[1]
    assert "briefing-overlay" in code[2]
    assert leaflet_css()[:200] in html
    assert embedded(html, "briefing-basemap")["type"] == "FeatureCollection"


# ---- hash and determinism ----


def test_same_inputs_give_the_same_bytes(mini):
    assert page(mini).encode() == page(mini).encode()


def test_data_hash_is_the_canonical_json_of_the_embedded_data(mini):
    html = page(mini)
    data = embedded(html)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    shown = re.search(r'<code id="data-hash">([0-9a-f]{12})</code>', html).group(1)
    assert shown == hashlib.sha256(canonical).hexdigest()[:12] == data_hash(data)


def test_data_hash_follows_the_data_not_the_view(mini):
    base = data_hash(embedded(page(mini)))
    assert (
        data_hash(embedded(briefing_html(mini, options(title="Other", at=D("2020-01-01")), AT.replace(year=2030))))
        == base
    )
    changed = dataclasses.replace(
        mini, events=(dataclasses.replace(mini.events[0], summary="Changed."),) + mini.events[1:]
    )
    assert data_hash(embedded(page(changed))) != base


def test_write_briefing_writes_the_page(mini, tmp_path):
    path = write_briefing(mini, options(), tmp_path / "brief.html", generated_at=AT)
    assert path == tmp_path / "brief.html"
    assert path.read_bytes() == page(mini).encode("utf-8")


def test_embedded_records_carry_the_layer_values_of_the_fields_the_page_reads(mini):
    from geo.export.layers import control_properties, deployment_properties, event_properties

    data = briefing_data(mini, D("2016-01-01"), D("2020-07-01"))
    alpha = next(r for r in data["control"] if r["id"] == "c-alpha-2")
    assert alpha["date_precision"] == "day"
    bravo = next(r for r in data["control"] if r["id"] == "c-bravo-2")
    assert bravo["date_label"] == "early Jun 2020"
    assert alpha["citations"][0] == {"source": "src-a", "detail": ", p2"}
    claim = next(r for r in data["control"] if r["id"] == "c-bravo-claim")
    assert claim["citations"] == [{"source": "src-a", "detail": ", p5 (attributed to GNA spokesman)"}]
    assert claim["dispute_text"].startswith("Disagrees with the report in Fixture report A")
    assert set(data["sources"]) == {"src-a", "src-b"}
    assert [s["latlon"] for s in data["sites"] if s["id"] == "alpha"] == [[32.4, 13.6]]
    layers = {"control": control_properties, "deployments": deployment_properties, "events": event_properties}
    own = {"control": {"dispute_text"}, "deployments": {"text", "dispute_text"}, "events": set()}
    for kind, properties in layers.items():
        records = {r.id: r for r in getattr(mini, kind)}
        assert data[kind]
        for row in data[kind]:
            assert set(row) == set(PAGE_FIELDS[kind]) | own[kind]
            layer = properties(mini, records[row["id"]])
            assert {f: row[f] for f in PAGE_FIELDS[kind] if f != "citations"} == {
                f: layer[f] for f in PAGE_FIELDS[kind] if f != "citations"
            }


def test_every_field_the_page_is_given_is_read_by_its_script():
    script = (Path(briefing.__file__).parent / "templates" / "briefing.js").read_text(encoding="utf-8")
    for kind, fields in PAGE_FIELDS.items():
        for field in (*fields, "text", "dispute_text"):
            assert re.search(rf"\.{field}\b", script), f"{kind}.{field} is embedded but briefing.js never reads it"


def test_the_card_and_the_popup_take_their_headings_from_geo_core_text(mini):
    from geo.core.text import HEADINGS

    present = Path(briefing.__file__).parent.parent
    script = (present / "briefing" / "templates" / "briefing.js").read_text(encoding="utf-8")
    card = (present / "templates" / "site_card.html").read_text(encoding="utf-8")
    for words in HEADINGS.values():
        assert words not in script  # written once, in geo.core.text
        assert words not in card
    view = json.loads(re.search(r'id="briefing-view">(.*?)</script>', page(mini)).group(1))
    assert view["words"] == HEADINGS


def test_a_frame_entry_leaves_off_its_empty_end_and_decodes_whole():
    assert payload._trimmed(3, 40, [], [], [], [], [], 0) == [3, 40]
    assert payload._trimmed(3, -1, [], [7], [], [], [], 0) == [3, -1, [], [7]]
    assert payload._trimmed(3, 40, [], [], [], [], [], [1, 2, 3]) == [3, 40, [], [], [], [], [], [1, 2, 3]]


# ---- escaping ----


def _hostile(mini_copy):
    path = mini_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("The LNA attacked Charlie.", "<img src=x onerror=alert(1)>")
    text = text.replace("A military pact was signed.", "</script><script>alert(1)</script>")
    path.write_text(text, encoding="utf-8")
    sites = mini_copy / "sites.csv"
    sites.write_text(sites.read_text(encoding="utf-8").replace(",Charlie,", ",Char</script>lie,"), encoding="utf-8")
    return load_dataset(mini_copy)


def test_markup_in_the_data_never_reaches_the_page_raw(mini_copy):
    control = mini_copy / "control.csv"
    control.write_text(control.read_text(encoding="utf-8").replace("GNA took Alpha.", "<b>GNA</b> took Alpha."))
    html = page(_hostile(mini_copy), since=D("2020-06-11"), until=D("2020-06-30"))
    assert "</script><script>alert(1)" not in html
    assert "Char</script>lie" not in html
    assert "<img src=x" not in html
    assert "<b>GNA" not in html
    in_force = re.search(r'<table id="in-force">.*?</table>', html, re.S).group(0)
    assert "&lt;b&gt;GNA&lt;/b&gt; took Alpha." in in_force  # the static table escapes it
    data = payload.decode(embedded(page(_hostile(mini_copy))))
    summaries = {e["id"]: e["summary"] for e in data["events"]}
    assert summaries["e-pact"] == "</script><script>alert(1)</script>"
    assert summaries["e-offensive"] == "<img src=x onerror=alert(1)>"
    assert [s["name"] for s in data["sites"] if s["id"] == "charlie"] == ["Char</script>lie"]
    assert "Char</script>lie: offensive: " in {r["text"] for r in data["changes"]}


def test_the_built_in_briefing_stays_within_its_size_budget(dataset):
    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_briefing", ROOT / "bench" / "bench_briefing.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert len(page(dataset).encode("utf-8")) <= bench.BUDGET_KB * 1024


def test_in_force_table_lists_what_began_before_the_period(mini):
    html = page(mini, since=D("2020-06-11"), until=D("2020-06-30"))
    in_force = re.search(r'<table id="in-force">.*?</table>', html, re.S).group(0)
    assert "GNA took Alpha." in in_force
    assert "LNA took Bravo early in June." in in_force
    assert "GNA claimed to hold Bravo for two days." in in_force
    assert "LNA held Alpha." not in in_force
    assert "Six air defence systems" not in in_force


def test_no_record_id_reaches_the_text_a_person_reads(mini):
    """The static text; the change log, drawn by the script, is checked in Chromium (test_briefing_browser)."""
    html = page(mini, since=D("2020-06-11"))
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    for record in mini.control + mini.deployments + mini.events:
        assert record.id not in text, f"{record.id} is printed in the briefing"
    assert "Disagrees with the report in" in text  # the in-force table's claim that disputes its holder


def test_the_file_name_and_scope_say_what_is_exported(dataset):
    from geo.present.briefing import BriefingOptions, file_name, resolve_options, scope_text

    whole, one = BriefingOptions(), BriefingOptions(sites=("sirte",))
    assert scope_text(dataset, whole) == "the whole map"
    assert scope_text(dataset, one) == "Sirte"
    since, until = dataset.study_period()
    assert file_name(dataset, whole) == f"foreign-military-involvement-in-libya_{since}_{until}.html"
    assert file_name(dataset, one) == f"foreign-military-involvement-in-libya_{since}_{until}_sirte.html"
    assert resolve_options(dataset, one).title.startswith("Sirte: foreign military involvement, ")


def test_the_embedded_payload_gives_back_the_briefing_data(dataset, mini):
    for ds in (dataset, mini):
        since, until = ds.study_period()
        data = briefing_data(ds, since, until)
        packed = payload.encode(data)
        assert payload.decode(packed) == data
        assert len(packed["strings"]) == len(set(packed["strings"]))  # each string once
        plain = len(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
        encoded = len(json.dumps(packed, separators=(",", ":"), ensure_ascii=False))
        assert encoded < plain
        text = payload.pack(packed)
        assert payload.unpack(text) == packed
        assert payload.pack(payload.encode(data)) == text  # the same bytes every time
        assert re.fullmatch(r"[A-Za-z0-9+/]+=*", text)  # nothing in it can end a <script>
        assert len(text) < encoded


def _frames_recomputed_every_day(ds, since, until) -> list[dict]:
    """``briefing_frames`` by brute force: every site's frame computed afresh on every frame day."""
    from geo.core.text import is_stale, phase_text
    from geo.core.timeline import snapshot
    from geo.present.briefing import _site_frame, frame_days, frame_of
    from geo.present.view import Filters, recent_events

    frames, last, last_events = [], {}, set()
    for day in frame_days(ds, since, until):
        sites = {}
        for state in snapshot(ds, day).states:
            notes = {d.id: text for d in state.deployments + state.leaving if (text := phase_text(d, day))}
            stale = [d.id for d in state.deployments if is_stale(ds, d, day)]
            frame = _site_frame(ds, state, notes, stale)
            if last.get(state.site.id) != frame:
                sites[state.site.id] = last[state.site.id] = frame
        events = {e.id for e in recent_events(ds, day, Filters())}
        frames.append(frame_of(day, sites, events, last_events))
        last_events = events
    return frames


def test_frames_skip_only_sites_whose_frame_cannot_have_changed(dataset, mini):
    """A site that keeps its state from the frame day before, with no note turning since, is not computed again;
    the notes and staleness worked out from ``DeploymentTurns`` are those of ``phase_text`` and ``is_stale``."""
    from conftest import ROOT

    from geo.present.briefing import briefing_frames

    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    cases = [(dataset, D("2011-01-01"), dataset.horizon), (mini, D("2016-01-01"), D("2020-07-01"))]
    cases.append((synthetic.synthetic_dataset(3000, 12, seed=3), synthetic.FIRST_DAY, synthetic.LAST_DAY))
    for ds, since, until in cases:
        assert briefing_frames(ds, since, until) == _frames_recomputed_every_day(ds, since, until)
