"""Company names as people write them -> the catalog's canonical maker names.

Pure. Names are compared after dropping case, accents, punctuation and legal forms
("Texas Instruments Incorporated" = "texas instruments"); Cyrillic and Greek look-alike
letters are folded. A name that matches no alias may still be a slip of the keyboard
("Texas Instrumnts"): ``AliasTable.resolve`` accepts the one alias it is very close to,
and says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bomtrace.catalog.records import MakerRecord
from bomtrace.normalise.confusables import fold_homoglyphs

# Legal forms dropped before comparing company names (Latin and Cyrillic).
_LEGAL_FORMS = frozenset(
    ["inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
     "llc", "plc", "gmbh", "ag", "nv", "bv", "sa", "sas", "srl", "spa", "kk", "oy", "ab",
     "asa", "se", "pte", "pty", "lp", "llp", "group", "holdings", "holding", "kg",
     "ооо", "оао", "зао", "пао", "ао", "тов", "пат", "прат"]
)  # fmt: skip
_NAME_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
# A misspelt name is accepted when it is this similar (rapidfuzz ratio, 0-100) to one
# alias, long enough to carry a spelling, and clearly closer to it than to any other
# maker's alias. Chosen so that one dropped or doubled letter in a name of six or more
# letters is accepted and a different company is not.
NEAR_SPELLING = 90.0
NEAR_MARGIN = 4.0
MIN_NEAR_LENGTH = 6


def normalise_company(name: str) -> str:
    """Reduces a company name for comparison: case, accents, punctuation and legal forms."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Dots join abbreviations ("N.V.", "S.p.A."), so they go before punctuation splits.
    text = text.replace(".", "")
    words = [w for w in _NAME_PUNCT.sub(" ", text).split() if w not in _LEGAL_FORMS]
    return " ".join(words)


class AliasTable:
    """Normalised alias -> canonical maker name, with a near-spelling fallback."""

    def __init__(self, makers: Iterable[MakerRecord]) -> None:
        records = list(makers)
        self.table: dict[str, str] = {}
        for maker in records:
            for alias in (maker.name, *maker.aliases):
                for variant in {alias, fold_homoglyphs(alias)}:
                    key = normalise_company(variant)
                    if key:
                        self.table.setdefault(key, maker.name)
        # Canonical names win over another maker's alias.
        for maker in records:
            self.table[normalise_company(maker.name)] = maker.name
        self._keys = sorted(self.table)
        self._memo: dict[str, tuple[str, bool]] = {}

    def resolve(self, name: str) -> tuple[str, bool]:
        """The canonical maker a name stands for ("" if none) and whether it was misspelt."""
        if name not in self._memo:
            self._memo[name] = self._resolve(name)
        return self._memo[name]

    def _resolve(self, name: str) -> tuple[str, bool]:
        if not name.strip():
            return "", False
        keys = [normalise_company(v) for v in (name, fold_homoglyphs(name))]
        for key in keys:
            if key in self.table:
                return self.table[key], False
        key = keys[-1]
        if len(key.replace(" ", "")) < MIN_NEAR_LENGTH:
            return "", False
        near = process.extract(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=NEAR_SPELLING, limit=5
        )
        if not near:
            return "", False
        best_key, best, _ = near[0]
        maker = self.table[best_key]
        rivals = [s for k, s, _ in near[1:] if self.table[k] != maker]
        if rivals and best - rivals[0] < NEAR_MARGIN:
            return "", False
        return maker, True
