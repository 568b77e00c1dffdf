"""Company and person names made ready for comparison: script, case, legal forms, words.

Pure. A name becomes ASCII words: Unicode compatibility forms folded (NFKC: full-width
letters and brackets), every script transliterated with ``anyascii``, each Chinese,
Japanese or Korean character read as its own syllable, case folded, apostrophes (the
soft sign, ``ʼ``) dropped, and the rest split at anything that is not a letter or digit.
Legal forms (ООО, ТОВ, A.Ş., S.à r.l., 有限公司, FZCO ...) are then removed with the table
in ``catalogs/legal_forms.csv``, and syllables that spell a generic word
('shen zhen', 'dian zi') are joined.

Why these tools (issue #19). The first version used ``rigour``, whose ``normality``
dependency needs ``pyicu``: a C++ build against the system's ICU that no Windows or Mac
user without a compiler can install. The replacements were chosen on the labelled set
in ``tests/data/screening`` (figures in the README's screening section):

- ``anyascii`` (ISC licence, pure Python, one small wheel for every platform) reads
  every script the lists and customs records use: Cyrillic with the Ukrainian,
  Belarusian and Kazakh letters, Turkish dotted and dotless i, Han characters (as pinyin),
  Arabic. It transliterates letter by letter, so a word spelt in Cyrillic and the same
  word in a list's Latin can differ by a letter (Глібодар -> Glibodar, list: Hlibodar);
  the spelling skeleton and fuzzy comparison absorb that, and the measured recall did not
  drop on any language group.
- The legal forms come from GLEIF's ISO 20275 Entity Legal Forms code list (CC0), which
  covers some 185 jurisdictions where rigour's table covered the forms OpenSanctions
  met; rows it lacks (Ukraine, Kazakhstan, the UAE free zones, Russian abbreviations)
  are added by hand with their sources. Data, not code: a user adds a form with a row.
- Forms are matched on their letters with the words joined, so 'S.à r.l.', 'SARL' and
  'S.A.R.L.', or 'A.Ş.' and 'AS', are one form. A form of three letters or fewer is
  removed only at the start or end of a name (ИП Иванов, Kestrel LLC), where it stands;
  a longer one anywhere. A name that is nothing but a legal form keeps its words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Words shared by many unrelated company names: they never make a match on their own.
# Grouped by language; transliterations are written as ``words_of`` spells them.
_GENERIC_TEXT = """
    asia asian pacific east west north south eastern western northern southern central
    global international intl world worldwide universal euro europe european america
    american china chinese hong kong hk shenzhen shanghai beijing guangzhou russia
    russian rus moscow petersburg st saint canada canadian usa us uk british taiwan
    singapore dubai uae india japan korea germany new
    electronics electronic electro electric components component parts semiconductor
    semiconductors micro microelectronics microsystems technology technologies technological tech
    techno systems system solutions engineering industrial industries industry
    trading trade traders trader import export imports exports impex commerce
    commercial logistics supply supplies service services distribution distributors
    group holding holdings enterprise enterprises company co corporation corp
    partners partner general star union unity alliance development investment
    invest capital management consulting
    the and of for de la le
    treiding torgovyi dom kompaniia obshchestvo tekhnologii tekhnolodzhis grupp
    kholding sistemy servis
    tekh tekhno treid treyd dzheneral kompani
    sirket sirketi ticaret tic sanayi san ve dis ic ithalat ihracat teknoloji lojistik
    muhendislik pazarlama
    handel handels technik praezisionstechnik logistik vertrieb und systeme industrie
    societe composants composant systemes electronique et des du immobilier transports
    keji dianzi weidianzi maoyi guoji jituan shiye shi xianggang youxian gongsi
    zhuhai dongguan xiamen ningbo hangzhou suzhou tianjin
    al el trdg est establishment
"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())

