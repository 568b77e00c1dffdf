"""Match stage: readings of a marking -> an identification with method, confidence and evidence.

Pure: ``Matcher`` works on a ``CatalogIndex`` and strings; no file is read here.
"""

from bomtrace.match.decide import Matcher
from bomtrace.match.decision_book import Action, Decision, DecisionBook, decision_key

__all__ = ["Action", "Decision", "DecisionBook", "Matcher", "decision_key"]
