"""Screening intermediaries' names against sanctions lists: normalise, block, score.

Pure. Names are normalised by ``bomtrace.provenance.names`` (every script transliterated,
legal forms from ``catalogs/legal_forms.csv`` removed: Ltd, LLC, GmbH, ООО, ТОВ, A.Ş.,
有限公司, "Общество с ограниченной ответственностью" ...), then compared with rapidfuzz
on the spelling and on a transliteration-tolerant skeleton of each word. Words one name
writes apart and the other joins ('Qiao Xun Wei' / 'Qiaoxunwei', 'Dar Zafiran' /
'Darzafiran') are joined before they are compared.

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

from rapidfuzz import fuzz

from bomtrace.model import HitStrength, SanctionEntry, SanctionHit
from bomtrace.provenance.names import (
    GENERIC_WORDS,
    NameForm,
    Names,
    is_generic,
    skeleton,
)

__all__ = [
    "GENERIC_WORDS",
    "MATCH",
    "POSSIBLE",
    "Screener",
    "compare_forms",
    "is_generic",
    "word_similarity",
]

MATCH = 0.92
POSSIBLE = 0.80

# Which words count, by how much (nomenklatura's feature table); weights sum to 1.
FEATURES = (
    ("distinctive words agree", 0.6),
    ("whole names agree", 0.4),
)

_DIGIT = re.compile(r"\d")


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
    ska, skb = skeleton(a), skeleton(b)
    if ska.replace("h", "g") == skb.replace("h", "g"):
        # Cyrillic Г is G in Russian transliteration, H in Ukrainian and Belarusian
        # (Гарцевикс: Gartseviks / Hartseviks; Гамбург is Hamburg).
        return 0.95
    spelled = fuzz.ratio(a, b) / 100
    sounded = fuzz.ratio(ska, skb) / 100
    return max(spelled, sounded)


def _side(words: Sequence[str], other: Sequence[str]) -> float:
    if not words:
        return 0.0
    return sum(
        max((word_similarity(w, o) for o in other), default=0.0) for w in words
    ) / len(words)


def join_runs(words: Sequence[str], other: NameForm) -> tuple[str, ...]:
    """Joins runs of words that the other name writes as one: 'kai yue xin' -> 'kaiyuexin'."""
    targets = set(other.words) | set(other.skeletons)
    joined: list[str] = []
    start = 0
    while start < len(words):
        for size in range(min(4, len(words) - start), 1, -1):
            run = "".join(words[start : start + size])
            if run in targets or skeleton(run) in targets:
                joined.append(run)
                start += size
                break
        else:
            joined.append(words[start])
            start += 1
    return tuple(joined)


def aligned(a: NameForm, b: NameForm) -> tuple[NameForm, NameForm]:
    """The two names with runs the other writes as one word joined (both ways)."""
    a_words, b_words = join_runs(a.words, b), join_runs(b.words, a)
    return (
        a if a_words == a.words else NameForm.of(a_words),
        b if b_words == b.words else NameForm.of(b_words),
    )


def compare_forms(party: NameForm, listed: NameForm) -> tuple[float, str]:
    """Scores two normalised names (0..1) and says why, feature by feature."""
    if not party.words or not listed.words:
        return 0.0, "a name is empty after normalisation"
    a, b = aligned(party, listed)
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
    # The same letters from the second on: a first letter that transliterations write
    # differently (Г as G or H: Гарцевикс / Hartseviks) still meets its candidates.
    keys |= {"~" + skeleton(w)[1:5] for w in form.distinctive if len(w) >= 5}
    # A short word may be the first syllable of a word the other name joins ('Kai Yue
    # Xin' / 'Kaiyuexin'): the two words together make a key too.
    keys |= {
        skeleton(w + n)[:4]
        for w, n in zip(form.words, form.words[1:], strict=False)
        if len(skeleton(w)) < 4 and not (is_generic(w) and is_generic(n))
    }
    keys |= {w for w in form.distinctive if _DIGIT.search(w)}
    if not form.distinctive:
        keys.add("generic:" + form.text)
    if len(form.initials) >= 3:
        keys.add("initials:" + form.initials)
    return keys


class Screener:
    """Sanctions-list entries indexed by the distinctive words of their names."""

    def __init__(
        self, entries: Sequence[SanctionEntry], *, legal_forms: Iterable[str] = ()
    ) -> None:
        self.entries = entries
        self.names = Names(legal_forms)
        self.blocks: dict[str, set[tuple[int, str]]] = defaultdict(set)
        for number, entry in enumerate(entries):
            for name in dict.fromkeys((entry.name, *entry.aliases)):
                form = self.names.form(name)
                for key in _block_keys(form):
                    self.blocks[key].add((number, name))
                if len(form.words) == 1 and len(form.words[0]) >= 3:
                    self.blocks["initials:" + form.words[0]].add((number, name))

    def compare(self, party: str, listed: str) -> tuple[float, str]:
        """Scores two names as written (0..1) and says why."""
        return compare_forms(self.names.form(party), self.names.form(listed))

    def screen(self, party: str) -> tuple[SanctionHit, ...]:
        """Finds a party's name on the lists: strong matches and possible ones, best first."""
        form = self.names.form(party)
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
            score, why = compare_forms(form, self.names.form(name))
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
