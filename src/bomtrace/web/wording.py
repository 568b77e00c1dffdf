"""How the web app words the settings the library's remedies name.

People using the web app have no command line. A remedy is shown with the form field
that fixes it (``columns``, ``recovered``: the fields carry the library's parameter
names), or, for a limit the app does not let them change (rows, cells and unpacked size
of a file are the library's defaults here), with what they can do instead. No I/O.
"""

from __future__ import annotations

from bomtrace.remedies import Phrase, Setting, Wording, parameter

_NAMES = {Setting.MAX_UPLOAD_MB: "the upload limit"}


def _name(setting: Setting, value: str) -> str:
    return _NAMES.get(setting) or parameter(setting, value)


def _split_sheet(_: Phrase) -> str:
    return "If they are genuine, split the sheet into smaller files and upload them together"


def _split_file(_: Phrase) -> str:
    return (
        "If the file is genuine, split it into smaller files and upload them together"
    )


WEB_WORDS = Wording(
    name=_name,
    sentences={
        Setting.MAX_ROWS: _split_sheet,
        Setting.MAX_CELLS: _split_sheet,
        Setting.MAX_UNZIPPED_MB: _split_file,
    },
)
