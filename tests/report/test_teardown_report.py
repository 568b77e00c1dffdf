"""The teardown report of the bundled example: every figure recounts from its rows and
names its source; the illustrative notice shows; the same run renders the same bytes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from bomtrace import TraceResult, trace
from bomtrace.column_roles import ROLE_TABLE, ROLES
from bomtrace.report import render_report
from bomtrace.report.figures import NOT_AVAILABLE

from .conftest import EXAMPLES, ORLAN_CHAIN, RUN_AT

CARDS = ["rows_read", "part_rows", "identified", "ambiguous", "unmatched", "coalition_share",
         "chpl_share", "after_2022_share", "intermediaries", "sanctioned_intermediaries"]  # fmt: skip


@pytest.fixture(scope="module")
def page(orlan: TraceResult) -> BeautifulSoup:
    return BeautifulSoup(render_report(orlan), "html.parser")


def card_value(page: BeautifulSoup, key: str) -> str:
    return page.select_one(f"#card-{key} .n").get_text(strip=True)


def test_cards_equal_a_recount_of_the_rows(
    page: BeautifulSoup, orlan: TraceResult
) -> None:
    """Rows read, part rows, identified, ambiguous, unmatched and the coalition share recount."""
    rows = orlan.records()
    status = Counter(r["status"] for r in rows)
    identified = [r for r in rows if r["status"] == "matched" and r["manufacturer"]]
    coalition = sum(1 for r in identified if r["coalition_origin"] == "yes")
    assert card_value(page, "rows_read") == str(len(rows))
    assert card_value(page, "part_rows") == str(len(rows) - status["skipped"])
    assert card_value(page, "identified") == str(len(identified))
    assert card_value(page, "ambiguous") == str(status["ambiguous"])
    assert card_value(page, "unmatched") == str(status["unmatched"])
    assert (
        card_value(page, "coalition_share")
        == f"{round(100 * coalition / len(identified))}%"
    )
    label = page.select_one("#card-coalition_share .l").get_text()
    assert f"({coalition} of {len(identified)})" in label


def test_every_card_links_to_its_listed_source(page: BeautifulSoup) -> None:
    """Each summary card links to a row of the figure-sources table with the same value."""
    for key in CARDS:
        link = page.select_one(f"#card-{key} a.src")["href"]
        source = page.select_one(link)
        assert source is not None, key
        cells = [td.get_text(strip=True) for td in source.find_all("td")]
        assert cells[1] == card_value(page, key)
        assert cells[4], f"{key} has no 'computed from' text"
        assert cells[5], f"{key} lists no columns"


def test_chain_figures_are_not_available_without_their_columns(
    orlan: TraceResult, without_chain_columns: None
) -> None:
    """A run without the provenance columns says "not available" for them, never 0."""
    page = BeautifulSoup(render_report(orlan), "html.parser")
    for key in (
        "chpl_share",
        "after_2022_share",
        "intermediaries",
        "sanctioned_intermediaries",
    ):
        assert card_value(page, key) == NOT_AVAILABLE
        source = page.select_one(f"#src-{key}").get_text()
        assert "which this run does not have" in source
    assert page.select_one("#years-na") is not None
    assert page.select_one("#chain-na") is not None
    headers = [th.get_text() for th in page.select("#parts-table thead th")]
    assert "CHPL tier" not in headers and "Produced" not in headers


def test_chain_figures_recount_the_chain_columns(
    page: BeautifulSoup, orlan: TraceResult
) -> None:
    """CHPL share, share made after 2022 and the intermediaries recount the run's columns."""
    rows = orlan.records()
    identified = [r for r in rows if r["status"] == "matched" and r["manufacturer"]]
    with_hs = [r for r in identified if r["hs_code"]]
    on_tier = [r for r in with_hs if r["chpl_tier"]]
    assert (
        card_value(page, "chpl_share") == f"{round(100 * len(on_tier) / len(with_hs))}%"
    )
    dated = [
        r
        for r in rows
        if r["status"] != "skipped" and r["after_2022_controls"] in ("yes", "no")
    ]
    after = [r for r in dated if r["after_2022_controls"] == "yes"]
    assert (
        card_value(page, "after_2022_share")
        == f"{round(100 * len(after) / len(dated))}%"
    )
    label = page.select_one("#card-after_2022_share .l").get_text()
    assert f"({len(after)} of {len(dated)})" in label
    # The reported example: Asia Pacific Links (HK) -> SMT-iLogic (RU), both designated.
    assert card_value(page, "intermediaries") == "2"
    assert card_value(page, "sanctioned_intermediaries") == "2"


