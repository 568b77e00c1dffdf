"""Links the reports may print: only http(s) URLs from the data, nothing else.

Pure. A URL in a run or a catalog is untrusted text: ``javascript:``, ``data:`` and
``file:`` links, relative paths and anything with a space are dropped, so a template
never links to them (the Content-Security-Policy would stop a script anyway).
"""

from __future__ import annotations

_LINK_SCHEMES = ("http://", "https://")


def http_url(value: object) -> str:
    """A URL from the data, kept only when it is http(s); anything else (javascript:,
    data:, file:, relative paths) becomes "" so a template never links to it."""
    text = str(value or "").strip()
    return text if text.lower().startswith(_LINK_SCHEMES) and " " not in text else ""
