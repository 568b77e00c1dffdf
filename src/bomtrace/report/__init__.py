"""Report stage: a ``TraceResult`` -> the self-contained HTML provenance report.

``context`` computes every figure (pure), ``charts`` draws inline SVG (pure), ``render``
fills the jinja2 template and writes the file (I/O).
"""

from bomtrace.report.render import render_report, write_report

__all__ = ["render_report", "write_report"]
