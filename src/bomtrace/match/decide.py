"""Deciding an identification: candidates from every reading -> matched, ambiguous or unmatched.

Pure. The best-supported candidates across the readings of a marking are kept; the
maker named in the sheet (or printed as a logo) confirms or re-ranks them; a number that
several makers publish (second sources) stays ``ambiguous`` with every maker listed
unless something in the row decides between them. Nothing is picked silently, and a row
is reported ``matched`` only when its calibrated confidence is at least one half.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.records import NumberingSystem, SecondSourceFamily
from bomtrace.match.confidence import Calibration, load_calibration
from bomtrace.match.decision_book import DecisionBook, decision_text
from bomtrace.match.hints import SHORT_PREFIX, SYSTEM_MAKERS_SHOWN
from bomtrace.match.outcomes import (
    LOGO_ON_MARKING,
    MANUFACTURER_GIVEN,
    NAMED_IN_TEXT,
    human,
    maker_only,
    matched,
    without_rejected,
)
from bomtrace.match.stages import STRONG_STAGES, WEAK_STAGES
from bomtrace.model import (
    Candidate,
    Identification,
    Marking,
    MatchMethod,
    NormalisationStep,
    Status,
)
from bomtrace.normalise import compact, read_marking
from bomtrace.normalise.freetext import FreeText, read_free_text
from bomtrace.normalise.rules import (
    DROPPING_RULES,
    distributor_code_reason,
    illegible_reason,
)

# Two candidates within this score of the best are equally plausible.
TIE_MARGIN = 0.03
# A matched identification must be at least this likely to be right; below it the row
# is unmatched and the candidates are shown as hints. Reports name makers to ministers
# and courts: a row is matched only when identifications like it were right nine times
# in ten on real records (calibration), not merely more often than not.
MIN_CONFIDENCE = 0.9
# Raw score below which a named maker outweighs what the marking suggests.
STRONG_EVIDENCE = 0.8
# Rank cost of a reading that drops part of the marking (its first line only): a
# reading that explains every character wins a tie.
DROPPED_TEXT_COST = 0.05
# A number is given back a prefix from the catalog only when it is this long; after a
# maker's logo, this many of the maker's letter prefixes are tried.
MIN_RESTORED_KEY = 5
RESTORED_PER_LOGO = 40
# 7400-series logic families, printed on chip tops without the "74" (TI's device
# marking: SN74ACT244 shows ACT244; SN74LVTH162245 LVTH162245).
_LOGIC_FAMILY = re.compile(
    r"^(?:LS|HCT?|ACT?|AHCT?|ALS|ALVCH?|LVCH?|LVTH?|ABT|FCT|BCT|VHCT?|LV|AUP|AUC|LCX|LVX|ALB)\d{2,6}"
)
# The fewest characters of a prefix's tail a number must start with to be given the rest.
MIN_TAIL = 3
# Raw-score cost of a reading whose prefix was put back: the literal reading wins a tie.
RESTORED_COST = 0.08
# The most a two-letter prefix alone can be trusted: below MIN_CONFIDENCE, so such a
# row is unmatched with the maker shown as a hint.
SHORT_PREFIX_CONFIDENCE = 0.4
# Rank cost of each later number read out of the same free text: the first run of
# part-like tokens is the part far more often than a lot code or a board label after it.
LATER_CANDIDATE_COST = 0.02
# Methods whose candidates stand for more than the catalogued number they cite.
_PRINTED_NUMBER = (MatchMethod.BASE_PART, MatchMethod.FAMILY_PREFIX, MatchMethod.FUZZY)
# What names the maker when the letters before a registered number are its own prefix.
OWN_PREFIX = "the maker's own prefix"
# Methods that name a maker without citing its catalogued part number.
_MAKER_LEVEL_ONLY = (MatchMethod.FAMILY_PREFIX, MatchMethod.FUZZY)
# Methods that cite a catalogued part number.
_CATALOGUED = (
    MatchMethod.EXACT,
    MatchMethod.NORMALISED,
    MatchMethod.PATTERN,
    MatchMethod.BASE_PART,
    MatchMethod.TRUNCATED,
)
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
        self._memo: dict[tuple[str, str, str, str], Identification] = {}

    def identify(
        self,
        marking: str,
        part_number: str = "",
        manufacturer: str = "",
        name: str = "",
    ) -> Identification:
        """Identifies one row from its marking, part number, manufacturer and name as given.

        ``name``: a free-text name or description cell ("Microcontroller STM32F405RGT6"),
        read for part numbers when the row gives no marking or part number, and for the
        maker it names.
        """
        memo_key = (marking, part_number, manufacturer, name)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._identify(
                marking, part_number, manufacturer, name
            )
        return self._memo[memo_key]

    def _readings(self, text: str) -> tuple[list[Marking], FreeText | None]:
        """The readings of one cell: as a chip-top marking, or as free text when it is one."""
        free = read_free_text(text, self.index.logos)
        if not free.described:
            return list(read_marking(text, self.index.logos)), None
        readings: list[Marking] = []
        set_aside = free.explain()
        for candidate in free.candidates:
            origin = NormalisationStep(
                rule=f"part number read out of the text (set aside {set_aside})"
                if set_aside
                else "part number read out of the text",
                before=text,
                after=candidate.text,
            )
            readings.extend(
                read_marking(
                    candidate.text,
                    self.index.logos,
                    origin=origin,
                    position=candidate.position,
                    maker=candidate.maker or free.maker,
                    described_as=free.categories,
                )
            )
        return readings, free

    def _restored(self, readings: list[Marking]) -> list[Marking]:
        """Readings with the family prefix a chip top leaves out put back.

        SN74LVTH162245 is printed LVTH162245, PIC12F683 12F683, W25Q64JVSIQ 25Q64JVSIQ,
        MAX2769E 2769E under a MAXIM logo. A prefix is put back when the result is a
        catalogued number of the prefix's own maker, or, after a maker's logo, when the
        number starts with a digit (that maker's letter prefixes are tried).
        """
        index = self.index
        out: list[Marking] = []
        seen = {r.key for r in readings}
        for reading in readings:
            key = reading.key
            if reading.restored or reading.position > 2 or len(key) < 4:
                continue
            prefixes: list[tuple[str, str]] = []
            if len(key) >= MIN_RESTORED_KEY and not index.makers_by_prefix(key)[0]:
                prefixes.extend((p, "catalog") for p in index.restorable(key))
                for full in index.prefixes_ending(key):
                    # The letters the chip top left off: W of W25Q before 25Q64JVSIQ.
                    tail_start = next(
                        i for i in range(1, len(full)) if key.startswith(full[i:])
                    )
                    if len(full) - tail_start >= MIN_TAIL:
                        prefixes.append((full[:tail_start], "tail"))
            if _LOGIC_FAMILY.match(key) and index.numbering_of("74" + key):
                # 7400-series logic prints the function without "SN74"/"74" (ACT244).
                prefixes.append(("74", "tail"))
            if reading.maker_hint and key[:1].isdigit():
                prefixes.extend(
                    (p, "logo")
                    for p in index.letter_prefixes(reading.maker_hint)[
                        :RESTORED_PER_LOGO
                    ]
                )
            for prefix, basis in dict.fromkeys(prefixes):
                restored = prefix + key
                if restored in seen:
                    continue
                seen.add(restored)
                out.append(
                    replace(
                        reading,
                        text=prefix + reading.text.replace(" ", ""),
                        key=restored,
                        steps=(
                            *reading.steps,
                            NormalisationStep(
                                rule=f"family prefix '{prefix}' restored (chip tops print the number without it)",
                                before=reading.key,
                                after=restored,
                            ),
                        ),
                        restored=prefix,
                        restored_by=basis,
                    )
                )
        return out

    def _identify(
        self, marking: str, part_number: str, manufacturer: str, name: str = ""
    ) -> Identification:
        text = decision_text(marking, part_number)
        decided = (
            self.decisions.decision_for(text, manufacturer) if text.strip() else None
        )
        if decided is not None:
            return human(decided, self.index, compact(text))
        identification = self._match(marking, part_number, manufacturer, name)
        rejected = (
            self.decisions.rejections_for(text, manufacturer) if text.strip() else []
        )
        if rejected:
            return without_rejected(identification, rejected, self.calibrate)
        return identification

    def _match(
        self, marking: str, part_number: str, manufacturer: str, name: str = ""
    ) -> Identification:
        texts = [
            t for t in (part_number, marking) if t.strip() and not illegible_reason(t)
        ]
        given = self.index.resolve_maker(manufacturer)
        # A name or description cell ("Наименование") is read for its part numbers when
        # the row gives none, and for the maker it names in any case.
        described = read_free_text(name, self.index.logos) if name.strip() else None
        if not texts and described is not None and described.candidates:
            texts = [name]
        named = described.maker if described is not None else ""
        if not texts:
            first = next((t for t in (part_number, marking) if t.strip()), "")
            if not given and named:
                return maker_only(
                    named,
                    _named_as(described),
                    illegible_reason(first) if first else "",
                    self.calibrate,
                    basis=NAMED_IN_TEXT,
                )
            return maker_only(
                given, manufacturer, illegible_reason(first), self.calibrate
            )
        readings: list[Marking] = []
        for text in texts:
            read, free = self._readings(text)
            readings.extend(read)
            if free is not None and free.maker and not named:
                named, described = free.maker, free
        if not readings:
            reason = illegible_reason(texts[0]) or "marking holds no part number"
            if not given and named:
                return maker_only(
                    named, _named_as(described), reason, self.calibrate,
                    basis=NAMED_IN_TEXT,
                )  # fmt: skip
            return maker_only(given, manufacturer, reason, self.calibrate)
        normalised = readings[0].key
        readings.extend(self._restored(readings))
        hint = given or next((r.maker_hint for r in readings if r.maker_hint), "")
        hint = hint or named
        best = _strongest(readings, self.index)
        if best is None:
            reason = distributor_code_reason(texts[0]) or illegible_reason(texts[0])
            if given:
                return maker_only(
                    given, manufacturer, reason, self.calibrate, normalised
                )
            if hint:
                return maker_only(
                    hint,
                    _named_as(described) if hint == named else hint,
                    reason,
                    self.calibrate,
                    normalised,
                    basis=LOGO_ON_MARKING if hint != named else NAMED_IN_TEXT,
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
        decided = self._decided(
            reading, candidates, given, named, hint, manufacturer, described,
            normalised,
        )  # fmt: skip
        if decided.status is Status.UNMATCHED:
            # Not when ambiguous: makers that share a catalogued number stay open.
            for other, why in self._alternatives(readings, reading, candidates):
                again = self._decided(
                    *other, given, named, hint, manufacturer, described, normalised,
                )  # fmt: skip
                if again.status is Status.MATCHED:
                    decided = replace(again, evidence=f"{again.evidence}; {why}")
                    break
        return decided

    def _alternatives(
        self, readings: list[Marking], tried: Marking, found: list[Candidate]
    ) -> Iterator[tuple[tuple[Marking, list[Candidate]], str]]:
        """Other readings to decide by when the best-ranked one identifies nothing.

        A catalogued number's start ("TMS320" of "TMS320 F28335PGFA") may be weaker
        evidence than the maker's prefix on the whole number; free text may hold several
        numbers ("PWM controller 12095 PAOC NCP1230D100R2").
        """
        shown = tried.steps[0].after if tried.steps else tried.text
        if found and found[0].method is MatchMethod.TRUNCATED:
            same = [r for r in readings if r.position == tried.position]
            weak = _best(same, self.index, strong=False)
        else:
            weak = None
        if weak is not None and weak[0] is not tried:
            yield (
                weak,
                f"the catalogued start '{tried.key}' alone names no maker surely",
            )
        for position in sorted({r.position for r in readings} - {tried.position}):
            others = [r for r in readings if r.position == position]
            other = _strongest(others, self.index)
            if other is not None:
                yield other, f"the text's first number '{shown}' identifies no part"

    def _decided(
        self,
        reading: Marking,
        candidates: list[Candidate],
        given: str,
        named: str,
        hint: str,
        manufacturer: str,
        described: FreeText | None,
        normalised: str,
    ) -> Identification:
        """The identification one reading and its candidates give (``_match``'s last step)."""
        if given:
            basis = MANUFACTURER_GIVEN
        elif reading.maker_hint and reading.maker_hint != named:
            basis = LOGO_ON_MARKING
        else:
            basis = NAMED_IN_TEXT if hint else MANUFACTURER_GIVEN
        written = manufacturer or (
            _named_as(described) if basis == NAMED_IN_TEXT else hint
        )
        if reading.position or (
            reading.steps
            and reading.steps[0].rule.startswith("part number read out of the text")
        ):
            # Free text: the number the identification rests on is the lookup key, as
            # printed: a prefix put back is shown in the evidence, not added to it.
            normalised = reading.key[len(reading.restored) :]
        decided = self._decide(
            reading,
            candidates,
            hint,
            written,
            normalised,
            basis,
            bool(given),
            unknown_given="" if given else manufacturer.strip(),
        )
        if reading.date_code_hint:
            decided = replace(decided, date_code_hint=reading.date_code_hint)
        if reading.restored_by == "logo" and not decided.mpn and decided.evidence:
            # The logo names the maker; which of its prefixes the chip top left off is a
            # guess no catalogued number confirms.
            decided = replace(
                decided,
                evidence=f"{decided.evidence}; the part number is not known: the"
                f" prefix '{reading.restored}' was put back from the logo alone",
            )
        return decided

    def _decide(
        self,
        reading: Marking,
        candidates: list[Candidate],
        hint: str,
        manufacturer: str,
        normalised: str,
        basis: str = MANUFACTURER_GIVEN,
        given: bool = True,
        unknown_given: str = "",
    ) -> Identification:
        """Decides among the candidates of the best reading.

        ``hint``: the maker the row names (manufacturer column, logo or free text),
        written ``manufacturer``; ``basis`` says which; ``given`` is true when it came
        from the manufacturer column.
        """
        index = self.index
        trail = _trail(reading)
        key = compact(candidates[0].mpn) or reading.key
        family, decided_by_prefix = _second_source(index, key, reading.key)
        if family is not None and not decided_by_prefix:
            _add_family_makers(candidates, family, reading, hint if given else "")
        system = None
        if family is None:
            system, decided_by_prefix = _numbering(index, key, reading.key)
            if system is not None and not decided_by_prefix:
                _add_system_makers(candidates, system, index, reading, hint)
        elif not hint and not decided_by_prefix:
            _add_prefix_owner(candidates, index, reading)
        if family is None and system is None and not hint:
            _add_prefix_owner(candidates, index, reading)
        if candidates[0].method in _MAKER_DECIDING and not hint:
            hint = decided_by_prefix = candidates[0].maker
        if not hint and decided_by_prefix:
            hint, basis = decided_by_prefix, OWN_PREFIX
        top = max(c.score for c in candidates)
        leaders = [c for c in candidates if c.score >= top - TIE_MARGIN]
        if hint:
            agreeing = [
                c
                for c in candidates
                if index.same_group(c.maker, hint)
                or index.made_line_of(c.maker, hint, c.mpn or reading.key)
            ]
            if agreeing:
                chosen = max(agreeing, key=lambda c: c.score)
                note = _maker_note(
                    hint,
                    manufacturer,
                    decided_by_prefix,
                    given and index.maker_misspelt(manufacturer),
                    basis,
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
                    basis=basis,
                )
            return Identification(
                status=Status.AMBIGUOUS,
                reason=(
                    f"manufacturer given as '{manufacturer or hint}'"
                    if basis == MANUFACTURER_GIVEN
                    else f"{basis} ('{manufacturer or hint}')"
                )
                + f" but the catalog names {_makers(leaders)}",
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
            confidence = self.calibrate(chosen.method, chosen.score)
            evidence = trail + chosen.evidence
            if _short_prefix(chosen):
                # Shared by too many makers (or too easily misread) to name one alone.
                confidence = min(confidence, SHORT_PREFIX_CONFIDENCE)
                evidence += f"; the prefix '{chosen.prefix}' alone is a hint only"
            elif unknown_given and chosen.method in _MAKER_LEVEL_ONLY:
                # The sheet names a maker the catalogs do not know; a prefix or a near
                # miss of another maker does not overrule it.
                confidence = min(confidence, SHORT_PREFIX_CONFIDENCE)
                evidence += (
                    f"; but the sheet names '{unknown_given}', a maker the catalogs"
                    " do not list: a hint only"
                )
            return matched(
                chosen,
                candidates,
                confidence,
                evidence,
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
        if family is not None:
            reason = f"'{family.prefix}' is made by several makers and the row does not say which"
        elif system is not None:
            reason = (
                f"'{leaders[0].mpn or reading.key}' is a {system.system} number ({system.ref}),"
                " made by many makers; the row does not say which"
            )
        else:
            reason = f"several makers fit: {_makers(leaders)}"
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
    if (
        len(prefix_makers) == 1
        and len(prefix) >= skip
        and any(index.same_group(prefix_makers[0], m) for m in family.makers)
    ):
        # The letters are the own prefix of one of the family's makers (SN74HC: TI);
        # Sierra Wireless's module prefix MC78 does not make MC7805 its regulator.
        return family, prefix_makers[0]
    return family, ""


def _numbering(
    index: CatalogIndex, key: str, reading_key: str
) -> tuple[NumberingSystem | None, str]:
    """The industry numbering system of a number, and the maker its leading letters name.

    Letters before a registered number name its maker only when they are one maker's
    own prefix and that maker makes numbers of the system (SN74 -> Texas Instruments,
    L78 -> STMicroelectronics); MC78 is Sierra Wireless's module prefix, not a maker of
    7805s, so MC7805 stays open.
    """
    for number in dict.fromkeys((key, reading_key)):
        system = index.numbering_of(number)
        if system is None:
            continue
        prefix, owners = index.makers_by_prefix(number)
        if len(owners) == 1 and len(prefix) >= 2:
            owner = owners[0]
            if any(index.same_group(owner, m) for m in index.system_makers(system)):
                return system, owner
        return system, ""
    return None, ""


def _add_system_makers(
    candidates: list[Candidate],
    system: NumberingSystem,
    index: CatalogIndex,
    reading: Marking,
    hint: str,
) -> None:
    """A registered number may be any maker's: its makers become candidates.

    Makers that catalogue numbers of the system are listed (the most prolific first),
    and the maker the row names, whatever the catalogs say.
    """
    mpn = candidates[0].mpn
    if not mpn or candidates[0].method in _PRINTED_NUMBER:
        mpn = reading.text.upper().replace(" ", "")
    known = {c.maker for c in candidates}
    makers = [
        *index.system_makers(system)[:SYSTEM_MAKERS_SHOWN],
        *([hint] if hint else []),
    ]
    for maker in makers:
        if maker in known:
            continue
        known.add(maker)
        candidates.append(
            Candidate(
                maker=maker,
                mpn=mpn,
                method=MatchMethod.SECOND_SOURCE,
                score=candidates[0].score,
                evidence=f"'{mpn}' is a {system.system} number ({system.ref}): {system.description}",
                catalog_ref=system.ref,
                category=candidates[0].category,
                description=candidates[0].description,
            )
        )


def _add_prefix_owner(
    candidates: list[Candidate], index: CatalogIndex, reading: Marking
) -> None:
    """A catalogued number that carries another maker's own prefix is made by both.

    KiCad lists MAX3221 under Texas Instruments (TI makes it too), but MAX is Maxim's
    prefix: the row names neither, so both are candidates and the row stays open.
    """
    leader = candidates[0]
    if leader.method not in _CATALOGUED:
        return
    number = compact(leader.mpn) or reading.key
    prefix, owners = index.makers_by_prefix(number)
    if len(prefix) < 3 or not owners:
        return
    if index.registers_prefix_of(leader.maker, leader.mpn):
        # The catalogued maker uses such a prefix itself (Lite-On's LTC-): no conflict.
        return
    if any(index.same_group(owner, c.maker) for owner in owners for c in candidates):
        return
    if any(index.made_line_of(owner, leader.maker, number) for owner in owners):
        return
    for owner in owners:
        fit, support = index.prefix_fit(prefix, owner, number[len(prefix) :])
        if not fit or support < 3:
            # Only a prefix whose owner catalogues numbers of this very shape says so.
            continue
        candidates.append(
            Candidate(
                maker=owner,
                mpn=leader.mpn,
                method=MatchMethod.SECOND_SOURCE,
                score=leader.score,
                evidence=f"'{prefix}' is {owner}'s own prefix ({index.makers[owner].ref}),"
                f" but the catalog lists '{leader.mpn}' under {leader.maker}: both may make it",
                catalog_ref=index.makers[owner].ref,
                category=leader.category,
                description=leader.description,
            )
        )


def _add_family_makers(
    candidates: list[Candidate],
    family: SecondSourceFamily,
    reading: Marking,
    given: str = "",
) -> None:
    """Every maker of a second-source family becomes a candidate, and the maker the row names."""
    # The catalogued number, or the number as printed when only its start was catalogued.
    mpn = candidates[0].mpn
    if not mpn or candidates[0].method in _PRINTED_NUMBER:
        mpn = reading.text.upper().replace(" ", "")
    known = {c.maker for c in candidates}
    for maker in (*family.makers, *([given] if given else [])):
        if maker not in known:
            known.add(maker)
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


def _strongest(
    readings: list[Marking], index: CatalogIndex
) -> tuple[Marking, list[Candidate]] | None:
    """The best reading by the strong stages, else by the weak ones (None: no reading
    matches anything)."""
    return _best(readings, index, strong=True) or _best(readings, index, strong=False)


def _best(
    readings: list[Marking], index: CatalogIndex, *, strong: bool
) -> tuple[Marking, list[Candidate]] | None:
    best: tuple[float, int, Marking, list[Candidate]] | None = None
    for order, reading in enumerate(readings):
        if not strong and reading.restored_by == "catalog":
            # A prefix put back because a catalogued number continues that way is
            # evidence only when that number (or its pattern or base) matches.
            continue
        found: list[Candidate] = []
        for stage in STRONG_STAGES if strong else WEAK_STAGES:
            found.extend(stage(reading, index))
            if found and strong:
                break
        if not found:
            continue
        if reading.restored:
            restored_method = strong or reading.restored_by == "tail"
            found = [
                replace(
                    c,
                    method=MatchMethod.RESTORED_PREFIX if restored_method else c.method,
                    score=c.score - RESTORED_COST,
                )
                for c in found
            ]
        top = max(c.score for c in found)
        # A more literal reading (earlier) wins ties; a longer key is more specific.
        rank = top + 0.001 * min(len(reading.key), 20)
        if any(step.rule in DROPPING_RULES for step in reading.steps):
            rank -= DROPPED_TEXT_COST
        rank -= LATER_CANDIDATE_COST * min(reading.position, 5)
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


def _maker_note(
    hint: str,
    manufacturer: str,
    decided_by: str,
    misspelt: bool,
    basis: str = MANUFACTURER_GIVEN,
) -> str:
    if manufacturer and basis == MANUFACTURER_GIVEN:
        read = "read as" if misspelt else ""
        return f"manufacturer given as '{manufacturer}' ({read + ' ' if read else ''}{hint}) agrees"
    if manufacturer and basis == NAMED_IN_TEXT:
        return f"maker named in the text ('{manufacturer}' -> {hint}) agrees"
    if decided_by:
        return f"the maker's own prefix or order code names {hint}"
    return f"maker logo on the marking names {hint}"


def _named_as(free: FreeText | None) -> str:
    """How the text wrote the maker it names ("ATMEL")."""
    if free is None or not free.makers:
        return ""
    return free.makers[0][1]


def _short_prefix(candidate: Candidate) -> bool:
    """A maker named only by a prefix too weak to name one: two letters or fewer (XC, SY,
    MC, TS ...), digits only (Molex's 2033 is also a date code), or read with look-alike
    characters (1225 as Intel's I225)."""
    if candidate.method is not MatchMethod.FAMILY_PREFIX or not candidate.prefix:
        return False
    return (
        len(candidate.prefix) <= SHORT_PREFIX
        or candidate.prefix.isdigit()
        or "look-alike" in candidate.evidence
    )
