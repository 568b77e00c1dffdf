"""The match stages: one reading of a marking -> candidate identifications with evidence.

Pure. Each stage is a function ``(reading, index) -> list[Candidate]`` whose docstring is
the explanation shown to researchers. ``STRONG_STAGES`` cite a catalog row for the exact
part; ``WEAK_STAGES`` name a maker (family prefix) or a near miss (fuzzy) and run only
when no strong stage found anything in any reading. Scores are raw; ``confidence``
turns them into calibrated probabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process

from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.records import PartRecord
from bomtrace.model import Candidate, Marking, MatchMethod

Stage = Callable[[Marking, CatalogIndex], list[Candidate]]

_SEPARATORS = "-/#,.+ _"
# Longest orderable suffix (package, grade, temperature, reel) accepted after a base part.
MAX_SUFFIX = 8
# rapidfuzz ratio below which a near miss is not proposed at all.
FUZZY_CUTOFF = 88.0


def _candidate(
    part: PartRecord, method: MatchMethod, score: float, evidence: str, mpn: str = ""
) -> Candidate:
    return Candidate(
        maker=part.maker,
        mpn=mpn or part.mpn,
        method=method,
        score=score,
        evidence=evidence,
        catalog_ref=part.ref,
        category=part.category,
        description=part.description,
    )


def _as_printed(reading: Marking) -> str:
    """The reading as a part number: upper case, spaces removed, punctuation kept."""
    return reading.text.upper().replace(" ", "")


def _is_literal(reading: Marking, part: PartRecord) -> bool:
    return reading.raw.strip().upper() == part.mpn.upper()


def exact_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is a catalogued part number, letter for letter or after normalisation."""
    found = []
    for part in index.exact(reading.key):
        literal = _is_literal(reading, part)
        method = MatchMethod.EXACT if literal else MatchMethod.NORMALISED
        score = 0.99 if literal else 0.97
        found.append(
            _candidate(
                part,
                method,
                score,
                f"{'exact' if literal else 'normalised'} catalog row {part.ref}",
            )
        )
    for part in index.distributor_pn(reading.key):
        found.append(
            _candidate(
                part,
                MatchMethod.DISTRIBUTOR_PN,
                0.96,
                f"distributor order code listed for {part.maker} {part.mpn} in catalog row {part.ref}",
            )
        )
    return found


def pattern_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is one orderable variant of a catalogued pattern (STM32F405RGT6 of STM32F405RGTx)."""
    return [
        _candidate(
            part,
            MatchMethod.PATTERN,
            0.95,
            f"fits pattern '{part.pattern}' of catalog row {part.ref}",
            _as_printed(reading),
        )
        for part in index.pattern(reading.key)
    ]


def base_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is a catalogued part number followed by an orderable suffix (package, grade, reel)."""
    spaced = reading.text.upper().replace(" ", "")
    for head, parts in index.longest_prefix(reading.key):
        suffix = reading.key[len(head) :]
        separated = _separator_after(spaced, head)
        # A suffix starts with a letter, follows a separator, or follows a number that
        # ends in a letter (MS5611-01BA + 03); "LM358" + "0" is another part.
        if len(suffix) > MAX_SUFFIX or not (
            suffix[0].isalpha() or separated or head[-1].isalpha()
        ):
            continue
        score = 0.93 - 0.015 * max(0, len(suffix) - 2)
        return [
            _candidate(
                part,
                MatchMethod.BASE_PART,
                score,
                f"catalog row {part.ref} ('{part.mpn}') plus orderable suffix '{suffix}'",
            )
            for part in parts
        ]
    return []