def test_reported_chain_is_drawn_with_its_listed_parties(page: BeautifulSoup) -> None:
    """The example's reported shipment is drawn maker -> ... -> platform, listed names marked."""
    chain = page.select_one("#supply-chain figure.chain")
    assert chain["data-intermediary"] == "Asia Pacific Links"
    names = [t.get_text() for t in chain.select("text.name")]
    assert (
        "Asia Pacific Links (HK)" in names
        and "SMT-iLogic (RU)" in names
        and "Orlan-10" in names
    )
    listed = [t.get_text() for t in chain.select("text.name.listed")]
    assert listed == ["Asia Pacific Links (HK)", "SMT-iLogic (RU)"]
    assert "on a sanctions list" in chain.figcaption.get_text()
    assert "NOT a copy of the official list" in chain.get_text()


def test_charts_add_up_to_the_identified_rows(
    page: BeautifulSoup, orlan: TraceResult
) -> None:
    """Country and category bars each sum to the identified rows; maker bars plus 'more' too."""
    identified = [
        r for r in orlan.records() if r["status"] == "matched" and r["manufacturer"]
    ]
    for chart in ("#chart-country", "#chart-category"):
        values = [
            int(t.get_text().split()[0]) for t in page.select(f"{chart} text.value")
        ]
        assert sum(values) == len(identified), chart
    categories = Counter(r["category"] or "no category" for r in identified)
    labels = [t.get_text() for t in page.select("#chart-category text.label")]
    assert labels[0] == categories.most_common(1)[0][0]


def test_illustrative_notice_quotes_the_sheets(page: BeautifulSoup) -> None:
    """The example says it is illustrative; the report repeats it at the top, per sheet."""
    notice = page.select_one("#illustrative")
    assert notice is not None
    items = notice.find_all("li")
    assert len(items) == 3  # one per sheet of the example
    assert "ILLUSTRATIVE EXAMPLE" in notice.get_text()


def test_every_row_has_its_evidence_in_place(
    page: BeautifulSoup, orlan: TraceResult
) -> None:
    """Each part row carries its evidence in the same table row; skipped rows only a reason."""
    rows = page.select("#parts-table tbody tr")
    assert len(rows) == orlan.counts.read
    for tr, record in zip(rows, orlan.records(), strict=True):
        details = tr.find("details")
        assert (details is None) == (record["status"] == "skipped")
        if (
            record["status"] == "matched"
            and record["mpn"]
            and record["match_method"] == "exact"
        ):
            # The catalog row is cited by a link to its line in "Catalog rows cited".
            link = details.select_one('a[href^="#ref-"]')
            cited = page.select_one(link["href"])
            cells = [td.get_text() for td in cited.find_all("td")]
            assert cells[0] == link.get_text() and cells[1] == record["mpn"]
        if record["status"] == "ambiguous":
            # Every candidate the candidates column lists, each with its method and score.
            listed = [li.get_text().split(" (")[0] for li in details.select("li")]
            assert listed == record["candidates"].split("; ")


def test_same_run_renders_the_same_bytes(orlan: TraceResult) -> None:
    """Rendering is deterministic; tracing again changes only the stated run date."""
    first = render_report(orlan)
    assert render_report(orlan) == first
    again = trace(
        [EXAMPLES / "orlan10_teardown.xlsx"],
        platform="Orlan-10",
        run_at="2025-06-30T12:00:00Z",
        **ORLAN_CHAIN,
    )
    assert render_report(again).replace("2025-06-30T12:00:00Z", RUN_AT) == first


