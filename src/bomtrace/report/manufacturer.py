"""The manufacturer's diversion view: every appearance of one maker's parts across runs.

Pure. The maker named is resolved through the catalog's aliases ("ADI" -> Analog
Devices), and its brands are every maker whose ownership chain leads to it (Linear
Technology, Maxim Integrated ... -> Analog Devices), with the year each was acquired.
An appearance is a matched row made by one of them; an ambiguous row whose candidates
include one of them is a possible appearance and is listed apart, never counted as one.
When the maker supplies its lot ledger, each appearance's lot code (else its date code)
is linked to the ledger lines with the same code: the first buyer of that lot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bomtrace.catalog.index import CatalogIndex
from bomtrace.errors import ReportInputError
from bomtrace.export.run_document import RunDocument
from bomtrace.normalise.rules import compact
from bomtrace.provenance.origin import ownership_chain
from bomtrace.report import figures as fg
from bomtrace.report.aggregate import Teardown, number_runs
from bomtrace.report.maker_reported import reported_appearances
from bomtrace.report.parties import distributor_entries, listed_parties, named_parties
from bomtrace.report.sources import control_lines

if TYPE_CHECKING:
    from bomtrace.catalog.records import Catalog
    from bomtrace.report.lot_ledger import LotEntry, LotLedger


@dataclass(frozen=True, slots=True, kw_only=True)
class Brand:
    """A maker in the group: itself, or a company it acquired (and when)."""

    name: str
    acquired_year: str = ""
    via: str = ""
    source: str = ""


@dataclass(slots=True, kw_only=True)
class Appearance:
    """One row of a run where the group's part was found (or possibly found)."""

    teardown: Teardown
    row: Mapping[str, Any]
    brand: str
    lots: list[LotEntry] = field(default_factory=list)
    lot_basis: str = ""
    distributors: list[str] = field(default_factory=list)
    distributor_basis: str = ""

    @property
    def window(self) -> str:
        first = str(self.row.get(fg.PRODUCED_FROM) or "")
        last = str(self.row.get(fg.PRODUCED_TO) or "")
        return f"{first} – {last}" if first and last and last != first else first


def resolve_group(
    catalog: Catalog, name: str, index: CatalogIndex | None = None
) -> tuple[str, list[Brand]]:
    """The canonical maker and its brands (itself first, then acquisitions by name)."""
    index = index or CatalogIndex(catalog)
    maker = name if name in catalog.makers else index.resolve_maker(name)
    if not maker:
        raise ReportInputError(
            f"maker '{name}' is not in the catalogs",
            remedy='Name it as catalogs/makers.csv does (or one of its aliases), e.g. "Analog Devices"',
        )
    record = catalog.makers[maker]
    brands = [Brand(name=maker, source=f"{record.source} ({record.ref})")]
    for other in sorted(catalog.makers):
        chain = ownership_chain(catalog, other)
        owners = [owner for owner, _ in chain]
        if other != maker and maker in owners:
            nearest = chain[0]
            rec = catalog.makers[other]
            brands.append(
                Brand(
                    name=other,
                    acquired_year=nearest[1],
                    via=nearest[0] if nearest[0] != maker else "",
                    source=f"{rec.source} ({rec.ref})",
                )
            )
    return maker, brands


def _candidate_makers(cell: object) -> list[str]:
    """Makers named in a candidates cell ('Maker: MPN; Maker2: MPN2')."""
    return [
        part.split(":", 1)[0].strip()
        for part in str(cell or "").split(";")
        if part.strip()
    ]


def _catalog_distributors(catalog: Catalog) -> dict[str, list[str]]:
    """Catalogued order codes per compact part number ('Digi-Key: 296-1395-5-ND')."""
    found: dict[str, list[str]] = {}
    for part in catalog.parts:
        for code in part.distributor_pns:
            shop, _, number = code.partition(":")
            found.setdefault(compact(part.mpn), []).append(
                f"{shop}: {number} ({part.ref})" if number else f"{code} ({part.ref})"
            )
    return found


