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
from bomtrace.normalise.vocabulary import KINDS_OF_PART

# How many of a numbering system's makers are listed as candidates.
SYSTEM_MAKERS_SHOWN = 6
# rapidfuzz ratio below which a near miss is not proposed at all.
FUZZY_CUTOFF = 84.0
# Raw score of a near miss: from FUZZY_FLOOR at the cutoff to FLOOR + SPAN when equal.
# On real records a number one character from a catalogued one is as often another
# maker's part (3PEAK's TP7150 beside TI's TPS7150) as a slip of the pen.
FUZZY_FLOOR = 0.3
FUZZY_SPAN = 0.3
# Raw-score cost of reading a prefix with look-alike characters (5TM32 as STM32). High:
# on real records people type what the chip shows, and a digit read as a letter makes
# a prefix out of anything (1225 as Intel's I225, S12 as Vishay's SI2).
LOOK_ALIKE_COST = 0.25
# Raw score of a maker's prefix by its length: a longer prefix is more specific. The
# world has far more makers than the catalogs, and two-letter prefixes are shared by
# many of them (XC: Xilinx and Torex; SY: Micrel and Silergy; MC, TS, CD ...).
PREFIX_SCORE = {2: 0.35, 3: 0.55, 4: 0.65}
LONG_PREFIX_SCORE = 0.75
# A prefix of three letters or fewer that no catalogued number of the maker shares has
# not been seen to mean that maker; nor has any prefix of a maker with no catalogued part.
UNTESTED_SHORT_PREFIX = -0.1
MAKER_WITHOUT_PARTS = -0.1
# What the text around the number says the part is (a memory chip, a connector) against
# what the maker is catalogued as making: agreement helps a little, contradiction much.
KIND_AGREES = 0.05
KIND_DIFFERS = -0.35
# A prefix this short never names a maker on its own (``decide`` keeps it a hint).
SHORT_PREFIX = 2
# Raw-score cost per place of a number read later out of the same free text (a lot
# code or a board label after the part number): a prefix found there is weaker.
LATER_CANDIDATE_COST = 0.08
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
    later = LATER_CANDIDATE_COST * min(reading.position, 3)
    for written, maker, after, cost, read_as in pairs:
        if not after:
            continue
        score = PREFIX_SCORE.get(len(written), LONG_PREFIX_SCORE) - cost - later
        change, note = _prefix_shape(index, written, maker, after)
        if change <= PREFIX_SHAPE_UNKNOWN and len(written) < 4 and after[:1].isalpha():
            change += SHORT_PREFIX_LETTER
        if change == PREFIX_SHAPE_UNKNOWN and len(compact(written)) <= 3:
            change += UNTESTED_SHORT_PREFIX
        if maker not in index.makers_with_parts:
            change += MAKER_WITHOUT_PARTS
            note += f"; no part of {maker} is catalogued"
        kind_change, kind_note = _kind_agreement(index, maker, reading)
        change += kind_change
        note += kind_note
        family = index.product_family(maker, spaced)
        if family is not None:
            note += (
                f"; its {family.prefix} line is all {family.category}"
                f" ({family.ref}; {family.source})"
            )
        found.append(
            Candidate(
                maker=maker,
                mpn="",
                category=family.category if family is not None else "",
                method=MatchMethod.FAMILY_PREFIX,
                score=round(score + change, 4),
                evidence=f"prefix '{written}'{read_as} is a part-number prefix of {maker} ({index.makers[maker].ref}), {note}",
                catalog_ref=index.makers[maker].ref,
                prefix=compact(written),
            )
        )
    return found


def _kind_agreement(
    index: CatalogIndex, maker: str, reading: Marking
) -> tuple[float, str]:
    """Does what the text says the part is fit what the maker is catalogued as making?"""
    described = {KINDS_OF_PART[c] for c in reading.described_as if c in KINDS_OF_PART}
    known = index.kinds_of(maker)
    if not described or not known:
        return 0.0, ""
    if described & known:
        return KIND_AGREES, f"; the text describes a part of a kind {maker} makes"
    return (
        KIND_DIFFERS,
        f"; but the text describes a {'/'.join(sorted(described))} and {maker} is"
        f" catalogued for {'/'.join(sorted(known))} parts",
    )


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
        return _numbering_system(reading, index)
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


def _numbering_system(reading: Marking, index: CatalogIndex) -> list[Candidate]:
    """A registered number no catalog lists (2N5551, 74ACT244): its system's makers."""
    system = index.numbering_of(reading.key)
    if system is None:
        return []
    number = reading.text.upper().replace(" ", "")
    return [
        Candidate(
            maker=maker,
            mpn=number,
            method=MatchMethod.SECOND_SOURCE,
            score=0.8,
            evidence=f"'{number}' is a {system.system} number ({system.ref}): {system.description}",
            catalog_ref=system.ref,
        )
        for maker in index.system_makers(system)[:SYSTEM_MAKERS_SHOWN]
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
    score = FUZZY_FLOOR + (best - FUZZY_CUTOFF) / (100 - FUZZY_CUTOFF) * FUZZY_SPAN
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
