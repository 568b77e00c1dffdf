"""Report stage: runs -> self-contained HTML reports for three readers.

The teardown report of one run (``render_report``/``write_report``), the views behind
the policy report across runs and a manufacturer's diversion view (HTML and XLSX,
written by ``bomtrace.publish``). ``figures`` computes every number from rows (pure),
``aggregate``/``manufacturer`` build the views across runs (pure), ``charts`` draws
inline SVG (pure), ``run_files``/``lot_ledger`` read inputs and ``render`` writes files
(I/O).
"""

from bomtrace.export.run_document import RunDocument
from bomtrace.report.render import render_report, write_report
from bomtrace.report.run_files import read_runs

__all__ = [
    "RunDocument",
    "read_runs",
    "render_report",
    "write_report",
]
