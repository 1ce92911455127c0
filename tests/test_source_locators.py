"""Every locator into the policy outlook names a real section and paragraph of it; no summary copies it.

The outlook itself is not distributed with the project. What the tests need of it
ships as a fingerprint (``fixtures/polat2020-fingerprint.json``): the number of body
paragraphs in each section and a SHA-256 prefix of every run of eight words. Where
the text is at hand (``LIBYA_SOURCE_TEXT`` names its file, as ``.ci/run`` does), a
test rebuilds the fingerprint from it and compares.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

FINGERPRINT = Path(__file__).resolve().parent / "fixtures" / "polat2020-fingerprint.json"
RUN = 8
HEADINGS = [
    "Introduction",
    "What drives Russia's policies in Libya?",
    "Political Interests",
    "Geostrategic (military) and Economic Interests",
    "Moscow's ties with Haftar",
    "Will Moscow continue to support Haftar?",
    "Will the U.S. act to confront Russia's military moves in Libya?",
    "Can Russia and Turkey mediate a just and permanent peace in Libya?",
    "How will Moscow act moving forward?",
    "Conclusion",
]
_CAPTION = re.compile(r"(Agency\)|Handout.*\))$")


def paragraphs_per_section(text: str) -> dict[str, int]:
    """Body paragraphs of each section; captions and the table are skipped, page breaks rejoined."""
    counts: dict[str, int] = {}
    section = None
    for block in (b.strip() for b in re.split(r"\n\s*\n", text)):
        if not block:
            continue
        if block in HEADINGS:
            section = block
            counts[section] = 0
            continue
        if section is None or _CAPTION.search(block) or "\t" in block or block.startswith(("Soviet Arms", "Source: ")):
            continue
        if block[0].islower() or block.startswith("Gaddafi in 2011"):
            continue  # the paragraph goes on after a photo or a page break
        counts[section] += 1
    return counts


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _run_hash(words) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def fingerprint(text: str) -> dict:
    """What the tests keep of the outlook: paragraph counts per section and hashes of its eight-word runs."""
    words = _words(text)
    runs = sorted({_run_hash(words[i : i + RUN]) for i in range(len(words) - RUN + 1)})
    return {"sections": paragraphs_per_section(text), "runs": runs}


@pytest.fixture(scope="module")
def shipped():
    return json.loads(FINGERPRINT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sections(shipped):
    return shipped["sections"]


def test_the_fingerprint_matches_the_outlook_when_it_is_at_hand(shipped):
    path = os.environ.get("LIBYA_SOURCE_TEXT")
    if not path and os.environ.get("CI"):
        pytest.fail("LIBYA_SOURCE_TEXT is not set in CI: .ci/run sets it to the outlook beside the checkout")
    if not path:
        pytest.skip("LIBYA_SOURCE_TEXT is not set: the outlook is not distributed with the project")
    assert fingerprint(Path(path).read_text(encoding="utf-8")) == shipped


def _locators(dataset):
    for record in dataset.records():
        for citation in record.citations:
            if citation.source == "polat2020":
                yield record.id, citation.locator
    for row in dataset.arms_imports:
        yield row.country, row.citation.locator


def test_sections_are_found(sections):
    assert set(sections) == set(HEADINGS)
    assert sections["Moscow's ties with Haftar"] == 10


def test_every_polat_locator_points_into_the_text(dataset, sections):
    checked = 0
    for record_id, locator in _locators(dataset):
        match = re.match(r"^(.*?)(?: ¶(\d+)| \(photo caption\)|: table .*)$", locator)
        assert match, f"{record_id}: locator {locator!r} is not '<heading> ¶N'"
        heading, paragraph = match.group(1), match.group(2)
        assert heading in sections, f"{record_id}: no section {heading!r}"
        if paragraph:
            assert 1 <= int(paragraph) <= sections[heading], f"{record_id}: {locator!r} beyond the section"
        checked += 1
    assert checked > 40


def copied_runs(text: str, runs: set[str]) -> list[str]:
    words = _words(text)
    return [" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1) if _run_hash(words[i : i + RUN]) in runs]


def test_the_copy_check_finds_a_copied_sentence(shipped):
    runs = set(shipped["runs"])
    copied = "Moscow also deployed six Pantsir air defence systems to the strategic city Sirte."
    assert copied_runs(copied, runs)
    assert copied_runs("Russia sent six Pantsir systems to Gardabiya, the GNA said.", runs) == []


def test_summaries_are_in_our_own_words(dataset, shipped):
    """No summary or note repeats eight or more consecutive words of the policy outlook."""
    runs = set(shipped["runs"])
    texts = [(r.id, r.summary) for r in dataset.records()]
    texts += [(s.id, s.note) for s in dataset.sites.values()]
    for record_id, text in texts:
        copied = copied_runs(text, runs)
        assert not copied, f"{record_id} repeats the source: {copied[0]!r}"
