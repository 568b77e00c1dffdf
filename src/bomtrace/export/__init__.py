"""Export stage: a run's outcomes -> the row contract, and the files that hold it.

I/O at the edge. ``table`` turns outcomes into rows in the contract's column order;
``csv_file``, ``xlsx_file`` and ``ftm_file`` write them; ``run_document`` writes the run
as one JSON document and reads it back; ``cells`` keeps text cells from running as
formulas. ``bomtrace.outputs.write_outputs`` picks the writer for each format.
"""

from bomtrace.export.table import COLUMNS, CONTRACT_COLUMNS, to_record

__all__ = ["COLUMNS", "CONTRACT_COLUMNS", "to_record"]
