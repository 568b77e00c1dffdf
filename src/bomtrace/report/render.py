"""Rendering the HTML report with jinja2: self-contained, escaped, offline.

I/O only in ``write_report``. The environment autoescapes every value and fails on an
undefined name (a template typo fails a test, not a report). The stylesheet is inlined,
so the file opens with no network and no neighbouring files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bomtrace.export._atomic import atomic_write
from bomtrace.report.chain_context import chain_context
from bomtrace.report.charts import bar_chart
from bomtrace.report.context import build_context
from bomtrace.report.reliability import reliability_view

if TYPE_CHECKING:
    from bomtrace.api import TraceResult

_ENV = Environment(
    loader=PackageLoader("bomtrace", "report/templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _chart(items: list[tuple[str, int]], title: str) -> Markup:
    return Markup(bar_chart(items, title=title))  # bar_chart escapes every label


_ENV.globals["chart"] = _chart
_ENV.globals["reliability"] = reliability_view  # identification confidence (#3)


def render_report(result: TraceResult) -> str:
    """The teardown report of a run as one self-contained HTML string."""
    template = _ENV.get_template("report.html.j2")
    css = _ENV.loader.get_source(_ENV, "report.css")[0] if _ENV.loader else ""
    return template.render(
        css=Markup(css), chain=chain_context(result), **build_context(result)
    )  # our own stylesheet, not input


def write_report(result: TraceResult, target: Path) -> Path:
    """Writes the teardown report to ``target``."""
    with atomic_write(target, "w", encoding="utf-8") as handle:
        handle.write(render_report(result))
    return target
