"""The one place bomtrace's version is written.

Hatchling reads it from here when it builds the wheel (``[tool.hatch.version]`` in
pyproject.toml), so the distribution's metadata, ``bomtrace --version`` and the
``tool_version`` every run document records are the same string.
"""

__version__ = "0.1.0"
