"""``bomtrace catalog check`` on a catalog that breaks every rule: each finding, in order."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bomtrace.catalog import load_catalogs
from bomtrace.catalog.schema import check_catalog, warning_topics
from bomtrace.cli import app

BROKEN = Path(__file__).parents[1] / "data" / "catalogs" / "broken"

# Recorded from the checks as they were written before they became tables (#16).
ERRORS = [
    "error: makers.csv:4: maker 'Bolt' has no source",
    "error: makers.csv:4: 'QQ' is not an ISO 3166 alpha-2 country code",
    "error: makers.csv:4: 'ZZ' is not an ISO 3166 alpha-2 country code",
    "error: makers.csv:4: acquired_year '19x9' is not a year",
    "error: makers.csv:4: alias 'Bolt Co' names both 'Acme' and 'Bolt'",
    "error: parts.csv:3: duplicate part 'A1' of 'Acme' (first at parts.csv:2)",
    "error: parts.csv:4: part 'B2' names unknown maker 'Nobody'",
    "error: parts.csv:4: part 'B2' has no source",
    "error: parts.csv:4: hs_code '85423' is not six digits",
    "error: second_sources.csv:2: family 'A1' names unknown maker 'Ghost'",
    "error: distributors.csv:3: 'XX' is not a country code",
    "error: distributors.csv:3: distributor 'Shop' has no source",
    "error: coalition_countries.csv:3: 'QQ' is not a country code",
    "error: coalition_countries.csv:3: country 'QQ' has no source",
    "error: transshipment_countries.csv:2: country 'HK' has no source",
    "error: chpl_hs_codes.csv:3: '8542' is not a six-digit HS code",
    "error: category_hs.csv:3: '12' is not a six-digit HS code",
    "error: datecode_formats.csv:3: date-code format names unknown maker 'Ghost'",
    "error: datecode_formats.csv:3: 'WWYY' is not a date-code format (YYWW, YYWWx, xYYWWx, YWW, PYWW, YM, YYMM, YYWWNNN, YWWNNN)",
    "error: datecode_formats.csv:3: week_rule 'feb1' is not iso, jan1 or blank",
    "error: makers.csv:5: maker 'Coil' has an acquired_year but no parent",
    "error: makers.csv:6: maker 'Dyne' is its own parent",
    "error: legal_forms.csv:2: legal form '...' has no letters",
    "error: legal_forms.csv:3: legal form 'ТзОВ' has no source",
    "error: legal_forms.csv:4: 'QQ' is not a country code",
    "error: families.csv:2: family 'GH' names unknown maker 'Ghost'",
    "error: families.csv:3: category 'widgets' has no row in category_hs",
    "error: lines.csv:2: line 'Line1' names unknown maker 'Ghost'",
    "error: lines.csv:3: line 'Line2' names unknown maker 'Phantom'",
    "error: topmarks.csv:2: top mark 'X1' names unknown maker 'Ghost'",
    "error: numbering_systems.csv:2: pattern of 'Bad' is not a regular expression (unterminated character set at position 0)",
    "error: distributors.csv:3: distributor 'Shop' repeats row distributors.csv:2",
    "error: distributors.csv:2: distributor type 'reseller' is not one of authorised, catalog, marketplace",
    "error: distributors.csv:3: 'Q1' is not a country code",
    "error: second_sources.csv:3: family 'A1' repeats row second_sources.csv:2",
    "error: control_dates.csv:2: control date 'nope' is not a date (YYYY-MM-DD)",
    "error: makers.csv:3: maker 'Acme' repeats row makers.csv:2",
]
WARNINGS = (
    " (1 makers without a headquarters country, 3 parts listed in two catalog files,"
    " 1 product lines without a transfer year, 1 flags without a control date,"
    " 2 makers named by an alias or a title in user catalogs)"
)


def test_every_rule_finds_its_row_in_order() -> None:
    """Each broken row is named once per rule it breaks, in the order of the checks."""
    catalog = load_catalogs(BROKEN, [BROKEN / "extra"], cache=None)
    findings = check_catalog(catalog)
    assert [str(f) for f in findings if f.error] == ERRORS
    assert warning_topics(findings) == WARNINGS


def test_the_command_prints_them_and_fails() -> None:
    """The CLI prints every error, then the summary line, and exits non-zero."""
    result = CliRunner().invoke(
        app, ["catalog", "check", str(BROKEN), "--catalog", str(BROKEN / "extra")]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *ERRORS,
        f"17 catalog files, {len(ERRORS)} errors, 8 warnings{WARNINGS}",
    ]
