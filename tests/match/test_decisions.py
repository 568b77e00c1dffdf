"""Human decisions: applied first, cited, and undone by removing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bomtrace import trace
from bomtrace.catalog import CatalogIndex
from bomtrace.decisions_file import DecisionsFileError, load_decisions, save_decisions
from bomtrace.match import Action, Decision, DecisionBook, Matcher
from bomtrace.model import MatchMethod, Status


def test_accept_decision_wins_and_is_cited(index: CatalogIndex) -> None:
    """An accepted identification is applied before matching, with method human."""
    book = DecisionBook.of(
        [
            Decision(
                marking="ADXRS 620",
                action=Action.ACCEPT,
                mpn="ADXRS620BBGZ",
                maker="ADI",
                reviewer="ana",
                decided_at="2024-05-01",
            )
        ]
    )
    got = Matcher(index, book).identify("adxrs620")
    assert (got.status, got.maker, got.mpn, got.method, got.confidence) == (
        Status.MATCHED,
        "Analog Devices",
        "ADXRS620BBGZ",
        MatchMethod.HUMAN,
        1.0,
    )
    assert got.evidence == "human decision by ana on 2024-05-01"


def test_reject_decision_removes_a_candidate(index: CatalogIndex) -> None:
    """Ruling out makers of a second-source part leaves the one the reviewer did not rule out."""
    book = DecisionBook.of(
        [
            Decision(marking="LM317T", action=Action.REJECT, maker=m)
            for m in ("Texas Instruments", "ON Semiconductor")
        ]
    )
    got = Matcher(index, book).identify("LM317T")
    assert (got.status, got.maker) == (Status.MATCHED, "STMicroelectronics")
    assert "others ruled out: human decision" in got.evidence


def test_not_a_part_is_skipped(index: CatalogIndex) -> None:
    """A row a reviewer marked as not a part is skipped with the decision as its reason."""
    book = DecisionBook.of(
        [Decision(marking="TP3", action=Action.NOT_A_PART, reviewer="ana")]
    )
    got = Matcher(index, book).identify("tp3")
    assert got.status is Status.SKIPPED
    assert got.reason == "not a part: human decision by ana"


def test_maker_scoped_decision(index: CatalogIndex) -> None:
    """A decision scoped to a maker as given applies only to rows that give that maker."""
    book = DecisionBook.of(
        [
            Decision(
                marking="XQZ4415",
                manufacturer_given="Acme",
                action=Action.ACCEPT,
                mpn="XQZ4415",
                maker="Acme",
            )
        ]
    )
    matcher = Matcher(index, book)
    assert matcher.identify("XQZ4415", "", "ACME").method is MatchMethod.HUMAN
    assert matcher.identify("XQZ4415").method is not MatchMethod.HUMAN


def test_decisions_file_round_trip_and_run(tmp_path: Path) -> None:
    """A saved decisions file loads back and a run applies it."""
    path = save_decisions(
        [
            Decision(
                marking="LM358DR",
                action=Action.ACCEPT,
                mpn="LM358DR",
                maker="Texas Instruments",
                reviewer="bo",
            )
        ],
        tmp_path / "decisions.csv",
    )
    assert [d.maker for d in load_decisions(path).all()] == ["Texas Instruments"]
    sheet = tmp_path / "s.csv"
    sheet.write_text("Marking\nLM358DR\n", encoding="utf-8")
    frame = trace([sheet], decisions=path).to_frame()
    assert list(frame.match_method) == ["", "human"]
    assert frame.loc[1, "manufacturer"] == "Texas Instruments"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "marking,decision\nLM358,maybe\n",
            "decisions.csv:2: decision 'maybe' is not accept, reject or not_a_part",
        ),
        (
            "marking,decision\nLM358,accept\n",
            "decisions.csv:2: an accept decision needs a manufacturer (and ideally an mpn)",
        ),
        (
            "mpn\nLM358\n",
            "decisions file decisions.csv lacks the column(s) marking, decision",
        ),
    ],
)
def test_bad_decisions_file(tmp_path: Path, content: str, message: str) -> None:
    """A decisions file that cannot be understood names the line and the problem."""
    path = tmp_path / "decisions.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DecisionsFileError) as caught:
        load_decisions(path)
    assert caught.value.message == message
