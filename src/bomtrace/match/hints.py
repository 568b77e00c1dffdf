"""The weak match stages: a maker named by a prefix, a second-source family or a near miss.

Pure. These run only when no strong stage (``stages``) found a catalogued part in any
reading of the marking. They name a maker, not a part number, and their raw scores are
weighed by what else the catalogs say: whether what follows a maker's prefix looks like
that maker's catalogued numbers, how close a near miss is.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bomtrace.catalog.index import CatalogIndex
from bomtrace.match.candidates import candidate
from bomtrace.model import Candidate, Marking, MatchMethod
from bomtrace.normalise import compact

# rapidfuzz ratio below which a near miss is not proposed at all.
FUZZY_CUTOFF = 84.0
# Raw-score cost of reading a prefix with look-alike characters (5TM32 as STM32).
LOOK_ALIKE_COST = 0.06
# Raw score of a maker's prefix by its length: a longer prefix is more specific.
PREFIX_SCORE = {2: 0.5, 3: 0.6, 4: 0.7}
LONG_PREFIX_SCORE = 0.78
# Raw-score change when what follows a maker's prefix looks like (or unlike) the
# maker's catalogued numbers with that prefix, or when none is catalogued. The shape
# is the strongest evidence a prefix has: Everlight's IRM-3638T and Mean Well's
# IRM-05-12 share a prefix, not a shape.
PREFIX_SHAPE_AGREES = 0.2
PREFIX_SHAPE_AGREES_FEW = 0.1
PREFIX_SHAPE_DIFFERS = -0.3
PREFIX_SHAPE_DIFFERS_FEW = -0.1
PREFIX_SHAPE_UNKNOWN = -0.05
# Fewer catalogued numbers than this with a prefix say little about its shapes.
MIN_SHAPE_SUPPORT = 3
# A short prefix followed by a letter with no catalogued shape to compare ("AD" + "X")
# may be the start of another word.
SHORT_PREFIX_LETTER = -0.1
# A look-alike reading of the prefix is used only when it is this much longer than
# the literal one: 5TM32 has no literal prefix, IRF8302 keeps IRF (not IRFB).
LOOK_ALIKE_PREFIX_GAIN = 2


def family_prefix(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking starts with a maker's own part-number prefix (STM32 -> ST, ADXRS -> ADI); the part itself is not catalogued."""
    spaced = reading.text.upper().replace(" ", "")
    prefix, makers = index.makers_by_prefix(spaced)
    rest = spaced[len(prefix) :]
    if not makers:
        prefix, makers = index.makers_by_prefix(reading.key)
        rest = reading.key[len(prefix) :]
    pairs = [(prefix, maker, rest, 0.0, "") for maker in makers]
    alike = index.makers_by_look_alike_prefix(reading.key)
    if (
        alike
        and len(compact(alike[0][0])) >= len(compact(prefix)) + LOOK_ALIKE_PREFIX_GAIN
    ):
        # Only a look-alike reading finds the (longer) prefix: 5TM32 read as STM32.
        width = len(compact(alike[0][0]))
        pairs = [
            (
                written,
                maker,
                reading.key[width:],
                LOOK_ALIKE_COST,
                f" (read '{reading.key[:width]}' as '{written}', look-alike characters)",
            )
            for written, maker in alike
        ]
    found = []
    for written, maker, after, cost, read_as in pairs:
        if not after:
            continue
        score = PREFIX_SCORE.get(len(written), LONG_PREFIX_SCORE) - cost
        change, note = _prefix_shape(index, written, maker, after)
        if change <= PREFIX_SHAPE_UNKNOWN and len(written) < 4 and after[:1].isalpha():
            change += SHORT_PREFIX_LETTER
        found.append(
            Candidate(
                maker=maker,
                mpn="",
                method=MatchMethod.FAMILY_PREFIX,
                score=round(score + change, 4),
                evidence=f"prefix '{written}'{read_as} is a part-number prefix of {maker} ({index.makers[maker].ref}), {note}",
                catalog_ref=index.makers[maker].ref,
            )
        )
    return found


def _prefix_shape(
    index: CatalogIndex, prefix: str, maker: str, rest: str
) -> tuple[float, str]:
    """How what follows the prefix changes the evidence, and the words that say so."""
    fit, support = index.prefix_fit(prefix, maker, rest)
    examples = ", ".join(index.prefix_examples(prefix, maker))
    few = support < MIN_SHAPE_SUPPORT
    if fit is None:
        return PREFIX_SHAPE_UNKNOWN, "no number of this family is catalogued"
    if fit:
        change = PREFIX_SHAPE_AGREES_FEW if few else PREFIX_SHAPE_AGREES
        return change, f"shaped like its catalogued {examples}"
    if few:
        return PREFIX_SHAPE_DIFFERS_FEW, f"unlike its few catalogued {examples}"
    return PREFIX_SHAPE_DIFFERS, f"but not shaped like its catalogued {examples}"


def second_source_family(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking belongs to an industry-standard number that several makers publish (LM317, 74HC, 1N4148)."""
    family, _ = index.family_of(reading.key)
    if family is None:
        return []
    return [
        Candidate(
            maker=maker,
            mpn=reading.text.upper().replace(" ", ""),
            method=MatchMethod.SECOND_SOURCE,
            score=0.8,
            evidence=f"'{family.prefix}' ({family.description}) is a second-source number ({family.ref})",
            catalog_ref=family.ref,
        )
        for maker in family.makers
    ]


def fuzzy_part(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """The marking is close to catalogued numbers of one maker (a slip of one or two characters); the maker is named, the part number is not."""
    if len(reading.key) < 5:
        return []
    near = process.extract(
        reading.key,
        index.parts.near_keys(reading.key),
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=5,
    )
    if not near:
        return []
    best = near[0][1]
    score = 0.4 + (best - FUZZY_CUTOFF) / (100 - FUZZY_CUTOFF) * 0.4
    found: dict[str, Candidate] = {}
    for key, similarity, _ in near:
        if similarity < best - 2:
            break
        for part in index.parts.near_parts(key):
            found.setdefault(
                part.maker,
                candidate(
                    part,
                    MatchMethod.FUZZY,
                    score,
                    f"close to catalog row {part.ref} ('{part.mpn}', similarity {similarity:.0f}%)",
                ),
            )
    return list(found.values())