def link_lots(appearance: Appearance, ledger: LotLedger) -> None:
    """Links an appearance to ledger lines with its lot code, else its date code."""
    mpn = compact(str(appearance.row.get("mpn") or ""))

    def fits(entry: LotEntry) -> bool:
        # A ledger line for a stated part links only to that part (ordering suffixes aside).
        wanted = compact(entry.mpn)
        return not wanted or not mpn or mpn.startswith(wanted) or wanted.startswith(mpn)

    for column, attr, basis in (
        ("lot_code", "lot_code", "lot code"),
        ("date_code", "date_code", "date code"),
    ):
        code = compact(str(appearance.row.get(column) or ""))
        if not code:
            continue
        hits = [
            e for e in ledger.entries if compact(getattr(e, attr)) == code and fits(e)
        ]
        if hits:
            appearance.lots = hits
            appearance.lot_basis = basis
            return


def build_manufacturer(
    name: str,
    runs: Sequence[RunDocument],
    catalog: Catalog,
    *,
    made_at: str,
    ledger: LotLedger | None = None,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything the manufacturer's view shows: appearances, possible ones, lots, brands."""
    index = CatalogIndex(catalog)
    maker, brands = resolve_group(catalog, name, index)
    names = {b.name for b in brands}
    teardowns = number_runs(runs)
    order_codes = _catalog_distributors(catalog)
    found: list[Appearance] = []
    possible: list[Appearance] = []
    for t in teardowns:
        for row in t.run.rows:
            made_by = str(row.get("manufacturer") or "")
            if row.get("status") == "matched" and (
                made_by in names or row.get("manufacturer_parent") == maker
            ):
                found.append(Appearance(teardown=t, row=row, brand=made_by))
            elif row.get("status") == "ambiguous":
                hit = [
                    m for m in _candidate_makers(row.get("candidates")) if m in names
                ]
                if hit:
                    possible.append(
                        Appearance(
                            teardown=t, row=row, brand=", ".join(dict.fromkeys(hit))
                        )
                    )
    for item in found:
        if fg.DISTRIBUTORS in item.teardown.run.columns:
            item.distributors = distributor_entries(item.row)
            item.distributor_basis = "run"
        else:
            item.distributors = order_codes.get(
                compact(str(item.row.get("mpn") or "")), []
            )
            item.distributor_basis = "catalog"
        if ledger is not None:
            link_lots(item, ledger)
    chain_runs = [t for t in teardowns if fg.INTERMEDIARIES in t.run.columns]
    intermediaries = named_parties(a.row for a in found)
    sanctioned = listed_parties(a.row for a in found)
    linked_lines = {e.line for a in found for e in a.lots}
    reported = reported_appearances(index, names)
    figures = manufacturer_figures(found, possible, teardowns, ledger)
    figures.append(reported_figure(reported))
    return {
        "reported": reported,
        "figures": figures,
        "fig": fg.by_key(figures),
        "made_at": made_at,
        "maker": maker,
        "query": name,
        "brands": brands,
        "teardowns": teardowns,
        "illustrative": [t for t in teardowns if t.illustrative],
        "notes": list(notes),
        "appearances": found,
        "possible": possible,
        "parts": sorted({str(a.row.get("mpn") or "") for a in found if a.row.get("mpn")}),
        "platforms": sorted({a.teardown.run.label for a in found}),
        "by_brand": fg.count_by((a.row for a in found), lambda r: str(r.get("manufacturer"))),
        "ledger": ledger,
        "ledger_illustrative": ledger is not None
        and any("illustrative" in (e.source + " " + e.note).lower() for e in ledger.entries),
        "lots_linked": sum(1 for a in found if a.lots),
        "with_codes": sum(1 for a in found if a.row.get("lot_code") or a.row.get("date_code")),
        "ledger_lines_linked": [e for e in (ledger.entries if ledger else ()) if e.line in linked_lines],
        "chain_available": bool(chain_runs),
        "window_available": any(fg.PRODUCED_FROM in t.run.columns for t in teardowns),
        "intermediaries": intermediaries,
        "sanctioned": sanctioned,
        "not_available": fg.NOT_AVAILABLE_IN_RUNS,
        "control_lines": control_lines(catalog),
    }  # fmt: skip


def manufacturer_figures(
    found: Sequence[Appearance],
    possible: Sequence[Appearance],
    teardowns: Sequence[Teardown],
    ledger: LotLedger | None,
) -> list[fg.Figure]:
    """The view's headline figures, each with the rows it counts."""
    rows = [a.row for a in found]
    parts = {str(r.get("mpn")) for r in rows if r.get("mpn")}
    where = {a.teardown.id for a in found}
    group = "matched rows whose manufacturer is the maker or a brand it acquired"
    figures = [
        fg.Figure(key="appearances", label="appearances", value=str(len(found)), count=len(found),
                  source=group, columns=("status", "manufacturer", "manufacturer_parent")),
        fg.Figure(key="part_numbers", label="distinct part numbers", value=str(len(parts)),
                  count=len(parts), source=f"distinct mpn of the {group}", columns=("mpn",)),
        fg.Figure(key="teardowns", label="teardowns with an appearance", value=str(len(where)),
                  count=len(where), of=len(teardowns), source=f"runs holding at least one of the {group}",
                  columns=("status", "manufacturer")),
        fg.Figure(key="possible", label="possible appearances (ambiguous rows)", value=str(len(possible)),
                  count=len(possible), source="ambiguous rows whose candidates name the maker or a brand",
                  columns=("status", "candidates")),
    ]  # fmt: skip
    coded = [a for a in found if a.row.get("lot_code") or a.row.get("date_code")]
    if ledger is None:
        figures.append(
            fg.Figure(key="lots_linked", label="appearances linked to a first buyer",
                      value="no lot ledger given", source="needs the maker's lot ledger (lot or date code -> first buyer)",
                      columns=("lot_code", "date_code"), available=False)
        )  # fmt: skip
    else:
        linked = sum(1 for a in coded if a.lots)
        figures.append(
            fg.Figure(key="lots_linked", label="appearances linked to a first buyer",
                      value=str(linked), count=linked, of=len(coded),
                      source=f"appearances with a lot or date code found in {ledger.file} "
                      "(lot code first, else date code), of appearances with either code",
                      columns=("lot_code", "date_code", "mpn"))
        )  # fmt: skip
    runs_with = [t for t in teardowns if fg.INTERMEDIARIES in t.run.columns]
    if not runs_with:
        figures.append(
            fg.Figure(key="intermediaries", label="intermediaries linked", value=fg.NOT_AVAILABLE_IN_RUNS,
                      source="needs the intermediaries column, which none of these runs has",
                      columns=(fg.INTERMEDIARIES,), available=False)
        )  # fmt: skip
    else:
        names = named_parties(rows)
        figures.append(
            fg.Figure(key="intermediaries", label="intermediaries linked", value=str(len(names)),
                      count=len(names), source="distinct names in the intermediaries column of the appearances",
                      columns=(fg.INTERMEDIARIES,))
        )  # fmt: skip
    return figures


def reported_figure(reported: Mapping[str, Any]) -> fg.Figure:
    """How many published records bomtrace identifies as the group's parts, in how many weapons."""
    label = "appearances in published records"
    if not reported["available"]:
        return fg.Figure(key="reported", label=label, value="no published records loaded",
                         source="needs a reported-components catalog (catalogs/reported_gur.csv)",
                         available=False)  # fmt: skip
    ours = reported["ours"]
    return fg.Figure(
        key="reported",
        label=f"{label} (in {len(reported['weapons'])} weapons)",
        value=str(len(ours)),
        count=len(ours),
        source="records of the reported-components catalogs that bomtrace identifies, from their"
        " text, as parts of the maker or a brand it acquired (one per record and weapon)",
        columns=(),
    )


APPEARANCE_COLUMNS = (
    "teardown", "platform", "source_file", "source_sheet", "source_row", "marking", "mpn",
    "manufacturer", "manufacturer_parent", "date_code", "lot_code", "produced_from",
    "produced_to", "distributors", "distributors_from", "intermediaries",
    "sanctioned_intermediaries", "first_buyer", "sold_at", "ledger_line", "linked_by",
    "match_method", "confidence", "evidence",
)  # fmt: skip


def appearance_record(a: Appearance) -> list[Any]:
    """One appearance as a spreadsheet row in ``APPEARANCE_COLUMNS`` order."""
    r = a.row
    return [
        a.teardown.id, a.teardown.run.label, r.get("source_file"), r.get("source_sheet"),
        r.get("source_row"), r.get("marking") or r.get("part_number_given"), r.get("mpn"),
        r.get("manufacturer"), r.get("manufacturer_parent"), r.get("date_code"), r.get("lot_code"),
        r.get(fg.PRODUCED_FROM, ""), r.get(fg.PRODUCED_TO, ""), "; ".join(a.distributors),
        a.distributor_basis, r.get(fg.INTERMEDIARIES, ""), r.get(fg.SANCTIONED, ""),
        "; ".join(e.buyer for e in a.lots), "; ".join(e.sold_at for e in a.lots if e.sold_at),
        "; ".join(str(e.line) for e in a.lots), a.lot_basis, r.get("match_method"),
        r.get("confidence"), r.get("evidence"),
    ]  # fmt: skip


REPORTED_COLUMNS = (
    "identified_by", "weapon", "listed_as", "mpn", "manufacturer", "match_method", "confidence",
    "source_attribution", "source_country", "attribution_agrees", "page", "record", "source",
)  # fmt: skip


def reported_record(a: Any, identified_by: str) -> list[Any]:
    """One published record of the group's parts as a spreadsheet row (``REPORTED_COLUMNS``)."""
    ident, record = a.ident, a.record
    mine = identified_by == "bomtrace"
    agreed = {True: "yes", False: "no", None: "unknown"}[a.agrees]
    return [
        identified_by, a.weapon, record.text, ident.mpn if mine else "",
        ident.maker if mine else "", ident.method.value if mine else "",
        ident.confidence if mine else None, record.attribution, record.country,
        agreed if mine else "", record.url, str(record.ref), record.source,
    ]  # fmt: skip


def manufacturer_tables(
    view: Mapping[str, Any],
) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """The view as spreadsheet tables for a compliance team: (sheet, headers, rows)."""
    about: list[list[Any]] = [
        ["maker", view["maker"]],
        ["brands", "; ".join(b.name + (f" (acquired {b.acquired_year})" if b.acquired_year else "") for b in view["brands"])],
        ["made at", view["made_at"]],
        ["caveat", "An appearance says only that a part of this make was identified in the listed teardown row; "
                   "it implies no wrongdoing by the maker or any earlier party in the chain."],
    ]  # fmt: skip
    for t in view["illustrative"]:
        about.append(
            ["ILLUSTRATIVE", f"{t.id} {t.run.name}: {' / '.join(t.illustrative)}"]
        )
    if view["ledger_illustrative"]:
        about.append(["ILLUSTRATIVE", "the lot ledger says it is illustrative"])
    about += [["note", n] for n in view["notes"]]
    about += [
        [f"figure: {f.label}", f"{f.value} ({f.source})"] for f in view["figures"]
    ]
    possible_cols = ("teardown", "platform", "source_file", "source_sheet", "source_row",
                     "marking", "brands_among_candidates", "candidates", "reason")  # fmt: skip
    ledger = view["ledger"]
    return [
        ("appearances", APPEARANCE_COLUMNS, [appearance_record(a) for a in view["appearances"]]),
        ("possible", possible_cols, [
            [a.teardown.id, a.teardown.run.label, a.row.get("source_file"), a.row.get("source_sheet"),
             a.row.get("source_row"), a.row.get("marking"), a.brand, a.row.get("candidates"), a.row.get("reason")]
            for a in view["possible"]]),
        ("lots", ("ledger_line", "lot_code", "date_code", "mpn", "buyer", "sold_at", "quantity", "source", "note", "found_in"), [
            [e.line, e.lot_code, e.date_code, e.mpn, e.buyer, e.sold_at, e.quantity, e.source, e.note,
             "; ".join(f"{a.teardown.id} {a.row.get('source_sheet')} row {a.row.get('source_row')}"
                       for a in view["appearances"] if e in a.lots)]
            for e in (ledger.entries if ledger else ())]),
        ("teardowns", ("teardown", "name", "platform", "run_at", "tool_version", "run_file", "inputs", "illustrative"), [
            [t.id, t.run.name, t.run.platform, t.run.run_at, t.run.tool_version, t.run.path,
             "; ".join(f"{i.get('name')} sha256 {i.get('sha256')}" for i in t.run.inputs), " / ".join(t.illustrative)]
            for t in view["teardowns"]]),
        ("reported", REPORTED_COLUMNS, [reported_record(a, "bomtrace") for a in view["reported"]["ours"]]
                                       + [reported_record(a, "source only") for a in view["reported"]["theirs"]]),
        ("brands", ("brand", "acquired_year", "via", "source"), [
            [b.name, b.acquired_year, b.via, b.source] for b in view["brands"]]),
        ("about", ("item", "value"), about),
    ]  # fmt: skip
