"""Measuring identification against a labelled development set: verdicts, reliability, ECE.

Pure; part of the benchmarks, not of the package (bomtrace never measures itself at
run time). The development set (``tests/data/identify_dev.csv``, written by
``bench/devset.py``) holds messy markings with their truth. ``heldout_catalog`` removes
the catalog rows the set pretends are unknown (parts known only by their family prefix,
makers not in the catalogs); ``judge`` compares one identification with its truth; the
rest turns verdicts into the figures ``make bench`` prints and the calibration is fitted
on. Shared by the benchmark, the calibration fit and the tests, so all three count alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bomtrace.catalog.records import Catalog, MakerRecord
from bomtrace.model import Identification, MatchMethod, Status
from bomtrace.normalise import compact

# Row kinds of the development set.
PART = "part"  # a catalogued part, maker in the catalogs
PREFIX_ONLY = "prefix_only"  # part removed from the catalog; its maker's prefix remains
UNKNOWN_MAKER = "unknown_maker"  # the maker and all its parts removed from the catalog
LOOKALIKE = "lookalike"  # looks like a part number, is not one: must stay unmatched

# Confidence buckets of the reliability table: ten equal-width bins.
BUCKETS = 10


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one identification compares with the truth of its row."""

    kind: str
    split: str
    status: Status
    method: MatchMethod
    confidence: float
    # The row's maker is reported correctly: matched to the true maker (or its corporate
    # group), or ambiguous with the true maker listed when the truth is ambiguous.
    maker_correct: bool
    # A matched row whose maker and part number (when one is given) are both right:
    # what the confidence of a matched row claims.
    claim_correct: bool
    # A matched row with the right part number (a blank one is not).
    mpn_correct: bool


@dataclass(frozen=True, slots=True)
class Bucket:
    """One row of the reliability table."""

    low: float
    high: float
    n: int
    share_correct: float
    mean_confidence: float

    @property
    def label(self) -> str:
        return f"{self.low:.1f}-{self.high:.1f}"


def heldout_catalog(catalog: Catalog, rows: Iterable[Mapping[str, str]]) -> Catalog:
    """The catalog minus what the development set treats as unknown.

    Parts of ``prefix_only`` rows are removed (only their maker's prefix stays); makers
    of ``unknown_maker`` rows are removed with all their parts.
    """
    held_parts: set[tuple[str, str]] = set()
    held_makers: set[str] = set()
    for row in rows:
        if row["kind"] == PREFIX_ONLY:
            held_parts.add((row["truth_mpn"], row["truth_maker"]))
        elif row["kind"] == UNKNOWN_MAKER:
            held_makers.add(row["truth_maker"])
    makers: dict[str, MakerRecord] = {
        name: record
        for name, record in catalog.makers.items()
        if name not in held_makers
    }
    parts = tuple(
        p
        for p in catalog.parts
        if p.maker not in held_makers and (p.mpn, p.maker) not in held_parts
    )
    return replace(catalog, makers=makers, parts=parts)


def corporate_top(catalog: Catalog, maker: str) -> str:
    """The top of a maker's ownership chain as the catalog records it."""
    seen = {maker}
    current = maker
    while (record := catalog.makers.get(current)) and record.parent:
        if record.parent in seen:
            break
        seen.add(record.parent)
        current = record.parent
    return current


def same_maker(catalog: Catalog, a: str, b: str) -> bool:
    """The same maker, or makers of one corporate group (Linear Technology, Analog Devices)."""
    return bool(a and b) and (
        a == b or corporate_top(catalog, a) == corporate_top(catalog, b)
    )


def mpn_consistent(returned: str, printed: str, catalog_mpn: str) -> bool:
    """Tells whether a reported part number is the true one, a variant of its pattern or its start.

    ``printed`` is the number as the part carries it; ``catalog_mpn`` the catalog's
    spelling (KiCad names use a lowercase ``x`` for one variant character).
    """
    got = compact(returned)
    if not got:
        return True
    truth = compact(printed)
    pattern = compact(catalog_mpn.replace("x", "?"))
    if got in (truth, compact(catalog_mpn)):
        return True
    if len(pattern) == len(got) and all(
        p in ("?", g) for p, g in zip(pattern, got, strict=True)
    ):
        return True
    return len(got) >= 4 and (truth.startswith(got) or got.startswith(truth))


