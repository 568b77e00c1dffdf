"""Deciding an identification: candidates from every reading -> matched, ambiguous or unmatched.

Pure. The best-supported candidates across the readings of a marking are kept; the
maker named in the sheet (or printed as a logo) confirms or re-ranks them; a number that
several makers publish (second sources) stays ``ambiguous`` with every maker listed
unless something in the row decides between them. Nothing is picked silently, and a row
is reported ``matched`` only when its calibrated confidence is at least one half.
"""

from __future__ import annotations

from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.records import SecondSourceFamily
from bomtrace.match.confidence import Calibration, load_calibration
from bomtrace.match.decisions import DecisionBook, decision_text
from bomtrace.match.outcomes import human, maker_only, matched, without_rejected
from bomtrace.match.stages import STRONG_STAGES, WEAK_STAGES
from bomtrace.model import Candidate, Identification, Marking, MatchMethod, Status
from bomtrace.normalise import compact, read_marking
from bomtrace.normalise.rules import (
    DROPPING_RULES,
    distributor_code_reason,
    illegible_reason,
)

# Two candidates within this score of the best are equally plausible.
TIE_MARGIN = 0.03
# A matched identification must be at least this likely to be right; below it the row
# is unmatched and the candidates are shown as hints.
MIN_CONFIDENCE = 0.5
# Raw score below which a named maker outweighs what the marking suggests.
STRONG_EVIDENCE = 0.8
# Rank cost of a reading that drops part of the marking (its first line only): a
# reading that explains every character wins a tie.
DROPPED_TEXT_COST = 0.05
# Methods whose candidates stand for more than the catalogued number they cite.
_PRINTED_NUMBER = (MatchMethod.BASE_PART, MatchMethod.FAMILY_PREFIX, MatchMethod.FUZZY)
# Methods whose evidence names the maker itself, not only the part number.
_MAKER_DECIDING = (MatchMethod.DISTRIBUTOR_PN,)


