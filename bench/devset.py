"""Build the labelled identification development set from the shipped catalogs.

    python bench/devset.py [--seed 20240501] [--out tests/data/identify_dev.csv]

Seeded, so the same catalogs give the same file; the file is committed. Each row is a
marking as a researcher might type it, with its truth. The noise imitates real sheets:
case, spaces, markings split over lines, maker logos, date/lot/country codes, the makers'
own packaging suffixes, distributor order codes, OCR slips, Cyrillic look-alike letters
and truncated numbers. Row kinds (see ``bomtrace.match.evaluation``):

- ``part``: a catalogued part whose maker is in the catalogs;
- ``prefix_only``: a real catalogued part that the benchmark removes from the catalog,
  chosen so that only its maker's part-number prefix still points to it (nothing left in
  the catalog shares its base number);
- ``unknown_maker``: a part of a maker that the benchmark removes from the catalog with
  all its parts (expected: not matched);
- ``lookalike``: a string shaped like a part number that is not one (expected:
  unmatched). "Not real" is ensured against the catalogs: it starts with no registered
  maker or second-source prefix, no catalogued number (patterns included) is within
  Levenshtein distance 2 of it, before or after mapping OCR look-alikes (O/0, I/1, S/5,
  B/8, Z/2), and it is neither the start of a catalogued number nor starts with one. We
  cannot prove that no maker anywhere sells such a number; against these catalogs the
  right answer is ``unmatched``.

The ``split`` column keeps every variant of one part number in one split (a hash of the
true number): ``fit`` rows fit the calibration, ``holdout`` rows measure it.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from catalogref import Reference, fill_pattern, fits, printed_form
from evaluation import (
    LOOKALIKE,
    PART,
    PREFIX_ONLY,
    UNKNOWN_MAKER,
)
from noise import (
    MAKER_SUFFIXES,
    MICROCHIP_ORDERING,
    MOUSER_CODES,
    chip_top,
    cyrillic,
    line_split,
    misspell,
    ocr_slip,
    space_inside,
    typo,
)
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bomtrace.catalog import load_catalogs
from bomtrace.catalog.records import PartRecord
from bomtrace.normalise import compact
from bomtrace.normalise.confusables import ocr_skeleton

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "identify_dev.csv"
SEED = 20240501
SIZES = {PART: 3000, PREFIX_ONLY: 900, UNKNOWN_MAKER: 300, LOOKALIKE: 1200}
COLUMNS = [
    "id",
    "split",
    "kind",
    "marking",
    "manufacturer_given",
    "expected_status",
    "truth_maker",
    "truth_mpn",
    "truth_printed",
    "maker_in_catalog",
    "prefix_only",
    "noise",
    "catalog_ref",
]

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXY"
# Share of look-alikes that are short top-mark codes rather than number-shaped strings.
SHORT_CODES = 0.15


@dataclass(slots=True)
class Row:
    kind: str
    marking: str
    truth_maker: str = ""
    truth_mpn: str = ""
    truth_printed: str = ""
    manufacturer_given: str = ""
    expected_status: str = "matched"
    noise: list[str] = field(default_factory=list)
    catalog_ref: str = ""


def split_of(text: str) -> str:
    digest = hashlib.sha256(compact(text).encode()).digest()
    return "fit" if digest[0] % 2 == 0 else "holdout"


def usable(part: PartRecord) -> bool:
    key = compact(printed_form(part))
    return len(key) >= 5 and any(c.isdigit() for c in key) and key.isascii()


# -- noise ----------------------------------------------------------------------------


def suffix_for(ref: Reference, part: PartRecord, rng: random.Random) -> str:
    microchip = part.maker in ("Microchip Technology", "Atmel")
    if (
        microchip
        and "-" not in part.mpn
        and compact(part.mpn).startswith(("MCP", "PIC", "24LC", "25LC", "TC"))
    ):
        return rng.choice(MICROCHIP_ORDERING)
    for maker in (part.maker, ref.group(part.maker)):
        if maker in MAKER_SUFFIXES:
            return rng.choice(MAKER_SUFFIXES[maker])
    return ""


def alias_for(ref: Reference, maker: str, rng: random.Random) -> str:
    record = ref.catalog.makers[maker]
    names = [record.name, *record.aliases]
    name = rng.choice(names)
    return name.lower() if rng.random() < 0.1 else name


def messy_part(
    ref: Reference,
    part: PartRecord,
    rng: random.Random,
    kind: str,
    labeller: Reference | None = None,
) -> Row | None:
    """A catalogued part as a researcher might have typed it, with the noise recorded.

    ``labeller``: the catalogs as the benchmark shows them to the matcher (without what
    the set treats as unknown), against which the expected answer is decided.
    """
    printed = fill_pattern(printed_form(part), rng)
    noise: list[str] = []
    if printed != printed_form(part):
        noise.append("pattern variant")
    row = Row(
        kind=kind,
        marking="",
        truth_maker=part.maker,
        truth_mpn=part.mpn,
        truth_printed=printed,
        catalog_ref=str(part.ref),
    )
    hint = False
    if rng.random() < 0.3:
        row.manufacturer_given = alias_for(ref, part.maker, rng)
        noise.append("maker given")
        hint = True
        if rng.random() < 0.1:
            row.manufacturer_given = misspell(row.manufacturer_given, rng)
            noise.append("maker misspelt")
    roll = rng.random()
    number = printed
    if roll < 0.1:
        # A distributor order code typed where the part number belongs.
        # A part the benchmark removes from the catalog cannot be found by its
        # Digi-Key number either: those rows get a number built around the part.
        codes = [
            pn.split(":", 1)[1]
            for pn in part.distributor_pns
            if pn.startswith("Digi-Key:") and kind == PART
        ]
        mouser = MOUSER_CODES.get(ref.group(part.maker))
        choice = rng.random()
        if codes and choice < 0.4:
            # Digi-Key's own number is issued for one maker's part: it names the maker.
            row.marking = codes[0]
            noise.append("Digi-Key order code")
            hint = True
        elif mouser and choice < 0.7:
            row.marking = f"{mouser}-{printed}"
            noise.append("Mouser order code")
        else:
            row.marking = printed + rng.choice(("-ND", "-1-ND", "-2-ND"))
            noise.append("Digi-Key order code")
    else:
        suffix = ""
        if rng.random() < 0.25:
            suffix = suffix_for(ref, part, rng)
            if suffix:
                noise.append(f"packaging suffix {suffix}")
        if not suffix and rng.random() < 0.07 and len(compact(printed)) >= 8:
            cut = rng.randint(1, 2)
            shorter = printed[:-cut].rstrip("-/.,#+ ")
            key = compact(shorter)
            if not ref.groups_of_key(key):
                number = shorter
                noise.append("truncated")
        if rng.random() < 0.15:
            slipped = ocr_slip(number, rng)
            if rng.random() < 0.2:
                slipped = ocr_slip(slipped, rng)
            if not ref.groups_of_key(compact(slipped)):
                number = slipped
                noise.append("OCR slip")
        elif rng.random() < 0.06:
            slipped = typo(number, rng)
            if not ref.groups_of_key(compact(slipped)):
                number = slipped
                noise.append("typo")
        if rng.random() < 0.12:
            number = cyrillic(number, rng)
            noise.append("Cyrillic letters")
        number_lines = [number + suffix]
        if rng.random() < 0.15:
            spaced = space_inside(number + suffix, rng)
            if spaced != number + suffix:
                number_lines = [spaced]
                noise.append("spaces")
        elif rng.random() < 0.25 and (cut := line_split(number + suffix)):
            number_lines = list(cut)
            noise.append("number split")
        if part.package and rng.random() < 0.05:
            number_lines[-1] += f" ({part.package.split('_')[0]})"
            noise.append("package note")
        logo = ""
        logos = ref.logos.get(part.maker, [])
        if rng.random() < 0.5:
            if logos and rng.random() < 0.35:
                logo = rng.choice(logos)
                hint = True
            row.marking = chip_top(number_lines, rng, noise, logo)
        else:
            row.marking = " ".join(number_lines)
    if rng.random() < 0.15:
        row.marking = row.marking.lower()
        noise.append("lower case")
    row.noise = noise
    row.expected_status = expected_status(labeller or ref, row, hint)
    return row


def expected_status(ref: Reference, row: Row, hint: bool) -> str:
    """What an expert with these catalogs would answer, decided from the truth and the data.

    A named maker (column or logo) decides. Otherwise a number that several corporate
    groups publish (the same catalogued number, a second-source family, or a truncated
    number whose completions belong to several groups) is ambiguous.
    """
    if row.kind == UNKNOWN_MAKER:
        return "unmatched"
    if hint:
        return "matched"
    key = compact(row.truth_printed)
    if len(ref.groups_of_key(key) | ref.groups_of_key(compact(row.truth_mpn))) > 1:
        return "ambiguous"
    if ref.family(key):
        return "ambiguous"
    if ref.family_behind_letters(key) and len(ref.prefix_groups(key)[1]) != 1:
        return "ambiguous"
    if ref.generic(key) or ref.generic(compact(row.truth_mpn)):
        # A registered number (JEDEC 2N, Pro Electron BC, 78xx ...) may be any maker's.
        return "ambiguous"
    if "truncated" in row.noise:
        shown = compact(row.marking)
        if len(ref.groups_starting(shown)) > 1:
            return "ambiguous"
    return "matched"


# -- row kinds ------------------------------------------------------------------------


def choose_prefix_only(
    ref: Reference, pool: list[PartRecord], want: int
) -> list[PartRecord]:
    """Parts that, once removed from the catalog, only their maker's prefix points to."""
    eligible: list[PartRecord] = []
    for part in pool:
        key = compact(printed_form(part))
        if "?" in key or ref.family(key) or ref.family_behind_letters(key):
            continue
        prefix, groups = ref.prefix_groups(key)
        if not prefix or groups != {ref.group(part.maker)}:
            continue
        if len(prefix) <= 2 or ref.generic(key):
            # Two letters never name a maker alone; registered numbers are anyone's.
            continue
        if len(key) < len(prefix) + 2 or len(ref.by_key[compact(part.mpn)]) > 1:
            continue
        eligible.append(part)
    held = set(id(p) for p in eligible)
    while True:
        kept = [p for p in eligible if id(p) in held and alone(ref, p, held)]
        if len(kept) == len(held):
            break
        held = {id(p) for p in kept}
    return kept[:want]