def judge(row: Mapping[str, str], found: Identification, catalog: Catalog) -> Verdict:
    """Compares one identification with the truth of its development-set row."""
    kind = row["kind"]
    truth_maker = row["truth_maker"]
    expected = row["expected_status"]
    status = found.status
    maker_correct = False
    claim_correct = False
    mpn_correct = False
    if kind in (PART, PREFIX_ONLY):
        right_maker = same_maker(catalog, found.maker, truth_maker)
        consistent = mpn_consistent(found.mpn, row["truth_printed"], row["truth_mpn"])
        # A blank part number (maker only) is not a right part number, nor a wrong claim.
        mpn_correct = status is Status.MATCHED and bool(found.mpn) and consistent
        if expected == Status.AMBIGUOUS.value:
            listed = any(
                same_maker(catalog, c.maker, truth_maker) for c in found.candidates
            )
            maker_correct = status is Status.AMBIGUOUS and listed
        else:
            maker_correct = status is Status.MATCHED and right_maker
        claim_correct = (
            status is Status.MATCHED
            and expected != Status.AMBIGUOUS.value
            and right_maker
            and consistent
        )
    elif kind in (UNKNOWN_MAKER, LOOKALIKE):
        maker_correct = status is not Status.MATCHED
    return Verdict(
        kind=kind,
        split=row["split"],
        status=status,
        method=found.method,
        confidence=found.confidence,
        maker_correct=maker_correct,
        claim_correct=claim_correct,
        mpn_correct=mpn_correct,
    )


def reliability(
    pairs: Sequence[tuple[float, bool]], buckets: int = BUCKETS
) -> list[Bucket]:
    """Confidence bucket -> how many, share correct, mean confidence (empty buckets left out)."""
    table: list[Bucket] = []
    for index in range(buckets):
        low, high = index / buckets, (index + 1) / buckets
        inside = [
            (c, ok)
            for c, ok in pairs
            if low <= c < high or (index == buckets - 1 and c == high)
        ]
        if inside:
            table.append(
                Bucket(
                    low=low,
                    high=high,
                    n=len(inside),
                    share_correct=sum(ok for _, ok in inside) / len(inside),
                    mean_confidence=sum(c for c, _ in inside) / len(inside),
                )
            )
    return table


def expected_calibration_error(table: Sequence[Bucket]) -> float:
    """The bucket-weighted mean gap between confidence and share correct."""
    total = sum(b.n for b in table)
    if not total:
        return 0.0
    return sum(b.n * abs(b.share_correct - b.mean_confidence) for b in table) / total


def claims(verdicts: Iterable[Verdict]) -> list[tuple[float, bool]]:
    """(confidence, right) for every row reported ``matched``: what calibration is about."""
    return [
        (v.confidence, v.claim_correct) for v in verdicts if v.status is Status.MATCHED
    ]


def isotonic_fit(
    pairs: Sequence[tuple[float, bool]], min_rows: int = 10
) -> list[tuple[float, float, float, int]]:
    """Fits a non-decreasing map raw score -> share correct (pool adjacent violators).

    Returns blocks ``(lowest raw, highest raw, confidence, rows)``. Blocks of fewer than
    ``min_rows`` rows are pooled with a neighbour (a handful of rows is no estimate).
    The confidence of a block is its share correct smoothed towards one half by one
    pseudo-row each way ((correct + 1) / (rows + 2)), so no block claims certainty.
    """
    by_score: dict[float, list[int]] = {}
    for raw, ok in pairs:
        counts = by_score.setdefault(round(raw, 4), [0, 0])
        counts[0] += int(ok)
        counts[1] += 1
    # Each block: [low, high, correct, rows]
    blocks: list[list[float]] = []
    for raw in sorted(by_score):
        right, seen = by_score[raw]
        blocks.append([raw, raw, right, seen])
        while len(blocks) > 1 and (
            blocks[-2][2] / blocks[-2][3] >= blocks[-1][2] / blocks[-1][3]
        ):
            last = blocks.pop()
            blocks[-1][1] = last[1]
            blocks[-1][2] += last[2]
            blocks[-1][3] += last[3]
    blocks = _pool_small(blocks, min_rows)
    fitted: list[tuple[float, float, float, int]] = []
    floor = 0.0
    for low, high, right_rows, all_rows in blocks:
        value = max(floor, (right_rows + 1) / (all_rows + 2))
        floor = value
        fitted.append((low, high, round(value, 4), int(all_rows)))
    return fitted


def _pool_small(blocks: list[list[float]], min_rows: int) -> list[list[float]]:
    """Merges blocks with too few rows into their upper neighbour (the last into the lower)."""
    pooled: list[list[float]] = []
    for block in blocks:
        if pooled and pooled[-1][3] < min_rows:
            low = pooled.pop()
            block = [low[0], block[1], low[2] + block[2], low[3] + block[3]]
        pooled.append(block)
    if len(pooled) > 1 and pooled[-1][3] < min_rows:
        last = pooled.pop()
        pooled[-1] = [
            pooled[-1][0],
            last[1],
            pooled[-1][2] + last[2],
            pooled[-1][3] + last[3],
        ]
    return pooled
