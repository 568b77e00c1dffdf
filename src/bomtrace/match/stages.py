"""The match stages: one reading of a marking -> candidate identifications with evidence.

Pure. Each stage is a function ``(reading, index) -> list[Candidate]`` whose docstring is
the explanation shown to researchers. ``STRONG_STAGES`` (here) cite a catalog row for
the exact part and run in order until one finds something; ``WEAK_STAGES`` (``hints``)
name a maker (family prefix, a near miss) and run only when no strong stage found
anything in any reading.
Scores are raw; ``confidence`` turns them into calibrated probabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bomtrace.catalog.index import CatalogIndex
from bomtrace.catalog.partindex import PartIndex
from bomtrace.catalog.records import PartRecord
from bomtrace.match.candidates import candidate as _candidate
from bomtrace.match.hints import family_prefix, fuzzy_part, second_source_family
from bomtrace.model import Candidate, Marking, MatchMethod
from bomtrace.normalise import compact
from bomtrace.normalise.confusables import ocr_skeleton
from bomtrace.normalise.ordering import describe_suffix

Stage = Callable[[Marking, CatalogIndex], list[Candidate]]

_SEPARATORS = "-/#,.+ _"
# Longest orderable suffix (package, grade, temperature, reel) accepted after a base part.
MAX_SUFFIX = 8
# Raw-score cost of reading a character as its look-alike (O as 0, I as 1 ...).
LOOK_ALIKE_COST = 0.06


def _is_literal(reading: Marking, part: PartRecord) -> bool:
    return reading.raw.strip().upper() == part.mpn.upper()


def variant_of(part: PartRecord, key: str) -> str:
    """The catalogued pattern with its wildcards filled from the marking (STM32F405RGT6).

    Punctuation comes from the catalog's spelling, letters and digits from the key.
    """
    template = part.pattern or part.mpn
    out: list[str] = []
    position = 0
    for ch in template:
        if ch.isalnum() or ch == "?":
            out.append(
                key[position] if ch == "?" and position < len(key) else ch.upper()
            )
            position += 1
        else:
            out.append(ch)
    return "".join(out)


# -- the stages over one view of the part numbers -------------------------------------
# Each helper takes the key in the view's own form: compact for the literal view,
# OCR skeleton for the look-alike view.


def _exact(reading: Marking, key: str, parts: PartIndex) -> list[Candidate]:
    found = []
    for part in parts.exact(key):
        literal = _is_literal(reading, part)
        method = MatchMethod.EXACT if literal else MatchMethod.NORMALISED
        found.append(
            _candidate(
                part,
                method,
                0.99 if literal else 0.97,
                f"{'exact' if literal else 'normalised'} catalog row {part.ref}",
            )
        )
    return found


def _pattern(
    key: str, parts: PartIndex, fill: str, printed: str = ""
) -> list[Candidate]:
    """``printed``: the marking's own spelling, reported when it is the number itself."""
    return [
        _candidate(
            part,
            MatchMethod.PATTERN,
            0.95,
            f"fits pattern '{part.pattern}' of catalog row {part.ref}",
            printed or variant_of(part, fill),
        )
        for part in parts.pattern(key)
    ]


def _base(
    reading: Marking, key: str, parts: PartIndex, groups: dict[str, str]
) -> list[Candidate]:
    spaced = reading.text.upper().replace(" ", "")
    for head, found in parts.longest_prefix(key):
        suffix = reading.key[len(head) :]
        separated = _separator_after(spaced, head)
        # A suffix starts with a letter, follows a separator, or follows a number that
        # ends in a letter (MS5611-01BA + 03); "LM358" + "0" is another part.
        if not suffix or len(suffix) > MAX_SUFFIX:
            continue
        if not (suffix[0].isalpha() or separated or head[-1].isalpha()):
            continue
        candidates = []
        for part in found:
            written = _text_after(spaced, len(head))
            meaning = describe_suffix(
                (part.maker, groups.get(part.maker, part.maker)), written
            )
            score = 0.93 - 0.015 * max(0, len(suffix) - 2)
            if meaning:
                # The maker's own ordering code: as good as a catalogued variant.
                score = 0.95
            text = f"catalog row {part.ref} ('{part.mpn}') plus orderable suffix '{suffix}'"
            # A pattern base (LT3748xMS) is reported as the variant the marking shows.
            number = variant_of(part, reading.key) if "?" in part.pattern else ""
            candidates.append(
                _candidate(
                    part,
                    MatchMethod.BASE_PART,
                    score,
                    text + (f" ({meaning})" if meaning else ""),
                    number,
                )
            )
        return candidates
    return []


