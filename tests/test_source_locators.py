"""Every locator into the policy outlook names a real section and paragraph of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_9bc3b09c94c1f72e.txt"
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


@pytest.fixture(scope="module")
def sections():
    if not SOURCE.exists():
        pytest.fail(f"the source document is expected beside the project at {SOURCE}")
    return paragraphs_per_section(SOURCE.read_text(encoding="utf-8"))


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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_summaries_are_in_our_own_words(dataset):
    """No summary or note repeats eight or more consecutive words of the policy outlook."""
    source = _words(SOURCE.read_text(encoding="utf-8"))
    runs = {tuple(source[i : i + 8]) for i in range(len(source) - 7)}
    texts = [(r.id, r.summary) for r in dataset.records()]
    texts += [(s.id, s.note) for s in dataset.sites.values()]
    for record_id, text in texts:
        words = _words(text)
        copied = [" ".join(words[i : i + 8]) for i in range(len(words) - 7) if tuple(words[i : i + 8]) in runs]
        assert not copied, f"{record_id} repeats the source: {copied[0]!r}"
