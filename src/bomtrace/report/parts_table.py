"""The teardown report's parts table: one ``<tr>`` per input row, its evidence in place.

Pure: returns markup as a string, every value escaped here with ``html.escape``. The
table is built in Python rather than in the template because it is the one part of a
report that grows with the input (10,000 rows must render in well under 3 seconds and
stay under 10 MB), so each row's markup is kept lean: cell alignment and fonts come from
the stylesheet, and what many rows share (a catalog row, a maker's source) is cited by
reference and listed once at the end of the report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape as _escape
from typing import Any

from bomtrace.column_roles import ROLE_TABLE, ROLES
from bomtrace.report import figures as fg
from bomtrace.report import parties as pt
from bomtrace.report import reported as rp

# Provenance columns shown in a row's evidence when the run has them: (column, label).
# Distributors and intermediaries are shown in the row's chain line instead (and the
# distributors of each maker once, in the report's supply-chain section); the HS code and
# the rest are in the chain evidence lines.
CHAIN_DETAILS = ((fg.SANCTIONED, "on a sanctions list"),)
EVIDENCE_SEPARATOR = " | "  # between the lines of a chain_evidence cell
_NOT_ID = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True, slots=True, kw_only=True)
class RowEvidence:
    """What a live run knows about a row beyond its record: candidates and catalog row."""

    candidates: tuple[tuple[str, str, str, float, str], ...] = ()
    catalog_ref: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """A column of the parts table: its head, how the script treats it, its cell."""

    head: str
    key: str
    kind: str = ""  # "num" (sorted as a number), "filter" (gets a select), "nosort"


def table_columns(show: Mapping[str, bool]) -> list[Column]:
    """The table's columns; the provenance ones only when the run has them."""
    cols = [
        Column(head="Sheet", key="source_sheet"),
        Column(head="Row", key="source_row", kind="num"),
        *_given_columns(),
        Column(head="Status", key="status", kind="filter"),
        Column(head="Part number", key="mpn"),
        Column(head="Maker", key="manufacturer", kind="filter"),
        Column(head="Country", key="manufacturer_country", kind="filter"),
        Column(head="Coalition", key="coalition_origin", kind="filter"),
    ]
    if show.get("chpl"):
        cols.append(Column(head="CHPL tier", key=fg.CHPL_TIER, kind="filter"))
    if show.get("produced"):
        cols.append(Column(head="Produced", key=fg.PRODUCED_FROM))
    cols += [
        Column(head="Method", key="match_method", kind="filter"),
        Column(head="Conf.", key="confidence", kind="num"),
    ]
    if show.get("reported"):
        cols.append(Column(head="Reported before", key=rp.REPORTED_IN, kind="nosort"))
    cols.append(Column(head="Why / evidence", key="evidence", kind="nosort"))
    return cols


def _given_columns() -> list[Column]:
    """The columns copied from the sheet that the role table shows in the report."""
    return [
        Column(
            head=spec.report_head, key=spec.column, kind="num" if spec.numeric else ""
        )
        for spec in (ROLE_TABLE[role] for role in ROLES)
        if spec.report_head
    ]


def escape(text: str) -> str:
    """Escapes text for an element's content (&, <, >); attribute values use ``attr``."""
    return _escape(text, quote=False)


def attr(text: str) -> str:
    """Escapes text for a double-quoted attribute value."""
    return _escape(text, quote=True)


@functools.lru_cache(maxsize=65536)
def anchor(ref: str) -> str:
    """The id of a cited catalog row ('parts.csv:1132' -> 'ref-parts-csv-1132')."""
    return "ref-" + _NOT_ID.sub("-", ref)


def _cell(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if key == "marking":
        value = value or record.get("part_number_given")
    elif key == "confidence":
        return "" if value is None else f"{float(value):.2f}"
    elif key == "manufacturer" and record.get("manufacturer_parent"):
        return (
            f'{escape(str(value))} <span class="sub">(now '
            f"{escape(str(record['manufacturer_parent']))})</span>"
        )
    elif key == rp.REPORTED_IN:
        return rp.cell_markup(record)  # escapes every value itself
    elif key == fg.PRODUCED_FROM and value:
        last = record.get(fg.PRODUCED_TO)
        if last and last != value:
            value = f"{value} – {last}"
    return "" if value is None else escape(str(value))


def evidence_lines(record: Mapping[str, Any]) -> list[str]:
    """The lines of a row's chain_evidence cell."""
    text = str(record.get(fg.CHAIN_EVIDENCE) or "")
    return [line.strip() for line in text.split(EVIDENCE_SEPARATOR) if line.strip()]


def shared_evidence(records: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, int]]:
    """Chain-evidence lines that several rows share -> (id, rows), in first-seen order.

    A rule or a list that backs many rows (the CHPL row, a date-code format, an HS
    heading) is printed once in the report and cited from each row by its claim and id.
    """
    seen: dict[str, int] = {}
    for record in records:
        for line in dict.fromkeys(evidence_lines(record)):
            seen[line] = seen.get(line, 0) + 1
    shared = [line for line, count in seen.items() if count > 1]
    return {line: (f"E{i}", seen[line]) for i, line in enumerate(shared, start=1)}


