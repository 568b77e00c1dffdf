"""Trade records at archive scale: a Parquet store, and linking as SQL on DuckDB or Spark.

I/O. ``store`` turns customs declaration files into a partitioned Parquet store
(``bomtrace trade import``), read once through the same reader as ``--trade`` files;
``records`` is the Arrow layout of shipments; ``sql`` the linking query, one text for
both engines; ``linking`` builds its tables and turns its answer into links with their
evidence; ``duck`` runs it with DuckDB, embedded (the default), and ``spark`` with
Apache Spark; ``links_file`` writes the links of ``bomtrace trade link`` as Parquet and
CSV and reads them back; ``api`` is the library API of both commands.
"""