def _truncated(key: str, parts: PartIndex, fill: str) -> list[Candidate]:
    if len(key) < 5 or parts.exact(key):
        return []
    found = parts.starting_with(key)
    if not found:
        return []
    examples = ", ".join(sorted({p.mpn for p in found})[:3])
    score = 0.85 if len(key) >= 7 else 0.75
    by_maker: dict[str, PartRecord] = {}
    for part in found:
        by_maker.setdefault(part.maker, part)
    return [
        _candidate(
            part,
            MatchMethod.TRUNCATED,
            score,
            f"start of catalogued {examples} (e.g. row {part.ref})",
            variant_of(part, fill)[: _printed_length(part, key)],
        )
        for part in by_maker.values()
    ]


def _printed_length(part: PartRecord, key: str) -> int:
    """How many characters of the catalog's spelling cover the first len(key) letters."""
    seen = 0
    for position, ch in enumerate(part.pattern or part.mpn):
        if ch.isalnum() or ch == "?":
            seen += 1
        if seen == len(key):
            return position + 1
    return len(part.mpn)


# -- strong stages ------------------------------------------------------------------


def exact_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is a catalogued part number, letter for letter or after normalisation."""
    found = _exact(reading, reading.key, index.parts)
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


def top_mark_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is a code the maker prints in place of the number, from its published table (Micron's D9PSS)."""
    found = []
    for mark in index.topmarks.get(reading.key, ()):
        parts = index.exact(compact(mark.mpn))
        part = next((p for p in parts if index.same_group(p.maker, mark.maker)), None)
        found.append(
            Candidate(
                maker=mark.maker,
                mpn=mark.mpn,
                method=MatchMethod.TOP_MARK,
                score=0.93,
                evidence=f"top mark '{mark.marking}' stands for {mark.mpn} in {mark.maker}'s"
                f" marking table ({mark.ref}; {mark.source})",
                catalog_ref=part.ref if part else mark.ref,
                category=part.category if part else "",
                description=part.description if part else "",
            )
        )
    return found


def pattern_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is one orderable variant of a catalogued pattern (STM32F405RGT6 of STM32F405RGTx)."""
    printed = reading.text.upper().replace(" ", "")
    return _pattern(reading.key, index.parts, reading.key, printed)


def base_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is a catalogued part number followed by an orderable suffix (package, grade, reel)."""
    return _base(reading, reading.key, index.parts, index.groups)


def truncated_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is the start of catalogued part numbers (chip tops often print a shortened number)."""
    return _truncated(reading.key, index.parts, reading.key)


def _look_alike(
    reading: Marking, index: CatalogIndex, finders: Sequence[str]
) -> list[Candidate]:
    skeleton = ocr_skeleton(reading.key)
    view = index.look_alike
    for finder in finders:
        if finder == "exact":
            found = _exact(reading, skeleton, view)
        elif finder == "pattern":
            found = _pattern(skeleton, view, reading.key)
        elif finder == "base":
            found = _base(reading, skeleton, view, index.groups)
        else:
            found = _truncated(skeleton, view, reading.key)
        found = [c for c in found if c.catalog_ref not in _literal_refs(reading, index)]
        if found:
            return [
                replace(
                    c,
                    method=MatchMethod.CONFUSABLE,
                    score=c.score - LOOK_ALIKE_COST,
                    evidence=f"read '{reading.key}' with look-alike characters (0/O, 1/I, 5/S, 8/B, 2/Z): {c.evidence}",
                )
                for c in found
            ]
    return []


def _literal_refs(reading: Marking, index: CatalogIndex) -> set[object]:
    return {p.ref for p in index.exact(reading.key)}


def confusable_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking differs from a catalogued number or pattern only by look-alike characters (0/O, 1/I, 5/S, 8/B, 2/Z)."""
    return _look_alike(reading, index, ("exact", "pattern"))


def confusable_base_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """Read with look-alike characters, the marking is a catalogued number plus a suffix, or its start."""
    return _look_alike(reading, index, ("base", "truncated"))


def _text_after(spaced: str, letters: int) -> str:
    """The text after its first ``letters`` letters and digits, punctuation included."""
    seen = 0
    for position, ch in enumerate(spaced):
        if ch.isalnum():
            seen += 1
            if seen == letters:
                return spaced[position + 1 :]
    return ""


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
# near miss. Their order is the order of preference.
STRONG_STAGES: Sequence[Stage] = (
    exact_part,
    top_mark_part,
    pattern_part,
    confusable_part,
    base_part,
    truncated_part,
    confusable_base_part,
)
WEAK_STAGES: Sequence[Stage] = (second_source_family, family_prefix, fuzzy_part)