def _chain_evidence(
    record: Mapping[str, Any], shared: Mapping[str, tuple[str, int]]
) -> str:
    items = []
    for line in evidence_lines(record):
        cited = shared.get(line)
        if cited is None:
            items.append(escape(line))
        else:
            claim = escape(line.partition(": ")[0])
            items.append(f'{claim} <a href="#{cited[0]}">{cited[0]}</a>')
    return (
        f'<p class="chain-ev">Chain evidence: {"; ".join(items)}</p>' if items else ""
    )


def _evidence(
    record: Mapping[str, Any],
    extra: RowEvidence | None,
    platform: str,
    shared: Mapping[str, tuple[str, int]],
) -> str:
    parts = [escape(str(record.get("reason") or ""))]
    if record.get("status") == "skipped" or extra is None:
        return parts[0]
    body = []
    linked = False
    if record.get("evidence"):
        steps = escape(str(record["evidence"])).replace(" -&gt; ", "\n→ ")
        if extra.catalog_ref and extra.catalog_ref in steps:
            # The citation in the evidence text becomes the link to the cited row.
            link = f'<a href="#{anchor(extra.catalog_ref)}">{escape(extra.catalog_ref)}</a>'
            steps = steps.replace(escape(extra.catalog_ref), link, 1)
            linked = True
        body.append(f"<pre>{steps}</pre>")
    if extra.catalog_ref and not linked:
        body.append(
            f'<p>Catalog row <a href="#{anchor(extra.catalog_ref)}">{escape(extra.catalog_ref)}</a></p>'
        )
    shown = (
        extra.candidates if record.get("status") != "matched" else extra.candidates[1:]
    )
    if shown or record.get("status") != "matched":
        items = "".join(
            f"<li>{escape(maker)}{': ' + escape(mpn) if mpn else ''} ({escape(method)}, {score:.2f})"
            f"{' ' + escape(ref) if ref else ''}</li>"
            for maker, mpn, method, score, ref in shown
        )
        label = (
            "Candidates" if record.get("status") != "matched" else "Other candidates"
        )
        body.append(
            f"<p>{label}:</p><ul>{items}</ul>" if items else f"<p>{label}: none</p>"
        )
    # A matched row's origin is its maker's catalog row, listed once under Sources.
    if record.get("origin_source") and record.get("status") != "matched":
        body.append(f"<p>Origin: {escape(str(record['origin_source']))}</p>")
    chain = [(label, record[key]) for key, label in CHAIN_DETAILS if record.get(key)]
    if chain:
        body.append(
            "<p>"
            + "; ".join(f"{label}: {escape(str(value))}" for label, value in chain)
            + "</p>"
        )
    body.append(_chain_evidence(record, shared))
    shipped = pt.shipments(record)
    if shipped:
        stages = [
            str(record.get("manufacturer") or "maker not identified"),
            "; ".join(pt.distributors(record)) or "distributor not named",
            "; ".join(dict.fromkeys(str(s.sender) for s in shipped)),
            "; ".join(dict.fromkeys(str(s.receiver) for s in shipped if s.receiver))
            or "importer not named",
            platform or "platform not named",
        ]
        body.append(
            f'<p class="chain-line">Chain: {" → ".join(escape(x) for x in stages)}</p>'
        )
    parts.append("<details><summary>evidence</summary>" + "".join(body) + "</details>")
    return "".join(parts)


def render_rows(
    rows: Iterable[tuple[Mapping[str, Any], RowEvidence | None]],
    cols: Sequence[Column],
    platform: str,
    shared: Mapping[str, tuple[str, int]] | None = None,
) -> str:
    """The ``<tbody>`` content: one row per record, in input order."""
    keys = [c.key for c in cols[:-1]]
    out = []
    for record, extra in rows:
        cells = "".join(
            f'<td data-v="{attr(str(record["manufacturer"]))}">{_cell(record, key)}</td>'
            if key == "manufacturer" and record.get("manufacturer_parent")
            else f"<td>{_cell(record, key)}</td>"
            for key in keys
        )
        status = attr(str(record.get("status") or ""))
        out.append(
            f'<tr class="{status}">{cells}<td>{_evidence(record, extra, platform, shared or {})}</td></tr>\n'
        )
    return "".join(out)


def column_styles(table_id: str, cols: Sequence[Column]) -> str:
    """CSS that aligns and styles the table's columns by position (instead of per cell)."""

    def at(keys: Iterable[str]) -> str:
        return ",".join(
            f"#{table_id} td:nth-child({i})"
            for i, c in enumerate(cols, start=1)
            if c.key in keys
        )

    numbers = tuple(c.key for c in cols if c.kind == "num")
    # Chip text keeps its line breaks: the role table's wrapped columns and the mpn.
    chip_text = (*(s.column for s in ROLE_TABLE.values() if s.wrap), "mpn")
    return (
        f"{at(numbers)}{{text-align:right;font-variant-numeric:tabular-nums}}"
        f"{at(chip_text)}{{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
        "font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}"
        f"#{table_id} td:last-child{{min-width:18em}}"
        + "".join(
            f"#{table_id} tr.{s} td:nth-child({i}){{background:var(--{s})}}"
            for i, c in enumerate(cols, start=1)
            if c.key == "status"
            for s in ("matched", "ambiguous", "unmatched", "skipped")
        )
    )