def alone(ref: Reference, part: PartRecord, held: set[int]) -> bool:
    """No catalog row outside ``held`` shares this part's base number."""
    key = compact(printed_form(part))
    prefix, _ = ref.prefix_groups(key)
    base = key[: max(len(prefix) + 2, len(key) - 3)]
    start = bisect.bisect_left(ref.sorted_keys, base)
    for other in ref.sorted_keys[start:]:
        if not other.startswith(base):
            break
        if any(id(p) not in held for p in ref.by_key[other]):
            return False
    for length in range(4, len(key)):
        if any(id(p) not in held for p in ref.by_key.get(key[:length], [])):
            return False
    for pattern, p in ref.patterns_near(key):
        if id(p) in held:
            continue
        head = pattern.split("?", 1)[0]
        if (len(head) >= 4 and key.startswith(head)) or fits(
            pattern[: len(base)], base
        ):
            return False
    return True


def choose_unknown_makers(ref: Reference, rng: random.Random) -> list[str]:
    """Makers to remove with all their parts: mid-sized, in no family, owning no one."""
    counts: dict[str, int] = defaultdict(int)
    for part in ref.catalog.parts:
        counts[part.maker] += 1
    parents = {m.parent for m in ref.catalog.makers.values()}
    in_family = {m for f in ref.catalog.second_sources for m in f.makers}
    names = sorted(
        name
        for name, record in ref.catalog.makers.items()
        if 20 <= counts[name] <= 300
        and name not in parents
        and name not in in_family
        and not record.parent
    )
    return sorted(rng.sample(names, min(8, len(names))))


