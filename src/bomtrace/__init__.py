"""bomtrace: trace where the electronics in recovered drones came from.

The public API is small: ``trace`` reads teardown sheets and returns a ``TraceResult``
(rows in the output contract, problems, run metadata); ``write_outputs`` writes it as
HTML, CSV, XLSX and JSON; ``load_catalogs`` reads the reference data;
``trace_reported`` traces the published component listings of the catalogs (GUR's
portal), one run per weapon.
"""

from bomtrace.api import trace
from bomtrace.catalog import load_catalogs
from bomtrace.catalog.cache import CatalogCache
from bomtrace.errors import BomtraceError, CatalogError, ColumnSpecError, InputError
from bomtrace.export import COLUMNS, CONTRACT_COLUMNS
from bomtrace.ingest.limits import Limits
from bomtrace.outputs import write_outputs
from bomtrace.reported_runs import trace_reported
from bomtrace.result import Counts, TraceResult
from bomtrace.version import __version__

__all__ = [
    "COLUMNS",
    "CONTRACT_COLUMNS",
    "BomtraceError",
    "CatalogCache",
    "CatalogError",
    "ColumnSpecError",
    "Counts",
    "InputError",
    "Limits",
    "TraceResult",
    "__version__",
    "load_catalogs",
    "trace",
    "trace_reported",
    "write_outputs",
]