_SKELETON = (
    ("sch", "sh"), ("shch", "sh"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
    ("ck", "k"), ("ph", "f"), ("x", "ks"), ("w", "v"), ("ya", "ia"), ("yu", "iu"),
    ("y", "i"), ("j", "i"), ("z", "s"), ("q", "k"), ("ce", "se"), ("ci", "si"), ("c", "k"),
)  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")
_DIGIT = re.compile(r"\d")
_APOSTROPHES = re.compile(r"['`]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Chinese, Japanese and Korean characters, each read as one syllable.
_CJK = re.compile(
    "([\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f])"
)
# Joined words longer than this are not looked up as legal forms or generic words.
_LONGEST_RUN = 10
# A legal form this short (its letters joined) is removed only at a name's start or end.
_SHORT_FORM = 3
# Syllable runs joined into a generic word: pinyin syllables have at most six letters.
_SYLLABLE = 6


def latin(text: str) -> str:
    """Writes a name in ASCII: compatibility forms folded, every script transliterated."""
    text = _CJK.sub(r" \1 ", unicodedata.normalize("NFKC", text))
    return anyascii(text)


def words_of(text: str) -> tuple[str, ...]:
    """The lower-case ASCII words of a name: 'ООО «Вектор-Плюс»' -> ooo, vektor, plyus."""
    folded = _APOSTROPHES.sub("", latin(text).lower())
    return tuple(w for w in _NOT_WORD.split(folded) if w)


def form_key(text: str) -> str:
    """The letters of a legal form, words joined, spelling variants folded.

    'S.à r.l.' and 'SARL' give one key; so do 'haftungsbeschränkt' and
    'haftungsbeschraenkt' (umlauts), and 'ogranichennoj', 'ogranichennoy' and
    'ogranichennoi' (the transliterations of й).
    """
    return _fold_key("".join(words_of(text)))


def _fold_key(key: str) -> str:
    key = key.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return key.replace("j", "i").replace("y", "i")


class LegalForms:
    """A table of legal forms, found in a name's words with the words joined."""

    def __init__(self, forms: Iterable[str] = ()) -> None:
        self.keys = frozenset(k for k in map(form_key, forms) if len(k) >= 2)

    def is_form(self, words: Sequence[str]) -> bool:
        """Tells whether the words, joined, spell a legal form of the table."""
        return _fold_key("".join(words)) in self.keys

    def strip(self, words: Sequence[str]) -> tuple[str, ...]:
        """Removes the legal forms from a name's words; never removes every word.

        Forms at the start and the end go first, repeatedly (ООО «X», X GmbH & Co. KG),
        the longest first; then longer forms inside the name.
        """
        kept = list(words)
        changed = True
        while changed:
            changed = False
            for size in range(min(_LONGEST_RUN, len(kept) - 1), 0, -1):
                if self.is_form(kept[:size]):
                    del kept[:size]
                    changed = True
                    break
            for size in range(min(_LONGEST_RUN, len(kept) - 1), 0, -1):
                if self.is_form(kept[-size:]):
                    del kept[-size:]
                    changed = True
                    break
        start = 1
        while start < len(kept) - 1:
            for size in range(min(_LONGEST_RUN, len(kept) - 1 - start), 0, -1):
                run = kept[start : start + size]
                if len("".join(run)) > _SHORT_FORM and self.is_form(run):
                    del kept[start : start + size]
                    break
            else:
                start += 1
        return tuple(kept)


def skeleton(word: str) -> str:
    """A spelling-tolerant key of a word: 'Pasifik' and 'Pacific' both give 'pasifik'."""
    text = word.lower()
    for before, after in _SKELETON:
        text = text.replace(before, after)
    return _REPEATS.sub(r"\1", text)


_GENERIC_SKELETONS = frozenset(skeleton(w) for w in GENERIC_WORDS)


@lru_cache(maxsize=65536)
def is_generic(word: str) -> bool:
    """Tells whether a word is one that many unrelated names share, in any spelling.

    'Komponents' and 'Components' share a skeleton; 'Pac' and 'Intl' abbreviate one.
    """
    key = skeleton(word)
    if key in _GENERIC_SKELETONS or len(word) < 2:
        return True
    if len(key) < 3 or _DIGIT.search(key):
        return False
    word = word.lower()
    return any(g.startswith(key) for g in _GENERIC_SKELETONS) or any(
        g.startswith(word) for g in GENERIC_WORDS
    )


def join_generic_syllables(words: Sequence[str]) -> tuple[str, ...]:
    """Joins runs of short words that spell a generic word: 'dian zi' -> 'dianzi'."""
    joined: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(4, len(words) - start), 1, -1):
            run = words[start : start + size]
            if all(len(w) <= _SYLLABLE for w in run) and "".join(run) in GENERIC_WORDS:
                joined.append("".join(run))
                start += size
                break
        else:
            joined.append(words[start])
            start += 1
    return tuple(joined)


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison: its words, distinctive words and skeletons."""

    text: str
    words: tuple[str, ...]
    distinctive: tuple[str, ...]
    skeletons: tuple[str, ...]

    @classmethod
    def of(cls, words: Sequence[str]) -> NameForm:
        """The form of a name already cut into normalised words."""
        return cls(
            text=" ".join(words),
            words=tuple(words),
            distinctive=tuple(w for w in words if not is_generic(w)),
            skeletons=tuple(skeleton(w) for w in words),
        )

    @property
    def initials(self) -> str:
        return "".join(w[0] for w in self.words if not _DIGIT.search(w))


class Names:
    """Normalises names with one table of legal forms, each distinct name once."""

    _REMEMBERED = 65536

    def __init__(self, legal_forms: Iterable[str] = ()) -> None:
        self.legal_forms = LegalForms(legal_forms)
        self._seen: dict[str, NameForm] = {}

    def form(self, name: str) -> NameForm:
        """A company or person name's form: script, case, legal forms, generic syllables."""
        found = self._seen.get(name)
        if found is None:
            if len(self._seen) >= self._REMEMBERED:
                self._seen.clear()
            words = join_generic_syllables(self.legal_forms.strip(words_of(name)))
            found = self._seen[name] = NameForm.of(words)
        return found