def truncated_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is the start of catalogued part numbers (chip tops often print a shortened number)."""
    if len(reading.key) < 5 or index.exact(reading.key):
        return []
    parts = index.starting_with(reading.key)
    if not parts:
        return []
    examples = ", ".join(sorted({p.mpn for p in parts})[:3])
    score = 0.85 if len(reading.key) >= 7 else 0.75
    by_maker: dict[str, PartRecord] = {}
    for part in parts:
        by_maker.setdefault(part.maker, part)
    return [
        _candidate(
            part,
            MatchMethod.TRUNCATED,
            score,
            f"start of catalogued {examples} (e.g. row {part.ref})",
            _as_printed(reading),
        )
        for part in by_maker.values()
    ]


def confusable_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking differs from a catalogued number only by look-alike characters (0/O, 1/I, 5/S, 8/B, 2/Z)."""
    return [
        _candidate(
            part,
            MatchMethod.CONFUSABLE,
            0.88,
            f"read '{reading.key}' as '{part.mpn}' (look-alike characters), catalog row {part.ref}",
        )
        for part in index.ocr_variants(reading.key)
        if part not in index.exact(reading.key)
    ]


def family_prefix(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking starts with a maker's own part-number prefix (STM32 -> ST, ADXRS -> ADI); the part itself is not catalogued."""
    spaced = reading.text.upper().replace(" ", "")
    prefix, makers = index.makers_by_prefix(spaced)
    if not makers:
        prefix, makers = index.makers_by_prefix(reading.key)
    if not makers or len(prefix) >= len(reading.key):
        return []
    following = reading.key[
        len(prefix.replace("-", "")) : len(prefix.replace("-", "")) + 1
    ]
    score = {2: 0.5, 3: 0.62, 4: 0.72}.get(len(prefix), 0.8)
    if len(prefix) < 4 and prefix[-1].isalpha() and following.isalpha():
        score -= 0.12
    return [
        Candidate(
            maker=maker,
            mpn="",
            method=MatchMethod.FAMILY_PREFIX,
            score=score,
            evidence=f"prefix '{prefix}' is a part-number prefix of {maker} ({index.makers[maker].ref})",
            catalog_ref=index.makers[maker].ref,
        )
        for maker in makers
    ]


def second_source_family(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking belongs to an industry-standard number that several makers publish (LM317, 74HC, 1N4148)."""
    family, _ = index.family_of(reading.key)
    if family is None:
        return []
    return [
        Candidate(
            maker=maker,
            mpn=_as_printed(reading),
            method=MatchMethod.SECOND_SOURCE,
            score=0.8,
            evidence=f"'{family.prefix}' ({family.description}) is a second-source number ({family.ref})",
            catalog_ref=family.ref,
        )
        for maker in family.makers
    ]


def fuzzy_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is close to a catalogued number (a slip of one or two characters)."""
    if len(reading.key) < 5:
        return []
    block = index.blocks.get(reading.key[:2], [])
    best = process.extractOne(
        reading.key, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
    )
    if best is None:
        return []
    key, similarity, _ = best
    score = 0.4 + (similarity - FUZZY_CUTOFF) / (100 - FUZZY_CUTOFF) * 0.35
    return [
        _candidate(
            part,
            MatchMethod.FUZZY,
            score,
            f"close to catalog row {part.ref} ('{part.mpn}', similarity {similarity:.0f}%)",
        )
        for part in index.exact(key)
    ]


def _separator_after(spaced: str, head: str) -> bool:
    """Tells whether a separator follows the first ``len(head)`` letters and digits of a text."""
    seen = 0
    for position, ch in enumerate(spaced):
        if ch.isalnum():
            seen += 1
        if seen == len(head):
            return position + 1 < len(spaced) and spaced[position + 1] in _SEPARATORS
    return False


# The algorithm as a table: strong stages cite a catalogued part, weak ones a maker or a
# near miss. Their order is the order of preference among equal scores.
STRONG_STAGES: Sequence[Stage] = (
    exact_part,
    pattern_part,
    confusable_part,
    base_part,
    truncated_part,
)
WEAK_STAGES: Sequence[Stage] = (second_source_family, family_prefix, fuzzy_part)
