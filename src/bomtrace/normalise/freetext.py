"""Free text -> the part numbers in it, the makers it names, and the words set aside.

Pure. Element lists ("Наименование" of a ГОСТ 2.106 list), GUR's portal, customs
declarations and researchers' notes write a description and the part number in one
cell: "Microcontroller STM32F405RGT6", "Memory chip ATMEL AT45D8321D", "RS-232 receiver
(MAX3221E)", "МОДУЛЬ GSM/GPRS SIM800L ДЛЯ ПЕРЕДАЧИ ДАННЫХ". An expert reads the number
out and ignores the rest. This module does the same, word by word, and says why each
word was set aside:

- component types, functions and the small words of English, Ukrainian and Russian
  (``vocabulary``): "Microcontroller", "мікросхема", "DC/DC", "for";
- values and ranges with units ("220µF", "1.71V", "120 kb/s"), packages ("LFCSP-40",
  "8-MSOP") and standards ("RS-232", "DDR3");
- maker names and logos ("ATMEL", "Maxim", "Texas Instruments"): set aside from the
  number and kept as evidence of the maker.

What is left are runs of part-like tokens (letters and digits, and the letter-only codes
chip tops print beside them), each run a marking as a chip top would show it ("MAX3221
EAE 2102"). They are the candidates, most likely first; the marking rules
(``rules.read_marking``) then read each one. One extractor serves teardown sheets and
customs declarations alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from bomtrace.normalise.confusables import fold_homoglyphs
from bomtrace.normalise.vocabulary import (
    ACRONYMS,
    COMPONENT_WORDS,
    CYRILLIC_SHORT_WORDS,
    DATE_OR_YEAR,
    DECIMAL,
    PACKAGES,
    STANDARDS,
    UNIT_WORD,
    VALUE,
    categories_named,
    is_component_word,
)

# Characters that end a run of part-like tokens: brackets, quotes, list separators.
_BREAKS = re.compile(r"[()\[\]{}«»\"“”„;:|]|,(?=\s|$)|\.(?=[\s,;]|$)")
_MARKS = re.compile(r"[®™©]")
# A footnote asterisk after a word ("PLIS* XILINX XC9536XL").
_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\*+(?=\s|$)")
# A slash standing alone between words separates list items ("SIM800L / NEO-M8N").
_LIST_SLASH = re.compile(r"(?<=\S)\s+/\s+(?=\S)")
# Cyrillic letters not drawn like Latin ones (Д, Ф, Ж ...): a token mixing them with
# Latin letters is a certificate or document number ("Д-CN.РА01.В.89920/22"), not a
# part number typed on a Cyrillic keyboard.
_NON_LOOKALIKE_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SPACES = re.compile(r"\s+")
_ALNUM = re.compile(r"[\W_]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Capital Cyrillic letters drawn like Latin ones: a short word of only these, in
# capitals, is a Latin code typed on a Cyrillic keyboard ("ВС" for BC).
_LATIN_LOOKING = frozenset("АВЕКМНОРСТХІ")
# A letters-only word, possibly joined by hyphens, slashes or apostrophes ("DC/DC",
# "half-duplex", "п'єзо").
_WORDISH = re.compile(r"^[^\W\d_]+(?:['’./-][^\W\d_]+)*\.?$")
_JOINERS = frozenset({"-", "–", "—", "/", "+"})
_SINGLE_NUMBER = re.compile(r"^\s*[^\s()\[\]]*\d[^\s()\[\]]*\s*$")
# A range of values with its unit ("0.5-5V", "-40...+85°C", "3.3/5V").
_RANGE = re.compile(
    r"^[±+\-]?\d{1,3}(?:[.,]\d+)?[A-Za-zµΩ°%]*(?:\.{2,3}|…|-|/)[±+\-]?\d{1,3}(?:[.,]\d+)?"
    r"(?:[pnuµμmkKMG]?(?:V|A|W|Hz|F|Ω|°C|%|dB|B|bit)|В|А)$"
)
# Short logos taken from free text only when written in capitals and listed here: other
# one- and two-letter aliases are words or prefixes more often than makers' names.
_SHORT_LOGOS = frozenset({"TI", "ST"})
# The tail of a number split after its letters ("357B" of "ADXL 357B"): digits, then
# letters, nothing else.
_SPLIT_TAIL = re.compile(r"^\d{2,}[A-Z]{1,3}$")
# A run of part-like tokens longer than this is a list of codes, not one marking.
MAX_RUN = 6

# Token kinds.
WORD = "word"
VALUE_KIND = "value"
STANDARD = "standard"
PACKAGE = "package"
LOGO = "logo"
PART = "part"
DIGITS = "digits"
CODE = "code"
BREAK = "break"
JOIN = "join"

_WHY = {
    WORD: "description word",
    VALUE_KIND: "value or unit",
    STANDARD: "standard or interface",
    PACKAGE: "package",
    LOGO: "maker name",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TextCandidate:
    """A marking read out of free text: the tokens kept, and the maker named before them."""

    text: str
    position: int
    maker: str = ""
    # A tail of a longer run ("F405 RGT6" of "STM32 F405 RGT6"), not a run of its own.
    tail: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeText:
    """What a free-text cell holds: marking candidates, makers named, words set aside."""

    text: str
    candidates: tuple[TextCandidate, ...] = ()
    makers: tuple[tuple[str, str], ...] = ()
    set_aside: tuple[tuple[str, str], ...] = ()
    described: bool = False
    # The part categories the description words name ("Flash memory" -> memory).
    categories: tuple[str, ...] = ()

    def explain(self) -> str:
        """Says which words were set aside and why ("'Microcontroller' description word")."""
        shown: dict[str, list[str]] = {}
        for word, why in self.set_aside:
            shown.setdefault(why, []).append(word)
        return "; ".join(
            f"{why}: {', '.join(repr(w) for w in dict.fromkeys(words))}"
            for why, words in shown.items()
        )

    @property
    def maker(self) -> str:
        """The one maker the text names ("" when it names none or several)."""
        names = {m for m, _ in self.makers}
        return next(iter(names)) if len(names) == 1 else ""


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    kind: str
    maker: str = ""


def read_free_text(text: str, logos: Mapping[str, str] | None = None) -> FreeText:
    """Reads a name or description cell into marking candidates (see the module docstring).

    Args:
        text: the cell as read.
        logos: maker names and logos, upper-cased, -> canonical maker name (the
            catalog index's ``logos``).
    """
    logos = logos or {}
    if _SINGLE_NUMBER.match(text):
        # One token with a digit in it ("STM32F405RGT6"): a marking, not free text.
        return FreeText(text=text)
    # Case tells words from codes only when the writer used both: a cell typed all in
    # capitals or all in small letters ("max 17572+t") is read by its vocabulary alone.
    cased = text != text.upper() and text != text.lower()
    tokens = _classify(_tokenise(text), logos, cased)
    # Free text holds description words; values, packages and standards alone are
    # notes on a chip-top marking ("IR 2110 (DIP-14)"), read as a marking.
    described = any(t.kind == WORD for t in tokens)
    set_aside = tuple(
        (t.text, _WHY[t.kind]) for t in tokens if t.kind in _WHY and t.text
    )
    makers = tuple(dict.fromkeys((t.maker, t.text) for t in tokens if t.kind == LOGO))
    return FreeText(
        text=text,
        candidates=_candidates(tokens),
        makers=makers,
        set_aside=set_aside,
        described=described,
        categories=categories_named(
            [
                *(t.text for t in tokens if t.kind == WORD),
                *(
                    w
                    for t in tokens
                    if t.kind == WORD
                    for w in re.split(r"[/-]", t.text)
                ),
            ]
        ),
    )


def _tokenise(text: str) -> list[str]:
    """Splits a cell into tokens; brackets, quotes and list separators become breaks."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub(" ", text)
    text = _FOOTNOTE.sub("", text)
    text = _LIST_SLASH.sub(" | ", text)
    text = _BREAKS.sub(" | ", text)
    return [t for t in _SPACES.split(text) if t]


def _classify(
    words: list[str], logos: Mapping[str, str], cased: bool = True
) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(words):
        word = words[position]
        if word == "|":
            tokens.append(_Token("", BREAK))
            position += 1
            continue
        width, maker = _logo_at(words, position, logos, first=not tokens, cased=cased)
        if maker and width == 1 and len(words[position]) <= 2:
            # "TI LM358" names the maker; "YJ612 TI 84K" is a code between codes.
            following = words[position + 1] if position + 1 < len(words) else ""
            if _kind(following, cased) != PART:
                maker = ""
        if maker:
            tokens.append(
                _Token(" ".join(words[position : position + width]), LOGO, maker)
            )
            position += width
            continue
        kind = _kind(word, cased)
        if kind == PART:
            glued = _glued_logo(word, logos)
            if glued:
                # "SipexSPX3940AI", "SONY348E5MM": a maker's name run into the number.
                head, maker = glued
                tokens.append(_Token(head, LOGO, maker))
                tokens.append(
                    _Token(word[len(head) :], _kind(word[len(head) :], cased))
                )
                position += 1
                continue
        following = words[position + 1] if position + 1 < len(words) else ""
        if (
            kind in (DIGITS, PART, VALUE_KIND)
            and _is_number(word)
            and UNIT_WORD.match(following)
            and (len(following) >= 2 or len(word) <= 3)
        ):
            # "50 V", "120 kb/s", "100 kHz": a number and its unit.
            tokens.append(_Token(f"{word} {following}", VALUE_KIND))
            position += 2
            continue
        tokens.append(_Token(word, kind))
        position += 1
    return tokens


def _glued_logo(word: str, logos: Mapping[str, str]) -> tuple[str, str] | None:
    """A maker's name of four letters or more written onto the front of a number."""
    for length in range(min(len(word) - 3, 16), 3, -1):
        head = word[:length]
        rest = word[length:]
        if not head.isalpha() or not _DIGIT.search(rest):
            continue
        maker = logos.get(fold_homoglyphs(head).upper())
        if maker and not is_component_word(head.upper()):
            return head, maker
    return None


def _is_number(word: str) -> bool:
    return bool(re.fullmatch(r"[±+\-]?\d+(?:[.,]\d+)?", word))


def _kind(word: str, cased: bool = True) -> str:
    if word in _JOINERS:
        return JOIN
    upper = word.upper()
    if upper in COMPONENT_WORDS and "/" in upper:
        return WORD  # "P/N", "S/N": labels
    if _WORDISH.match(word):
        if _CYRILLIC.search(word):
            if upper in CYRILLIC_SHORT_WORDS:
                return WORD
            if _LATIN.search(word) or _typed_latin(word):
                # "AТmega", "ВС 850": Latin codes typed with Cyrillic look-alike letters.
                return CODE
            # Cyrillic part numbers carry digits (КР1533ЛА3): a Cyrillic word is text.
            return WORD
        parts = [p for p in re.split(r"[./'’-]", upper) if p]
        if all(is_component_word(p) or STANDARDS.match(p) for p in parts):
            return WORD
        if cased and word != upper and not _looks_like_code(word):
            return WORD
        return CODE
    if STANDARDS.match(upper) or _compound_of_standards(upper):
        return STANDARD
    if PACKAGES.match(upper):
        return PACKAGE
    if (
        VALUE.match(word)
        or DECIMAL.match(word)
        or _RANGE.match(word)
        or DATE_OR_YEAR.match(word)
    ):
        return VALUE_KIND
    if _LATIN.search(word) and _mixed_script(word):
        return WORD
    if "±" in word or word.endswith("%"):
        # A tolerance, with or without its value and unit ("кОм±5%", "1%").
        return VALUE_KIND
    if not _DIGIT.search(word):
        # Punctuation-only or symbols ("#", "+/-", "~").
        return JOIN if len(word) <= 2 else CODE
    letters = _LETTER.search(word)
    if not letters:
        digits = re.sub(r"\D", "", word)
        return DIGITS if len(digits) >= 3 else VALUE_KIND
    return PART


def _mixed_script(word: str) -> bool:
    """Latin letters beside Cyrillic ones that no keyboard slip explains (Д, Ф, Ж ...)."""
    return any(
        _NON_LOOKALIKE_CYRILLIC.match(ch) and fold_homoglyphs(ch) == ch for ch in word
    )


def _typed_latin(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) <= 5 and all(ch in _LATIN_LOOKING for ch in letters)


def _looks_like_code(word: str) -> bool:
    """A mixed-case letters-only token that is a chip code, not a word ("ADuM", "iCE")."""
    inner = word[1:]
    return any(ch.isupper() for ch in inner) and any(ch.islower() for ch in inner)


def _compound_of_standards(upper: str) -> bool:
    parts = [p for p in re.split(r"[/]", upper) if p]
    return len(parts) > 1 and all(
        STANDARDS.match(p) or p in ACRONYMS or is_component_word(p) for p in parts
    )


def _logo_at(
    words: list[str],
    position: int,
    logos: Mapping[str, str],
    first: bool = False,
    cased: bool = True,
) -> tuple[int, str]:
    """A maker name or logo starting at ``position``: (tokens it spans, maker) or (0, "")."""
    for width in (3, 2, 1):
        window = words[position : position + width]
        if len(window) < width or "|" in window:
            continue
        written = " ".join(window)
        key = fold_homoglyphs(written).upper().strip(".,")
        maker = logos.get(key)
        if not maker:
            continue
        if width == 1 and not _logo_word(written if cased else key, key, first):
            continue
        return width, maker
    return 0, ""


def _logo_word(written: str, key: str, first: bool = False) -> bool:
    """A single word taken as a maker's name: written as a brand, not as a common word.

    ``first``: the word opens the text, where any word is capitalised ("Pulse
    transformer", "Integral gyroscope"): only capitals make it a name there.
    """
    if len(key) <= 2:
        return written in _SHORT_LOGOS and not first
    if is_component_word(key):
        return False
    if written.isupper():
        return True
    # "Maxim", "Ublox": a capitalised name of four letters or more, inside the text.
    return len(key) >= 4 and written[:1].isupper() and not first


def _candidates(tokens: list[_Token]) -> tuple[TextCandidate, ...]:
    """Runs of part-like tokens -> marking candidates, the head of every run first."""
    runs: list[tuple[list[str], list[str], str, list[str]]] = []
    run: list[str] = []
    kinds: list[str] = []
    maker = ""
    pending_join = False

    def close() -> None:
        nonlocal run, kinds
        lead: list[str] = []
        while kinds and kinds[0] == CODE:
            lead.append(run[0])
            run, kinds = run[1:], kinds[1:]
        if any(k in (PART, DIGITS) for k in kinds):
            # A letter-only code right before the number may be its start ("STHDLS
            # 101T"); one or two letters are more often a stray logo or a label.
            kept = lead[-1:] if lead and len(lead[-1]) >= 3 else []
            runs.append((run[:MAX_RUN], kinds[:MAX_RUN], maker, kept))
        run, kinds = [], []

    for token in tokens:
        if (
            token.kind == VALUE_KIND
            and kinds[-1:] == [CODE]
            and _SPLIT_TAIL.match(token.text)
        ):
            # "ADXL 357B": a number split after its letters, whose tail reads like a
            # value (357 bytes); after a code it continues the number.
            token = _Token(token.text, PART)
        if token.kind in (PART, DIGITS, CODE):
            if pending_join and run:
                run[-1] = f"{run[-1]}-{token.text}"
                kinds[-1] = PART if PART in (kinds[-1], token.kind) else kinds[-1]
            else:
                run.append(token.text)
                kinds.append(token.kind)
            pending_join = False
            continue
        if token.kind == JOIN and run:
            pending_join = True
            continue
        pending_join = False
        close()
        if token.kind == LOGO:
            maker = token.maker
    close()
    heads: list[TextCandidate] = []
    inner: list[TextCandidate] = []
    for words, kinds, named, lead in runs:
        if lead:
            # Letter-only codes right before the number may be its start ("STHDLS 101T").
            heads.append(
                TextCandidate(text=" ".join([*lead, *words]), position=0, maker=named)
            )
        heads.append(TextCandidate(text=" ".join(words), position=0, maker=named))
        for index in range(1, len(words)):
            if kinds[index] == PART and len(_ALNUM.sub("", words[index])) >= 4:
                inner.append(
                    TextCandidate(
                        text=" ".join(words[index:]), position=0, maker=named, tail=True
                    )
                )
    ordered = [*heads, *inner]
    seen: set[str] = set()
    out: list[TextCandidate] = []
    for candidate in ordered:
        if candidate.text in seen:
            continue
        seen.add(candidate.text)
        out.append(
            TextCandidate(
                text=candidate.text,
                position=len(out),
                maker=candidate.maker,
                tail=candidate.tail,
            )
        )
    return tuple(out)
