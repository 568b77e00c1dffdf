"""Report stage: runs -> self-contained HTML reports for three readers.

The teardown report of one run (``render_report``/``write_report``), the policy report
across runs (``write_aggregate_report``) and a manufacturer's diversion view
(``write_manufacturer_report``, HTML and XLSX). ``figures`` computes every number from
rows (pure), ``aggregate``/``manufacturer`` build the views across runs (pure), ``charts``
draws inline SVG (pure), ``runs``/``lot_ledger`` read inputs and ``render``/``publish``
write files (I/O).
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