def lookalikes(
    ref: Reference, templates: list[PartRecord], rng: random.Random, want: int
) -> list[Row]:
    """Strings shaped like catalogued numbers that no catalogued number is close to."""
    # Patterns without their wildcards, as the tests compare them.
    keys = ref.sorted_keys + [p.replace("?", "") for p, _ in ref.patterns]
    skeletons = sorted({ocr_skeleton(k) for k in keys})
    rows: list[Row] = []
    seen: set[str] = set()
    while len(rows) < want:
        template = compact(printed_form(rng.choice(templates))).replace("?", "")
        if rng.random() < SHORT_CODES:
            # A package top mark (SOT-23 parts carry 3-5 character codes, not numbers).
            template = "".join(rng.choice("LD") for _ in range(rng.randint(3, 5)))
        elif len(template) < 5:
            continue
        fake = "".join(
            rng.choice(_LETTERS) if c.isalpha() else rng.choice("0123456789")
            for c in template
        )
        if fake in seen or not is_lookalike(ref, fake, keys, skeletons):
            continue
        seen.add(fake)
        noise: list[str] = []
        shown = fake
        if rng.random() < 0.15:
            shown = space_inside(shown, rng)
            noise.append("spaces")
        if rng.random() < 0.5:
            shown = chip_top([shown], rng, noise)
        if rng.random() < 0.15:
            shown = shown.lower()
            noise.append("lower case")
        rows.append(
            Row(
                kind=LOOKALIKE,
                marking=shown,
                truth_printed=fake,
                expected_status="unmatched",
                noise=noise,
            )
        )
    return rows


def is_lookalike(
    ref: Reference, fake: str, keys: list[str], skeletons: list[str]
) -> bool:
    """Not a registered prefix, not near any catalogued number (see the module docstring)."""
    skeleton = ocr_skeleton(fake)
    if (
        ref.prefix_groups(fake)[0]
        or ref.family(fake)
        or ref.family_behind_letters(fake)
        or any(skeleton[:n] in ref.prefix_skeletons for n in range(2, 13))
    ):
        return False
    for length in range(4, len(fake) + 1):
        if fake[:length] in ref.by_key:
            return False
    if ref.groups_starting(fake[: max(4, len(fake) - 2)]):
        return False
    if any(fits(p, fake[: len(p)]) for p, _ in ref.patterns_near(fake)):
        return False
    # Short top-mark codes are within two edits of many short numbers: one edit for them.
    cutoff = 1 if len(fake) <= 5 else 2
    near = process.extractOne(
        fake, keys, scorer=Levenshtein.distance, score_cutoff=cutoff
    )
    near_ocr = process.extractOne(
        ocr_skeleton(fake), skeletons, scorer=Levenshtein.distance, score_cutoff=cutoff
    )
    return near is None and near_ocr is None


