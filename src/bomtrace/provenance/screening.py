"""Screening intermediaries' names against sanctions lists: normalise, block, score.

Pure. Names are normalised with ``rigour`` (OpenSanctions' name library: tokenising,
legal forms such as Ltd, Limited, LLC, GmbH, ООО and "Общество с ограниченной
ответственностью" removed, Cyrillic transliterated), then compared with rapidfuzz on the
spelling and on a transliteration-tolerant skeleton of each word.

The score is a table of features and weights (nomenklatura's way), and every hit carries
the names compared and the score. Words that many unrelated companies share ("Asia",
"Pacific", "Electronics", "Trading", country and city names) never make a match on their
own: a name made only of such words must be spelt the same to match. A hit at or above
``MATCH`` is reported as a match; between ``POSSIBLE`` and ``MATCH`` only as "possible",
for a person to check, never as fact.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rigour.names import remove_org_types
from rigour.text import ascii_text
from rigour.text.normalize import Normalize, normalize

from bomtrace.model import HitStrength, SanctionEntry, SanctionHit

MATCH = 0.92
POSSIBLE = 0.80

# Words shared by many unrelated company names: they never make a match on their own.
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
"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
# Which words count, by how much (nomenklatura's feature table); weights sum to 1.
FEATURES = (
    ("distinctive words agree", 0.6),
    ("whole names agree", 0.4),
)

_SKELETON = (
    ("sch", "sh"), ("shch", "sh"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
    ("ck", "k"), ("ph", "f"), ("x", "ks"), ("w", "v"), ("ya", "ia"), ("yu", "iu"),
    ("y", "i"), ("j", "i"), ("z", "s"), ("q", "k"), ("ce", "se"), ("ci", "si"), ("c", "k"),
)  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison: its words, distinctive words and skeletons."""

    text: str
    words: tuple[str, ...]
    distinctive: tuple[str, ...]
    skeletons: tuple[str, ...]

    @property
    def initials(self) -> str:
        return "".join(w[0] for w in self.words if not _DIGIT.search(w))


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


@lru_cache(maxsize=65536)
def name_form(name: str) -> NameForm:
    """Normalises a company or person name: case, legal forms, transliteration, words."""
    text = normalize(name, Normalize.CASEFOLD | Normalize.NAME) or ""
    stripped = remove_org_types(text).strip() or text
    latin = ascii_text(stripped).lower()
    words = tuple(w for w in re.split(r"[^a-z0-9]+", latin) if w)
    distinctive = tuple(w for w in words if not is_generic(w))
    return NameForm(
        text=" ".join(words),
        words=words,
        distinctive=distinctive,
        skeletons=tuple(skeleton(w) for w in words),
    )


def word_similarity(a: str, b: str) -> float:
    """How alike two words are (0..1): spelling, transliteration skeleton, abbreviation."""
    if a == b:
        return 1.0
    if _DIGIT.search(a) or _DIGIT.search(b):
        return 0.0  # numbers (registration numbers, '10219452') must agree exactly
    short, long = sorted((a, b), key=len)
    if (
        3 <= len(short) <= 5
        and len(short) <= 0.6 * len(long)
        and long.startswith(short)
    ):
        return (
            0.9  # an abbreviated word: 'Pac.' for 'Pacific', 'Semi' for 'Semiconductor'
        )
    spelled = fuzz.ratio(a, b) / 100
    sounded = fuzz.ratio(skeleton(a), skeleton(b)) / 100
    return max(spelled, sounded)


def _side(words: Sequence[str], other: Sequence[str]) -> float:
    if not words:
        return 0.0
    return sum(
        max((word_similarity(w, o) for o in other), default=0.0) for w in words
    ) / len(words)


