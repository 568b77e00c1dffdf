"""Sanctions name matching: a labelled set of spellings against the four list layouts.

``tests/data/chain/name_cases.csv`` lists intermediary names in several spellings (Latin,
Cyrillic, with and without legal forms, abbreviated, with typos) and the list entry each
should find, plus unrelated names that share generic words and must find nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bomtrace.catalog.load import load_catalogs
from bomtrace.ingest.sanctions import read_sanctions_file
from bomtrace.model import HitStrength, SanctionEntry
from bomtrace.provenance.screening import Screener, is_generic

DATA = Path(__file__).parents[1] / "data" / "chain"
EXAMPLES = Path(__file__).parents[2] / "examples"
LISTS = (
    DATA / "ofac" / "sdn.csv",
    DATA / "csl.csv",
    DATA / "targets.simple.csv",
    DATA / "entities.ftm.json",
    EXAMPLES / "sanctions_reported.simple.csv",
)


def _entries() -> list[SanctionEntry]:
    return [e for path in LISTS for e in read_sanctions_file(path)[1]]


def _cases() -> list[dict[str, str]]:
    with (DATA / "name_cases.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


LEGAL_FORMS = tuple(f.form for f in load_catalogs().legal_forms)
SCREENER = Screener(_entries(), legal_forms=LEGAL_FORMS)


def scores() -> tuple[float, float, list[str]]:
    """Recall and precision over the labelled set, and what went wrong."""
    found = correct = expected = 0
    wrong: list[str] = []
    for case in _cases():
        hits = SCREENER.screen(case["party"])
        ids = [h.entry.entity_id for h in hits]
        found += len(ids)
        if case["expected"]:
            expected += 1
            if case["expected"] in ids:
                correct += 1
            else:
                wrong.append(f"missed {case['party']!r} ({case['variant']})")
        wrong += [
            f"wrong {case['party']!r} -> {h.matched_name!r} {h.score}"
            for h in hits
            if h.entry.entity_id != case["expected"]
        ]
    precision = (found - sum(w.startswith("wrong") for w in wrong)) / max(found, 1)
    return correct / expected, precision, wrong


def test_recall_and_precision_on_labelled_names() -> None:
    """Recall >= 95% at precision >= 95% on the labelled spellings (any hit counts)."""
    recall, precision, wrong = scores()
    assert recall >= 0.95, wrong
    assert precision >= 0.95, wrong


@pytest.mark.parametrize(
    "party",
    [c["party"] for c in _cases() if not c["expected"]],
)
def test_unrelated_names_find_nothing(party: str) -> None:
    """Unrelated companies sharing generic words ('Asia', 'Pacific', 'Electronics', 'Trading') do not match."""
    assert [h.matched_name for h in SCREENER.screen(party)] == []


def test_generic_words_alone_never_match() -> None:
    """A name made only of generic words matches only when spelt the same."""
    score, why = SCREENER.compare("Asia Pacific Trading", "Pacific Asia Electronics")
    assert score == 0.0
    assert "generic words alone never make a match" in why
    assert is_generic("Electronics") and is_generic("Komponents") and is_generic("Pac")
    assert not is_generic("Kestrel")


def test_legal_forms_and_cyrillic_are_normalised() -> None:
    """Legal forms (Ltd, LLC, ООО, spelled-out forms) go; Cyrillic is transliterated."""
    form = SCREENER.names.form
    assert form("ООО «Вектор-Плюс»").text == form("Vektor-Plyus LLC").text
    assert form("Asia Pacific Links Limited").text == "asia pacific links"


def test_hit_shows_list_program_date_names_and_score() -> None:
    """Every hit names the list, the program, the listing date, both names and the score."""
    (hit,) = SCREENER.screen("Zhenhua Dragon Semiconductor")
    assert hit.entry.list_name == "fictional_test_list"
    assert hit.entry.programs == ("Fictional export control programme",)
    assert hit.entry.listed_on == "2023-11-02"
    assert (hit.party, hit.matched_name) == (
        "Zhenhua Dragon Semiconductor",
        "Zhenhua Dragon Semiconductor Co., Ltd.",
    )
    assert hit.strength is HitStrength.MATCH and hit.score >= 0.92
    assert "distinctive words" in hit.evidence


def test_weak_hits_are_possible_not_matches() -> None:
    """An abbreviation or an initial is shown as a possible match, never as a match."""
    (hit,) = SCREENER.screen("NCT")
    assert hit.strength is HitStrength.POSSIBLE
    assert "initials" in hit.evidence


def test_words_written_apart_and_g_for_h_compare_as_one() -> None:
    """'Kai Yue Xin' meets 'Kaiyuexin', 'Dar Zafiran' meets 'Darzafiran', and the
    Cyrillic Г read as G meets the list's H, each as a match, and says so."""
    for party, listed in [
        ("Kai Yue Xin Trading Ltd", "Kaiyuexin Trading Limited"),
        ("Darzafiran FZCO", "Dar Zafiran FZE"),
        ("Gartseviks", "Hartseviks"),
    ]:
        score, why = SCREENER.compare(party, listed)
        assert score >= 0.92, (party, listed, why)
    assert "kaiyuexin" in SCREENER.compare("Kai Yue Xin", "Kaiyuexin")[1]
