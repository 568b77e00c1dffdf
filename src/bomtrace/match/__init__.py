"""Match stage: readings of a marking -> an identification with method, confidence and evidence.

Pure: ``Matcher`` works on a ``CatalogIndex`` and strings; no file is read here.
"""

from bomtrace.match.decide import Decision, Matcher

__all__ = ["Decision", "Matcher"]
