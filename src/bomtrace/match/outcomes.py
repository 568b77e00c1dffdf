"""Building the identification records the matcher returns, and applying reviewers' decisions.

Pure. One constructor per kind of outcome (matched, maker only, human decision), so the
deciding code in ``decide`` reads as a sequence of decisions, and the rule that a
matched identification is at least as likely right as wrong sits in one place.
"""

from __future__ import annotations

from dataclasses import replace

from bomtrace.catalog.index import CatalogIndex
from bomtrace.match.confidence import Calibration
from bomtrace.match.decision_book import Action, Decision
from bomtrace.model import Candidate, Identification, MatchMethod, Status
from bomtrace.normalise import compact

# What named the maker when the part number is not identified.
MANUFACTURER_GIVEN = "manufacturer as given"
NAMED_IN_TEXT = "maker named in the text"
LOGO_ON_MARKING = "maker logo on the marking"
# Raw score of a maker taken from the sheet's manufacturer column alone.
MAKER_GIVEN_SCORE = 0.7
# Methods that name a maker from a near miss or a prefix: the part number stays blank.
MAKER_LEVEL = (MatchMethod.FUZZY, MatchMethod.FAMILY_PREFIX, MatchMethod.MAKER_GIVEN)


def matched(
    chosen: Candidate,
    candidates: list[Candidate],
    confidence: float,
    evidence: str,
    normalised: str,
    min_confidence: float = 0.0,
) -> Identification:
    """A matched identification, or an unmatched row with hints when it is more likely wrong.

    ``min_confidence``: below it the row is reported ``unmatched`` with the candidates
    kept as hints, so that ``matched`` always means "more likely right than wrong".
    """
    others = tuple(c for c in candidates if c is not chosen)
    if confidence < min_confidence:
        hint = "probable maker only" if confidence >= 0.5 else "weak hint only"
        return Identification(
            status=Status.UNMATCHED,
            reason=f"no catalogued part matches '{normalised}'; {hint} ({chosen.evidence}; confidence {confidence:.2f}, below the {min_confidence:.2f} needed to name a maker)",
            candidates=(chosen, *others),
            evidence=evidence,
            marking_normalised=normalised,
        )
    return Identification(
        status=Status.MATCHED,
        maker=chosen.maker,
        mpn="" if chosen.method in MAKER_LEVEL else chosen.mpn,
        method=chosen.method,
        confidence=round(confidence, 3),
        candidates=(chosen, *others),
        evidence=evidence,
        category=chosen.category,
        description=chosen.description,
        marking_normalised=normalised,
    )


def maker_only(
    maker: str,
    written: str,
    reason: str,
    calibrate: Calibration,
    normalised: str = "",
    candidates: list[Candidate] | None = None,
    basis: str = MANUFACTURER_GIVEN,
) -> Identification:
    """The maker named in the sheet, when the marking identifies nothing that contradicts it.

    ``basis`` says where the name was read: the manufacturer column, the free text of
    a name cell, or a logo printed on the marking.
    """
    if not maker:
        return Identification(
            status=Status.UNMATCHED, reason=reason, marking_normalised=normalised
        )
    chosen = Candidate(
        maker=maker,
        mpn="",
        method=MatchMethod.MAKER_GIVEN,
        score=MAKER_GIVEN_SCORE,
        evidence=f"{basis} ('{written}' -> {maker}); the part number is not identified",
    )
    identification = matched(
        chosen,
        candidates or [],
        calibrate(MatchMethod.MAKER_GIVEN, MAKER_GIVEN_SCORE),
        chosen.evidence,
        normalised,
    )
    return replace(identification, reason=reason)


def human(decision: Decision, index: CatalogIndex, normalised: str) -> Identification:
    """A reviewer's accept or not-a-part decision, cited."""
    if decision.action is Action.NOT_A_PART:
        return Identification(
            status=Status.SKIPPED,
            reason=f"not a part: {decision.cite()}",
            method=MatchMethod.HUMAN,
            evidence=decision.cite(),
            marking_normalised=normalised,
        )
    maker = index.resolve_maker(decision.maker) or decision.maker
    parts = [
        p
        for p in index.exact(compact(decision.mpn))
        if index.same_group(p.maker, maker)
    ]
    chosen = Candidate(
        maker=maker,
        mpn=decision.mpn,
        method=MatchMethod.HUMAN,
        score=1.0,
        evidence=decision.cite() + (f"; catalog row {parts[0].ref}" if parts else ""),
        catalog_ref=parts[0].ref if parts else decision.ref,
        category=parts[0].category if parts else "",
        description=parts[0].description if parts else "",
    )
    return matched(chosen, [], 1.0, chosen.evidence, normalised)


def without_rejected(
    identification: Identification, rejected: list[Decision], calibrate: Calibration
) -> Identification:
    """Removes the candidates reviewers ruled out and decides again among the rest."""

    def ruled_out(candidate: Candidate) -> Decision | None:
        for decision in rejected:
            same_maker = not decision.maker or candidate.maker == decision.maker
            same_part = not decision.mpn or compact(candidate.mpn) == compact(
                decision.mpn
            )
            if same_maker and same_part:
                return decision
        return None

    kept = [c for c in identification.candidates if ruled_out(c) is None]
    if len(kept) == len(identification.candidates):
        return identification
    notes = "; ".join(dict.fromkeys(d.cite() for d in rejected))
    if not kept:
        return Identification(
            status=Status.UNMATCHED,
            reason=f"every candidate was ruled out ({notes})",
            marking_normalised=identification.marking_normalised,
        )
    makers = {c.maker for c in kept}
    if len(makers) == 1:
        best = max(kept, key=lambda c: c.score)
        return matched(
            best,
            kept,
            calibrate(best.method, best.score),
            f"{best.evidence}; others ruled out: {notes}",
            identification.marking_normalised,
        )
    return replace(
        identification,
        candidates=tuple(kept),
        reason=f"{identification.reason}; ruled out: {notes}",
    )
