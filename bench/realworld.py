"""Real, labelled records to measure identification on: GUR's portal and a peer's tests.

    from realworld import gur_rows, peer_rows, judge_gur, judge_peer

``bench/data/realworld/`` holds the development halves of two files nobody here wrote
(see its README): components of Russian weapons as Ukraine's GUR portal lists them, and
part-number/maker pairs from the tests of an open-source Java part-number library. The
other halves are held back by whoever measures the project. This module reads them,
says which rows count, splits them into a fit and a check half (for the calibration),
and judges one identification against the source's label. Shared by
``bench_realworld.py`` and ``fit_calibration.py`` so both count alike.

Definitions (written down so the figures can be checked):

- GUR rows measured: a named maker (not "Not identified") and a name/marking cell with
  at least one token holding both letters and digits (the components "that carry a
  marking"). "As printed": the cell as the portal prints it, traced as a name column.
  "Marking only": the cell from its first token holding a digit, or the text inside the
  last brackets when those hold one (the description cut off by a fixed rule).
- GUR's maker label is "Brand (Parent, Parent)": an identification agrees when its
  maker is the brand or a parent, or in the same corporate group (our catalogs), or
  the brand once made that product line (``lines.csv``). The comparison is the
  product's own (``bomtrace.catalog.attribution``), so the reports count alike.
- Peer rows: every pair. A pair is "catalogued" when its maker is in our catalogs. A
  generic number (JEDEC 1N/2N/3N/4N/6N, Pro Electron BC/BD/BF/BZ..., JIS 2S.., 7400 and
  4000 logic, 78xx/79xx, LM317/LM358-style industry numbers: ``GENERIC`` below) has many
  makers: matched to one maker it is wrong whatever the label says; ambiguous with the
  label's maker listed is right.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bomtrace.catalog.attribution import agrees, names_a_maker, resolved_label
from bomtrace.catalog.index import CatalogIndex
from bomtrace.model import Identification, MatchMethod, Status

DATA = Path(__file__).resolve().parent / "data" / "realworld"
GUR_FILE = DATA / "gur_components_dev.csv"
PEER_FILE = DATA / "peer_pairs_dev.csv"

_MARKED = re.compile(r"(?=\S*\d)(?=\S*[^\W\d_])\S+")
_FIRST_DIGIT_TOKEN = re.compile(r"(?:^|\s)(?=\S*\d)")
_BRACKETS = re.compile(r"\(([^()]*\d[^()]*)\)")

# Industry-standard numbering systems whose numbers many makers publish (the bench's
# definition of a generic number; see the module docstring).
GENERIC = re.compile(
    r"^(?:[1-6]N\d{2,4}[A-Z]{0,2}|2S[ABCDJK]\d{2,4}[A-Z]?|"
    r"B[ACDFSUYZ][A-Z]?\d{2,3}[A-Z]{0,2}(?:-\d+)?|BZ[XVT]\d{2}[A-Z0-9-]*|"
    r"(?:SN|MC|DM|HD|M|CD|HEF|TC|MM)?(?:74|54)[A-Z]{0,4}\d{2,4}[A-Z]{0,3}|"
    r"(?:CD|HEF|MC1|TC)4\d{3}[A-Z]{0,3}|(?:L|LM|MC|UA|KA|NJM)?7[89](?:L|M)?\d{2}[A-Z]{0,3}|"
    r"LM(?:317|337|358|324|339|393|386|311|741|1117)[A-Z]{0,4}|NE55[56][A-Z]?|TL43[12][A-Z]{0,3}|"
    r"(?:SMAJ|SMBJ|SMCJ|P6KE|1\.5KE|P4KE)\d+[A-Z]{0,2}|MMBT\d{4}[A-Z]?|MMSZ\d+[A-Z]?|BAT54[A-Z]?|BAV99|"
    r"MBR[SB]?\d{3,4}[A-Z]{0,3}|SS[1-3]\d|ES[1-3][A-Z]|US[1-3][A-Z]|M[1-7]|RS[1-3][A-Z])$"
)


@dataclass(frozen=True, slots=True)
class GurRow:
    component_id: str
    text: str
    label: str
    country: str
    weapons: str
    url: str
    split: str

    @property
    def marking_only(self) -> str:
        """The cell with its description cut off by a fixed rule (module docstring)."""
        inside = _BRACKETS.findall(self.text)
        if inside:
            return inside[-1].strip()
        found = _FIRST_DIGIT_TOKEN.search(self.text)
        return self.text[found.start() :].strip() if found else self.text


@dataclass(frozen=True, slots=True)
class PeerRow:
    part_number: str
    label: str
    source: str
    split: str

    @property
    def generic(self) -> bool:
        return bool(GENERIC.match(re.sub(r"[^0-9A-Z.]", "", self.part_number.upper())))


def split_of(key: str) -> str:
    """``fit`` or ``check``: a stable half of the development rows, by a hash of the key."""
    digest = hashlib.sha256(f"bomtrace-calibration:{key}".encode()).digest()
    return "fit" if digest[0] % 2 == 0 else "check"


def _first_token(text: str) -> str:
    found = _MARKED.search(text)
    return re.sub(r"[^0-9A-Z]", "", (found.group() if found else text).upper())


def gur_rows(path: Path = GUR_FILE) -> list[GurRow]:
    """The measured GUR rows (named maker, a token with letters and digits)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        GurRow(
            component_id=r["component_id"],
            text=r["name_marking"],
            label=r["manufacturer"],
            country=r["manufacturer_country"],
            weapons=r["weapons"],
            url=r["source_url"],
            split=split_of(_first_token(r["name_marking"])),
        )
        for r in rows
        if names_a_maker(r["manufacturer"])
        and r["name_marking"] != "(unspecified)"
        and _MARKED.search(r["name_marking"])
    ]


