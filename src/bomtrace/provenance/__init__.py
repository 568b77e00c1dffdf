"""Provenance stage: an identified maker -> where it is headquartered, who owns it, and more.

Pure: functions over catalog records.
"""

from bomtrace.provenance.origin import origin_of

__all__ = ["origin_of"]