def build(seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    catalog = load_catalogs()
    ref = Reference(catalog)
    parts = sorted(
        (p for p in catalog.parts if usable(p)), key=lambda p: (p.ref.file, p.ref.line)
    )
    unknown = set(choose_unknown_makers(ref, rng))
    known = [p for p in parts if p.maker not in unknown]
    rng.shuffle(known)
    prefix_only = choose_prefix_only(ref, known, SIZES[PREFIX_ONLY])
    held = {id(p) for p in prefix_only}
    seen = Reference(
        replace(
            catalog,
            makers={k: v for k, v in catalog.makers.items() if k not in unknown},
            parts=tuple(
                p for p in catalog.parts if p.maker not in unknown and id(p) not in held
            ),
        )
    )
    rows: list[Row] = []
    for part in prefix_only:
        row = messy_part(ref, part, rng, PREFIX_ONLY, seen)
        if row:
            rows.append(row)
    # Catalogued parts: every maker represented, big makers more often (as in teardowns).
    catalogued = [p for p in known if id(p) not in held]
    for part in catalogued[: SIZES[PART]]:
        row = messy_part(ref, part, rng, PART, seen)
        if row:
            rows.append(row)
    # A number another (catalogued) maker also publishes is a second source, not an
    # unknown maker's part: left out.
    strangers = [
        p
        for p in parts
        if p.maker in unknown
        and ref.groups_of_key(compact(printed_form(p))) <= {ref.group(p.maker)}
    ]
    rng.shuffle(strangers)
    # At most a quarter from any one maker, so one catalog's quirks do not dominate.
    per_maker: dict[str, int] = defaultdict(int)
    chosen = []
    for part in strangers:
        if per_maker[part.maker] < SIZES[UNKNOWN_MAKER] // 4:
            per_maker[part.maker] += 1
            chosen.append(part)
    for part in chosen[: SIZES[UNKNOWN_MAKER]]:
        row = messy_part(ref, part, rng, UNKNOWN_MAKER)
        if row:
            row.expected_status = "unmatched"
            rows.append(row)
    rows.extend(lookalikes(ref, known, rng, SIZES[LOOKALIKE]))
    rng.shuffle(rows)
    return [as_record(i, row) for i, row in enumerate(rows, start=1)]


def speed_rows(count: int, seed: int) -> list[tuple[str, str]]:
    """(marking, manufacturer given) rows for timing: messy catalogued parts, one in
    five a random number-shaped string. Not checked against the catalogs; load only."""
    rng = random.Random(seed)
    catalog = load_catalogs()
    ref = Reference(catalog)
    parts = [p for p in catalog.parts if usable(p)]
    rows: list[tuple[str, str]] = []
    while len(rows) < count:
        part = rng.choice(parts)
        if rng.random() < 0.2:
            template = compact(printed_form(part)).replace("?", "")
            fake = "".join(
                rng.choice(_LETTERS) if c.isalpha() else rng.choice("0123456789")
                for c in template
            )
            rows.append((chip_top([fake], rng, []) if rng.random() < 0.5 else fake, ""))
            continue
        row = messy_part(ref, part, rng, PART)
        if row:
            rows.append((row.marking, row.manufacturer_given))
    return rows


def as_record(number: int, row: Row) -> dict[str, str]:
    return {
        "id": str(number),
        "split": split_of(row.truth_printed),
        "kind": row.kind,
        "marking": row.marking,
        "manufacturer_given": row.manufacturer_given,
        "expected_status": row.expected_status,
        "truth_maker": row.truth_maker,
        "truth_mpn": row.truth_mpn,
        "truth_printed": row.truth_printed,
        "maker_in_catalog": {LOOKALIKE: "", UNKNOWN_MAKER: "no"}.get(row.kind, "yes"),
        "prefix_only": "yes" if row.kind == PREFIX_ONLY else "no",
        "noise": ";".join(row.noise),
        "catalog_ref": row.catalog_ref,
    }


def write(rows: Iterable[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read(path: Path = OUT) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.seed)
    write(rows, args.out)
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[f"{row['kind']}/{row['split']}"] += 1
    print(f"wrote {args.out} ({len(rows)} rows: {dict(sorted(kinds.items()))})")


if __name__ == "__main__":
    main()
