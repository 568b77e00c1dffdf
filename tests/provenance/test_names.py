"""Name normalisation for screening: scripts, legal forms, generic syllables."""

from __future__ import annotations

import pytest

from bomtrace.catalog.load import load_catalogs
from bomtrace.provenance.names import (
    LegalForms,
    Names,
    form_key,
    is_generic,
    join_generic_syllables,
    words_of,
)

NAMES = Names(f.form for f in load_catalogs().legal_forms)


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("ООО «Вектор-Плюс»", ("ooo", "vektor", "plyus")),
        ("Товариство «Глібодар-Тех»", ("tovaristvo", "glibodar", "tekh")),
        ("ТОО «Борсақбай»", ("too", "borsaqbay")),
        ("ЎЗЛЁТ", ("uzlet",)),
        ("Şirket A.Ş.", ("sirket", "a", "s")),
        ("ŞİRKET", ("sirket",)),
        ("Müller Straße", ("muller", "strasse")),
        ("Société S.à r.l.", ("societe", "s", "a", "r", "l")),
        ("深圳有限公司", ("shen", "zhen", "you", "xian", "gong", "si")),
        ("凱悅（香港）", ("kai", "yue", "xiang", "gang")),
        ("Общество с ответственностью", ("obshchestvo", "s", "otvetstvennostyu")),
        ("Ｋｅｓｔｒｅｌ　ＬＬＣ", ("kestrel", "llc")),
    ],
)
def test_every_script_becomes_lower_case_ascii_words(
    written: str, words: tuple[str, ...]
) -> None:
    """Cyrillic (with Ukrainian, Kazakh, Belarusian letters), Turkish, German, French,
    Chinese one syllable per character, full-width forms; the soft sign leaves no gap."""
    assert words_of(written) == words


def test_legal_form_keys_join_letters_and_fold_spellings() -> None:
    """Dots, spaces, accents, umlaut spellings and й transliterations give one key."""
    assert form_key("S.à r.l.") == form_key("SARL") == form_key("S.A.R.L.")
    assert form_key("A.Ş.") == form_key("AS")
    assert form_key("UG (haftungsbeschränkt)") == form_key("UG (haftungsbeschraenkt)")
    assert form_key("Obshchestvo s ogranichennoj otvetstvennost'yu") == form_key(
        "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU"
    )


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("ООО «Тегратрон»", "tegratron"),
        ("Общество с ограниченной ответственностью Тегратрон", "tegratron"),
        ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU TEGRATRON", "tegratron"),
        ("ПрАТ «Хвилемір»", "khvilemir"),
        ("Фізична особа-підприємець Здоровець", "zdorovets"),
        ("«Алтынсай» жауапкершілігі шектеулі серіктестігі", "altynsay"),
        ("ЧУП «Гарцевикс»", "gartseviks"),
        ("珠海蓝峰源电子科技有限公司", "zhuhai lan feng yuan dianzi keji"),
        ("Gökmizan Elektronik Ltd. Şti.", "gokmizan elektronik"),
        ("Drosselbach Logistik UG (haftungsbeschränkt)", "drosselbach logistik"),
        ("Kestrel Handels GmbH & Co. KG", "kestrel handels"),
        ("Lumivance Composants S.à r.l.", "lumivance composants"),
        ("Noorqad Electronics F.Z.E.", "noorqad electronics"),
        ("Dar Zafiran Free Zone Company", "dar zafiran"),
        ("نورقاد للإلكترونيات م.م.ح", "nwrqd lllktrwnyt"),
    ],
)
def test_legal_forms_of_every_jurisdiction_are_removed(written: str, text: str) -> None:
    """Abbreviated and spelled-out forms, before or after the name, in any script."""
    assert NAMES.form(written).text == text


def test_forms_that_name_an_activity_stay() -> None:
    """'Commercial Bank' and 'Insurance Company' are forms in GLEIF's list, but they
    tell two companies apart; the forms around them still go."""
    assert NAMES.form("Kestrel Commercial Bank").text == "kestrel commercial bank"
    assert NAMES.form("Kestrel Insurance Company Limited").text == "kestrel insurance"


def test_short_forms_only_at_the_ends_and_never_every_word() -> None:
    """A form of three letters or fewer inside a name stays (it may be a word of the
    name); a name that is only a legal form keeps its words."""
    forms = LegalForms(["AS", "LLC", "GmbH"])
    assert forms.strip(("as", "electronics", "as")) == ("electronics",)
    assert forms.strip(("nord", "as", "trade")) == ("nord", "as", "trade")
    assert forms.strip(("kestrel", "gmbh", "berlin")) == ("kestrel", "berlin")
    assert forms.strip(("llc",)) == ("llc",)
    assert forms.strip(("gmbh", "llc")) == ("llc",)


def test_syllables_that_spell_a_generic_word_are_joined() -> None:
    """'dian zi' (电子, electronics) becomes one generic word, so it does not count as two
    distinctive syllables; other syllables stay apart."""
    assert join_generic_syllables(("qiao", "dian", "zi", "ke", "ji")) == (
        "qiao",
        "dianzi",
        "keji",
    )
    assert is_generic("dianzi") and is_generic("sanayi") and is_generic("treyd")
    assert not is_generic("qiao")


def test_names_remembers_each_name_once() -> None:
    """The same name gives the same form object (a run screens each party once)."""
    names = Names(["LLC"])
    assert names.form("Kestrel LLC") is names.form("Kestrel LLC")
    assert names.form("Kestrel LLC").distinctive == ("kestrel",)
