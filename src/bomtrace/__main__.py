"""``python -m bomtrace`` runs the command line."""

from bomtrace.cli import app

app()