def test_chain_columns_fill_cards_charts_and_diagrams(
    orlan: TraceResult, with_chain_columns: Callable[[], None]
) -> None:
    """With chain values on the Analog Devices rows, cards, year chart and diagrams recount them."""
    page = BeautifulSoup(render_report(orlan), "html.parser")
    rows = orlan.records()
    adi = [
        r
        for r in rows
        if r["manufacturer"] == "Analog Devices" and r["status"] == "matched"
    ]
    assert card_value(page, "intermediaries") == "2"
    assert (
        card_value(page, "sanctioned_intermediaries") == "1"
    )  # the other hit is only possible
    assert (
        "1 more possible"
        in page.select_one("#card-sanctioned_intermediaries .l").get_text()
    )
    years = [int(t.get_text()) for t in page.select("#chart-years text.value")]
    assert years == [len(adi)]
    assert [t.get_text() for t in page.select("#chart-years text.control-label")] == [
        "2014 controls", "2022 controls"
    ]  # fmt: skip
    chain = page.select_one("#supply-chain figure.chain")
    assert chain["data-intermediary"] == "Test Trading Ltd"
    names = [t.get_text() for t in chain.select("text.name")]
    assert names == ["Analog Devices", "Test Distributor One (US)", "Test Distributor Two (DE)",
                     "Test Trading Ltd (HK)", "Test Import LLC (RU)", "Orlan-10"]  # fmt: skip
    assert [t.get_text() for t in chain.select("text.name.listed")] == [
        "Test Trading Ltd (HK)"
    ]
    line = page.select_one("#parts-table p.chain-line").get_text()
    assert line == (
        "Chain: Analog Devices → Test Distributor One (US); Test Distributor Two (DE)"
        " → Test Trading Ltd (HK) → Test Import LLC (RU) → Orlan-10"
    )
    headers = [th.get_text() for th in page.select("#parts-table thead th")]
    assert "CHPL tier" in headers and "Produced" in headers


def test_sources_from_a_party_to_the_war_are_labelled(page: BeautifulSoup) -> None:
    """The reported teardown by Ukraine's Ministry of Defence carries the label; the press does not."""
    items = page.select("#reported-teardowns li")
    labelled = [li.get_text().split(":")[0] for li in items if li.select_one(".party")]
    # The MoD video, the intelligence officer and what "the same officer" said after.
    assert labelled == ["camera (Canon EOS 750D (EOS Rebel T6i))", "engine", "cell phone tracker",
                        "thermal imaging module", "other parts"]  # fmt: skip
    assert {
        li.select_one(".party").get_text() for li in items if li.select_one(".party")
    } == {"party to the conflict"}
    assert any(
        li.select_one(".party") is None for li in page.select("#reported-network li")
    )


def test_parts_table_shows_the_role_columns_the_role_table_names(
    page: BeautifulSoup, orlan: TraceResult
) -> None:
    """After Sheet and Row, the parts table shows each role the role table gives a report
    head, in table order, sorted as a number where the role is a count; each such column
    holds the row's cell as read (the marking column falls back to the part number)."""
    shown = [ROLE_TABLE[r] for r in ROLES if ROLE_TABLE[r].report_head]
    heads = page.select("#parts-table thead th")
    assert [th.get_text() for th in heads[: 3 + len(shown)]] == [
        "Sheet", "Row", *(s.report_head for s in shown), "Status",
    ]  # fmt: skip
    for th, spec in zip(heads[2:], shown, strict=False):
        assert (th.get("data-type") == "num") is spec.numeric
    records = orlan.records()
    rows = page.select("#parts-table tbody tr")
    assert len(rows) == len(records)
    for tr, record in zip(rows, records, strict=True):
        cells = [td.get_text() for td in tr.find_all("td", recursive=False)]
        for index, spec in enumerate(shown, start=2):
            given = record[spec.column]
            if spec.column == "marking":
                given = given or record["part_number_given"]
            assert cells[index] == str(given or ""), (record["source_row"], spec.column)
