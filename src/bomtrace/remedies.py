"""Which setting of a run fixes a problem, and how each front end words it.

Library messages never name a command-line option or a web form field. Where the fix
is a setting, the message or remedy is a ``Phrase``: a sentence whose ``{setting}``
stands for that setting (a ``Setting``, named as the library's parameter) and the value
to give it. Whoever shows the sentence words the setting: ``LIBRARY_WORDS`` (what
``str()`` of an error or problem gives, for notebook users and the files the library
writes) says ``max_rows=2097152``; the CLI says ``--max-rows 2097152``; the web app
says what its forms and its administrator offer. No I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Setting(StrEnum):
    """A setting a remedy can point to, by the name of its library parameter."""

    MAX_ROWS = "max_rows"
    MAX_CELLS = "max_cells"
    MAX_UNZIPPED_MB = "max_unzipped_mb"
    COLUMNS = "columns"
    TRADE_COLUMNS = "trade_columns"
    RECOVERED = "recovered"
    EXTRA_CATALOGS = "extra_catalogs"
    DECISIONS = "decisions"
    TRADE = "trade"
    LINKS = "links"
    STORE = "store"
    SPARK_MASTER = "spark_master"
    FORMATS = "formats"
    # The web app's own: the size of one uploaded file (``Settings.for_serve``).
    MAX_UPLOAD_MB = "max_upload_mb"


@dataclass(frozen=True, slots=True)
class Phrase:
    """A sentence naming a setting: ``text`` holds ``{setting}`` where the setting (and
    ``value``, when there is one) goes."""

    text: str
    setting: Setting
    value: str = ""

    def filled(self, words: str) -> str:
        """The sentence with the setting in ``words``."""
        return self.text.replace("{setting}", words)


Text = str | Phrase
"""A message or remedy: plain words, or a sentence naming a setting."""


@dataclass(frozen=True, slots=True)
class Wording:
    """How one front end words settings.

    ``name`` gives its words for a setting and value (they fill a phrase's
    ``{setting}``); ``sentences`` replace a whole phrase for settings the front end
    offers in another way (the web app has no row limit to raise: it says to split
    the sheet), each from the phrase.
    """

    name: Callable[[Setting, str], str]
    sentences: Mapping[Setting, Callable[[Phrase], str]] = field(default_factory=dict)

    def __call__(self, text: Text) -> str:
        if isinstance(text, str):
            return text
        whole = self.sentences.get(text.setting)
        if whole is not None:
            return whole(text)
        return text.filled(self.name(text.setting, text.value))


def extended(text: Text, more: str) -> Text:
    """``text`` followed by ``more`` (plain words), still naming its setting."""
    if isinstance(text, str):
        return text + more
    return Phrase(text.text + more, text.setting, text.value)


def parameter(setting: Setting, value: str) -> str:
    """The library's words for a setting: its parameter, with the value to give it."""
    return f"{setting}={value}" if value else str(setting)


LIBRARY_WORDS = Wording(name=parameter)


def setting_of(*texts: Text) -> Setting | None:
    """The setting the first phrase among ``texts`` names (None for plain words)."""
    return next((t.setting for t in texts if isinstance(t, Phrase)), None)


def sentence(message: Text, remedy: Text, words: Wording = LIBRARY_WORDS) -> str:
    """``message. Remedy`` in ``words`` (the message alone when there is no remedy)."""
    said, fix = words(message), words(remedy)
    return f"{said}. {fix}" if fix else said