class Matcher:
    """Identifies markings against a catalog index; results are memoised per run.

    Args:
        index: the catalog's lookup tables.
        decisions: reviewers' decisions, applied before any matching.
        calibration: raw score -> confidence (default: the shipped, fitted tables).
        min_confidence: the least confidence reported as ``matched`` (0 while fitting
            the calibration, so that every raw score is seen).
    """

    def __init__(
        self,
        index: CatalogIndex,
        decisions: DecisionBook | None = None,
        calibration: Calibration | None = None,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        self.index = index
        self.decisions = decisions or DecisionBook()
        self.calibrate = calibration or load_calibration()
        self.min_confidence = min_confidence
        self._memo: dict[tuple[str, str, str], Identification] = {}

    def identify(
        self, marking: str, part_number: str = "", manufacturer: str = ""
    ) -> Identification:
        """Identifies one row from its marking, part number and manufacturer as given."""
        memo_key = (marking, part_number, manufacturer)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._identify(marking, part_number, manufacturer)
        return self._memo[memo_key]

    def _identify(
        self, marking: str, part_number: str, manufacturer: str
    ) -> Identification:
        text = decision_text(marking, part_number)
        decided = (
            self.decisions.decision_for(text, manufacturer) if text.strip() else None
        )
        if decided is not None:
            return human(decided, self.index, compact(text))
        identification = self._match(marking, part_number, manufacturer)
        rejected = (
            self.decisions.rejections_for(text, manufacturer) if text.strip() else []
        )
        if rejected:
            return without_rejected(identification, rejected, self.calibrate)
        return identification

    def _match(
        self, marking: str, part_number: str, manufacturer: str
    ) -> Identification:
        texts = [
            t for t in (part_number, marking) if t.strip() and not illegible_reason(t)
        ]
        given = self.index.resolve_maker(manufacturer)
        if not texts:
            first = next((t for t in (part_number, marking) if t.strip()), "")
            return maker_only(
                given, manufacturer, illegible_reason(first), self.calibrate
            )
        readings: list[Marking] = []
        for text in texts:
            readings.extend(read_marking(text, self.index.logos))
        if not readings:
            reason = illegible_reason(texts[0]) or "marking holds no part number"
            return maker_only(given, manufacturer, reason, self.calibrate)
        normalised = readings[0].key
        hint = given or next((r.maker_hint for r in readings if r.maker_hint), "")
        best = _best(readings, self.index, strong=True) or _best(
            readings, self.index, strong=False
        )
        if best is None:
            reason = distributor_code_reason(texts[0]) or illegible_reason(texts[0])
            if hint:
                return maker_only(
                    hint, manufacturer or hint, reason, self.calibrate, normalised
                )
            unknown = (
                f"; manufacturer '{manufacturer}' is not in the catalogs"
                if manufacturer and not given
                else ""
            )
            return Identification(
                status=Status.UNMATCHED,
                reason=(
                    reason
                    or f"no catalogued part, pattern or maker prefix matches '{normalised}'"
                )
                + unknown,
                marking_normalised=normalised,
            )
        reading, candidates = best
        return self._decide(reading, candidates, hint, manufacturer, normalised)

    def _decide(
        self,
        reading: Marking,
        candidates: list[Candidate],
        hint: str,
        manufacturer: str,
        normalised: str,
    ) -> Identification:
        index = self.index
        trail = _trail(reading)
        key = compact(candidates[0].mpn) or reading.key
        family, decided_by_prefix = _second_source(index, key, reading.key)
        if family is not None and not decided_by_prefix:
            _add_family_makers(candidates, family, reading)
        if candidates[0].method in _MAKER_DECIDING and not hint:
            hint = decided_by_prefix = candidates[0].maker
        hint = hint or decided_by_prefix
        top = max(c.score for c in candidates)
        leaders = [c for c in candidates if c.score >= top - TIE_MARGIN]
        if hint:
            agreeing = [c for c in candidates if index.same_group(c.maker, hint)]
            if agreeing:
                chosen = max(agreeing, key=lambda c: c.score)
                note = _maker_note(
                    hint,
                    manufacturer,
                    decided_by_prefix,
                    index.maker_misspelt(manufacturer),
                )
                # A maker named by the row confirms: halfway from the stage's raw score to 1.
                raw = min(1.0, chosen.score + 0.5 * (1 - chosen.score))
                return matched(
                    chosen,
                    candidates,
                    self.calibrate(chosen.method, raw),
                    f"{trail}{chosen.evidence}; {note}",
                    normalised,
                    self.min_confidence,
                )
            if top < STRONG_EVIDENCE:
                # Weak evidence (a prefix or a near miss) gives way to the maker the sheet names.
                return maker_only(
                    hint,
                    manufacturer or hint,
                    "",
                    self.calibrate,
                    normalised,
                    candidates,
                )
            return Identification(
                status=Status.AMBIGUOUS,
                reason=f"manufacturer given as '{manufacturer or hint}' but the catalog names {_makers(leaders)}",
                mpn=leaders[0].mpn,
                candidates=tuple(candidates),
                method=leaders[0].method,
                confidence=self.calibrate(leaders[0].method, leaders[0].score) * 0.5,
                evidence=trail + leaders[0].evidence,
                category=leaders[0].category,
                marking_normalised=normalised,
            )
        makers = {c.maker for c in leaders}
        if len(makers) == 1 or _one_group(index, makers):
            chosen = leaders[0]
            return matched(
                chosen,
                candidates,
                self.calibrate(chosen.method, chosen.score),
                trail + chosen.evidence,
                normalised,
                self.min_confidence,
            )
        confidence = self.calibrate(leaders[0].method, leaders[0].score) / len(makers)
        if leaders[0].method in (MatchMethod.FUZZY, MatchMethod.FAMILY_PREFIX) and (
            confidence * len(makers) < self.min_confidence
        ):
            # Weak hints for several makers: no identification, the hints are shown.
            return matched(
                leaders[0],
                candidates,
                confidence,
                trail,
                normalised,
                self.min_confidence,
            )
        mpns = {c.mpn for c in leaders}
        reason = (
            f"'{family.prefix}' is made by several makers and the row does not say which"
            if family is not None
            else f"several makers fit: {_makers(leaders)}"
        )
        return Identification(
            status=Status.AMBIGUOUS,
            reason=reason + "; add the manufacturer or the logo to decide",
            mpn=mpns.pop() if len(mpns) == 1 else "",
            method=leaders[0].method,
            confidence=round(confidence, 3),
            candidates=tuple(candidates),
            evidence=trail + "; ".join(dict.fromkeys(c.evidence for c in leaders)),
            category=leaders[0].category,
            marking_normalised=normalised,
        )


def _second_source(
    index: CatalogIndex, key: str, reading_key: str
) -> tuple[SecondSourceFamily | None, str]:
    """The second-source family of a number, and the maker its leading letters name, if any."""
    family, skip = index.family_of(key)
    if family is None:
        family, skip = index.family_of(reading_key)
        key = reading_key
    if family is None or not skip:
        return family, ""
    prefix, prefix_makers = index.makers_by_prefix(key)
    if len(prefix_makers) == 1 and len(prefix) >= skip:
        return family, prefix_makers[0]
    return family, ""


def _add_family_makers(
    candidates: list[Candidate], family: SecondSourceFamily, reading: Marking
) -> None:
    """Every maker of a second-source family becomes a candidate."""
    # The catalogued number, or the number as printed when only its start was catalogued.
    mpn = candidates[0].mpn
    if not mpn or candidates[0].method in _PRINTED_NUMBER:
        mpn = reading.text.upper().replace(" ", "")
    known = {c.maker for c in candidates}
    for maker in family.makers:
        if maker not in known:
            candidates.append(
                Candidate(
                    maker=maker,
                    mpn=mpn,
                    method=MatchMethod.SECOND_SOURCE,
                    score=candidates[0].score,
                    evidence=f"'{family.prefix}' is a second-source number ({family.ref}): {', '.join(family.makers)}",
                    catalog_ref=family.ref,
                    category=candidates[0].category,
                    description=candidates[0].description,
                )
            )


def _best(
    readings: list[Marking], index: CatalogIndex, *, strong: bool
) -> tuple[Marking, list[Candidate]] | None:
    best: tuple[float, int, Marking, list[Candidate]] | None = None
    for order, reading in enumerate(readings):
        found: list[Candidate] = []
        for stage in STRONG_STAGES if strong else WEAK_STAGES:
            found.extend(stage(reading, index))
            if found and strong:
                break
        if not found:
            continue
        top = max(c.score for c in found)
        # A more literal reading (earlier) wins ties; a longer key is more specific.
        rank = top + 0.001 * min(len(reading.key), 20)
        if any(step.rule in DROPPING_RULES for step in reading.steps):
            rank -= DROPPED_TEXT_COST
        if best is None or rank > best[0] + 1e-9:
            best = (rank, order, reading, sorted(found, key=lambda c: -c.score))
    return (best[2], best[3]) if best else None


def _trail(reading: Marking) -> str:
    """Writes the normalisation steps as 'marking '...' -> rule 'after' -> ...'."""
    shown = " ".join(reading.raw.split())
    text = f"marking '{shown}'"
    for step in reading.steps:
        text += f" -> {step.rule} '{step.after}'"
        shown = step.after
    if reading.key != shown:
        # The lookup key: upper case, look-alikes folded, spaces and punctuation dropped.
        text += f" -> normalised '{reading.key}'"
    return text + " -> "


def _makers(candidates: list[Candidate]) -> str:
    return ", ".join(dict.fromkeys(c.maker for c in candidates))


def _one_group(index: CatalogIndex, makers: set[str]) -> bool:
    first = next(iter(makers))
    return all(index.same_group(first, m) for m in makers)


def _maker_note(hint: str, manufacturer: str, decided_by: str, misspelt: bool) -> str:
    if manufacturer:
        read = "read as" if misspelt else ""
        return f"manufacturer given as '{manufacturer}' ({read + ' ' if read else ''}{hint}) agrees"
    if decided_by:
        return f"the maker's own prefix or order code names {hint}"
    return f"maker logo on the marking names {hint}"