def peer_rows(path: Path = PEER_FILE) -> list[PeerRow]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        PeerRow(
            part_number=r["part_number"],
            label=r["manufacturer"],
            source=r["source"],
            split=split_of(re.sub(r"[^0-9A-Z]", "", r["part_number"].upper())[:4]),
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class Judged:
    """One identification against its label."""

    split: str
    status: Status
    method: MatchMethod
    confidence: float
    maker: str
    right: bool  # the claim (matched) agrees with the label
    found: bool  # matched to the label's maker (or ambiguous with it, generic numbers)
    catalogued: bool  # the label's maker is in the catalogs
    generic: bool = False


def judge_gur(index: CatalogIndex, row: GurRow, ident: Identification) -> Judged:
    right = ident.status is Status.MATCHED and agrees(
        index, ident.maker, row.label, ident.mpn or ident.marking_normalised
    )
    return Judged(
        split=row.split,
        status=ident.status,
        method=ident.method,
        confidence=ident.confidence,
        maker=ident.maker,
        right=right,
        found=right,
        catalogued=bool(resolved_label(index, row.label)),
    )


def judge_peer(index: CatalogIndex, row: PeerRow, ident: Identification) -> Judged:
    generic = row.generic
    listed = any(
        agrees(index, c.maker, row.label, row.part_number) for c in ident.candidates
    )
    if ident.status is Status.MATCHED:
        right = agrees(index, ident.maker, row.label, row.part_number) and not generic
        found = right
    else:
        right = False
        found = ident.status is Status.AMBIGUOUS and generic and listed
    return Judged(
        split=row.split,
        status=ident.status,
        method=ident.method,
        confidence=ident.confidence,
        maker=ident.maker,
        right=right,
        found=found,
        catalogued=bool(index.resolve_maker(row.label)),
        generic=generic,
    )


def share(flags: Iterable[bool]) -> float:
    items = list(flags)
    return sum(items) / len(items) if items else 0.0


def summary(judged: Sequence[Judged]) -> dict[str, object]:
    """Found, confident claims right, per method, and the calibration error."""
    claims = [j for j in judged if j.status is Status.MATCHED]
    methods: dict[str, list[Judged]] = {}
    for j in claims:
        methods.setdefault(j.method.value, []).append(j)
    catalogued = [j for j in judged if j.catalogued]
    generic = [j for j in judged if j.generic]
    return {
        "rows": len(judged),
        "matched": len(claims),
        "ambiguous": sum(j.status is Status.AMBIGUOUS for j in judged),
        "found": round(share(j.found for j in judged), 4),
        "found_catalogued": round(share(j.found for j in catalogued), 4),
        "catalogued_rows": len(catalogued),
        "claims_right": round(share(j.right for j in claims), 4),
        "generic_rows": len(generic),
        "generic_ambiguous": round(
            share(j.status is Status.AMBIGUOUS for j in generic), 4
        ),
        "ece": round(calibration_error(claims), 4),
        "by_method": {
            name: {
                "n": len(items),
                "right": round(share(j.right for j in items), 4),
                "mean_confidence": round(
                    sum(j.confidence for j in items) / len(items), 4
                ),
                "ece": round(calibration_error(items), 4),
            }
            for name, items in sorted(methods.items())
        },
    }


def calibration_error(claims: Sequence[Judged], buckets: int = 10) -> float:
    """Expected calibration error of matched rows: |share right - mean confidence|, weighted."""
    if not claims:
        return 0.0
    total = 0.0
    for b in range(buckets):
        low, high = b / buckets, (b + 1) / buckets
        inside = [
            j
            for j in claims
            if low <= j.confidence < high or (b == buckets - 1 and j.confidence == 1)
        ]
        if inside:
            gap = share(j.right for j in inside) - sum(
                j.confidence for j in inside
            ) / len(inside)
            total += abs(gap) * len(inside)
    return total / len(claims)
