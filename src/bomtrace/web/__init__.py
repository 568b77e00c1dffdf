"""The web app: upload teardown sheets, confirm their columns, follow runs, review
identifications and share reports (``bomtrace serve``).

An edge of the pipeline, like the CLI: it stores uploads, runs and decisions in a database
(SQLite in the data folder, or PostgreSQL) and calls the library API (``bomtrace.trace``,
``write_outputs``) for everything a run does. Needs the ``web`` extra:
``pip install 'bomtrace[web]'``.

Modules: ``app`` (the ASGI app), ``api`` and ``pages`` and ``accounts`` (routes),
``runs``/``review``/``decisions``/``uploads``/``retention`` (what the routes share),
``worker`` (the run pool and its leases), ``auth``/``deps``/``security``/``throttle``
(people and hardening), ``audit`` (the audit log), ``models``/``db`` and ``migrations``
(storage), ``commands`` (``serve`` and ``users``). This package imports
nothing on its own, so ``bomtrace`` without the extra still starts.
"""
