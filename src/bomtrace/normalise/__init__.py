"""Normalisation stage: a marking as typed in a sheet -> the readings an expert would try.

Pure functions only; the ordered rule table is in ``rules``.
"""

from bomtrace.normalise.rules import compact, read_marking

__all__ = ["compact", "read_marking"]
