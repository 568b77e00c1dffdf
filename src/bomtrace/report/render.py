"""Rendering the HTML reports with jinja2: self-contained, escaped, offline, deterministic.

I/O only in the ``write_*`` functions. The environment autoescapes every value and fails
on an undefined name (a template typo fails a test, not a report). The stylesheet and
the table script are inlined, so a report opens with no network and no neighbouring
files; the Content-Security-Policy allows that one script by its SHA-256 and nothing
from anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bomtrace.files import atomic_write
from bomtrace.report import charts
from bomtrace.report.chain_context import chain_context
from bomtrace.report.context import build_context
from bomtrace.report.links import http_url
from bomtrace.report.reliability import reliability_view
from bomtrace.report.sources import party_labels
from bomtrace.version import __version__

if TYPE_CHECKING:
    from bomtrace.result import TraceResult


def environment(templates: str) -> Environment:
    """A jinja2 environment over the package's ``templates`` folder, as every HTML page of
    bomtrace is rendered: every value escaped, an undefined name an error, blocks trimmed.
    Used by the reports and by the web app's pages."""
    return Environment(
        loader=PackageLoader("bomtrace", templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENV = environment("report/templates")


# The chart functions escape every label themselves, so their SVG is marked safe.
def _bar_chart(items: Sequence[tuple[str, int]], title: str) -> Markup:
    return Markup(charts.bar_chart(items, title=title))


def _year_chart(
    years: Sequence[tuple[int, int]],
    title: str,
    lines: Sequence[tuple[str, str, str]] = (),
) -> Markup:
    return Markup(
        charts.year_chart(years, title=title, lines=[(lb, d) for lb, d, _ in lines])
    )


def _chain_diagram(
    stages: Sequence[tuple[str, Sequence[str]]],
    title: str,
    flagged: Collection[str] = (),
) -> Markup:
    return Markup(charts.chain_diagram(stages, title=title, flagged=flagged))


def _pairs(lines: Iterable[Any]) -> list[tuple[str, int]]:
    """Lines of a cut -> (label, count) pairs for a bar chart."""
    return [(line.label, line.count) for line in lines]


_ENV.globals.update(
    bar_chart=_bar_chart, year_chart=_year_chart, chain_diagram=_chain_diagram
)
_ENV.filters["pairs"] = _pairs
_ENV.globals["reliability"] = reliability_view  # identification confidence (#3)
_ENV.globals["party_labels"] = party_labels  # sources from a party to the war (#5)
_ENV.filters["http_url"] = http_url


def _asset(name: str) -> str:
    assert _ENV.loader is not None
    return _ENV.loader.get_source(_ENV, name)[0]


_CSS = _asset("report.css")
_SCRIPT = _asset("table.js")
# The CSP names the one inline script by its hash, so no other script can run.
SCRIPT_HASH = (
    "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
)


def render_page(template: str, context: dict[str, Any]) -> str:
    """Renders one report template with the shared stylesheet, script and policy."""
    return _ENV.get_template(template).render(
        css=Markup(_CSS),  # our own stylesheet and script, not input
        script=Markup(_SCRIPT),
        script_hash=SCRIPT_HASH,
        tool_version=__version__,
        **context,
    )


def render_report(result: TraceResult) -> str:
    """The teardown report of a run as one self-contained HTML string."""
    return render_page(
        "report.html.j2", {"chain": chain_context(result), **build_context(result)}
    )


def write_html(text: str, target: Path) -> Path:
    """Writes a rendered report to ``target`` (atomically)."""
    with atomic_write(target, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return target


def write_report(result: TraceResult, target: Path) -> Path:
    """Writes the teardown report to ``target``."""
    return write_html(render_report(result), target)
