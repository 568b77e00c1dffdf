"""The legal-forms catalog: GLEIF's ELF list plus sourced rows, checked, extendable."""

from __future__ import annotations

from pathlib import Path

from bomtrace.catalog import check_catalog, load_catalogs
from bomtrace.model import SanctionEntry, SourceRef
from bomtrace.provenance.screening import Screener

SHIPPED = load_catalogs().legal_forms


def test_shipped_forms_cover_the_jurisdictions_of_the_trade() -> None:
    """Abbreviations and full names for the countries intermediaries are registered in,
    each row with a source; the GLEIF rows carry their ELF codes."""
    forms = {(f.country, f.form) for f in SHIPPED}
    for expected in [
        ("RU", "ООО"), ("RU", "ПАО"), ("RU", "ИП"), ("UA", "ТОВ"), ("UA", "ФОП"),
        ("KZ", "ТОО"), ("KZ", "ЖШС"), ("BY", "ОАО"), ("BY", "ЧУП"), ("HK", "有限公司"),
        ("TR", "A.Ş."), ("TR", "Ltd. Şti."), ("DE", "GmbH"), ("LU", "SARL"),
        ("FR", "SAS"), ("AE", "FZE"), ("AE", "FZCO"), ("GB", "Ltd"),
    ]:  # fmt: skip
        assert expected in forms, expected
    assert all(f.source for f in SHIPPED)
    gleif = [f for f in SHIPPED if f.source.startswith("GLEIF")]
    assert len(gleif) > 4000 and all(f.elf_code for f in gleif)


def test_check_reports_bad_legal_form_rows(tmp_path: Path) -> None:
    """A row without letters, without a source or with an unknown country is an error."""
    (tmp_path / "legal_forms.csv").write_text(
        "form,country,source\n...,RU,test\nТзОВ,UA,\nGmbH,QQ,test\nFZE,AE,test\n",
        encoding="utf-8",
    )
    errors = sorted(str(f) for f in check_catalog(load_catalogs(tmp_path)) if f.error)
    assert errors == [
        "error: legal_forms.csv:2: legal form '...' has no letters",
        "error: legal_forms.csv:3: legal form 'ТзОВ' has no source",
        "error: legal_forms.csv:4: 'QQ' is not a country code",
    ]


def test_a_users_legal_form_is_removed_before_screening(tmp_path: Path) -> None:
    """A form added with --catalog (here ТзОВ, an older Ukrainian abbreviation) is stripped."""
    extra = tmp_path / "legal_forms_mine.csv"
    extra.write_text(
        "form,country,source\nТзОВ,UA,my reading of Ukrainian registers\n",
        encoding="utf-8",
    )
    entry = SanctionEntry(
        list_name="test",
        entity_id="t-1",
        name="Berezhanka LLC",
        ref=SourceRef(file="test.csv", sheet="", row=2),
    )
    shipped = Screener([entry], legal_forms=(f.form for f in SHIPPED))
    mine = Screener(
        [entry], legal_forms=(f.form for f in load_catalogs(extra=[extra]).legal_forms)
    )
    assert shipped.names.form("ТзОВ «Бережанка»").text == "tzov berezhanka"
    assert mine.names.form("ТзОВ «Бережанка»").text == "berezhanka"
    assert [h.entry.entity_id for h in mine.screen("ТзОВ «Бережанка»")] == ["t-1"]