def compare_names(party: str, listed: str) -> tuple[float, str]:
    """Scores two names (0..1) and says why, feature by feature."""
    a, b = name_form(party), name_form(listed)
    if not a.words or not b.words:
        return 0.0, "a name is empty after normalisation"
    whole = (
        max(
            fuzz.token_sort_ratio(a.text, b.text),
            fuzz.token_sort_ratio(" ".join(a.skeletons), " ".join(b.skeletons)),
        )
        / 100
    )
    if not a.distinctive or not b.distinctive:
        if whole >= 0.97:
            return whole, f"same generic-word name ('{a.text}' = '{b.text}')"
        return 0.0, (
            f"'{a.text}' and '{b.text}' share only generic words; "
            "generic words alone never make a match"
        )
    distinctive = min(
        _side(a.distinctive, b.distinctive), _side(b.distinctive, a.distinctive)
    )
    if distinctive < 0.8:
        initials = _initialism(a, b) or _initialism(b, a)
        if initials:
            return POSSIBLE, initials
        return (
            0.0,
            f"distinctive words differ ({', '.join(a.distinctive)} / {', '.join(b.distinctive)})",
        )
    weights = dict(FEATURES)
    score = (
        weights["distinctive words agree"] * distinctive
        + weights["whole names agree"] * whole
    )
    return round(score, 3), (
        f"distinctive words {distinctive:.2f} ({' '.join(a.distinctive)} / "
        f"{' '.join(b.distinctive)}), whole names {whole:.2f}"
    )


def _initialism(short: NameForm, long: NameForm) -> str:
    if (
        len(short.words) == 1
        and len(short.words[0]) >= 3
        and short.words[0] == long.initials
    ):
        return f"'{short.words[0]}' is the initials of '{long.text}' (abbreviation)"
    return ""


def _block_keys(form: NameForm) -> set[str]:
    keys = {skeleton(w)[:4] for w in form.distinctive}
    keys |= {w for w in form.distinctive if _DIGIT.search(w)}
    if not form.distinctive:
        keys.add("generic:" + form.text)
    if len(form.initials) >= 3:
        keys.add("initials:" + form.initials)
    return keys


class Screener:
    """Sanctions-list entries indexed by the distinctive words of their names."""

    def __init__(self, entries: Sequence[SanctionEntry]) -> None:
        self.entries = entries
        self.blocks: dict[str, set[tuple[int, str]]] = defaultdict(set)
        for number, entry in enumerate(entries):
            for name in dict.fromkeys((entry.name, *entry.aliases)):
                form = name_form(name)
                for key in _block_keys(form):
                    self.blocks[key].add((number, name))
                if len(form.words) == 1 and len(form.words[0]) >= 3:
                    self.blocks["initials:" + form.words[0]].add((number, name))

    def screen(self, party: str) -> tuple[SanctionHit, ...]:
        """Finds a party's name on the lists: strong matches and possible ones, best first."""
        form = name_form(party)
        if not form.words:
            return ()
        keys = _block_keys(form)
        if len(form.words) == 1:
            keys.add("initials:" + form.words[0])
        candidates: set[tuple[int, str]] = set()
        for key in keys:
            candidates |= self.blocks.get(key, set())
        best: dict[int, tuple[float, str, str]] = {}
        # The listed name first, then aliases: on equal scores the listed name is shown.
        ordered = sorted(
            candidates, key=lambda c: (c[0], c[1] != self.entries[c[0]].name, c[1])
        )
        for number, name in ordered:
            score, why = compare_names(party, name)
            if score >= POSSIBLE and score > best.get(number, (0.0, "", ""))[0]:
                best[number] = (score, name, why)
        hits = [
            SanctionHit(
                party=party,
                entry=self.entries[number],
                matched_name=name,
                score=score,
                strength=HitStrength.MATCH if score >= MATCH else HitStrength.POSSIBLE,
                evidence=why,
            )
            for number, (score, name, why) in best.items()
        ]
        return tuple(
            sorted(hits, key=lambda h: (-h.score, h.entry.list_name, h.entry.name))
        )


def screen_all(
    screener: Screener, parties: Iterable[str]
) -> dict[str, tuple[SanctionHit, ...]]:
    """Screens each distinct party name once."""
    return {
        party: screener.screen(party)
        for party in dict.fromkeys(p for p in parties if p.strip())
    }
