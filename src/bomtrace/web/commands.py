"""The ``bomtrace serve`` and ``bomtrace users`` commands (typer), thin over the web app.

Nothing here needs the ``web`` extra until a command runs, so the command line works
without it and says what to install when it is missing. ``serve`` refuses to listen on
an address other machines can reach until an admin exists; it brings the database
schema up to date before it starts.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from bomtrace.web.db import Database

users_app = typer.Typer(
    help="Manage the people who can use the web app.", no_args_is_help=True
)
EXIT_FAILURE = 1
EXIT_USAGE = 2
MISSING_EXTRA = (
    "error: the web app needs its extra packages: pip install 'bomtrace[web]'"
)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder for the database, uploads and reports (default ~/.local/share/bomtrace).",
    ),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="postgresql://user@host/db for a team (default: SQLite in the data folder; or BOMTRACE_DATABASE_URL).",
    ),
]


def _fail(message: str, code: int = EXIT_FAILURE) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _open(data_dir: Path | None, database_url: str | None) -> Database:
    try:
        from bomtrace.web.db import Database, migrate
        from bomtrace.web.settings import Settings
    except ImportError:
        raise _fail(MISSING_EXTRA) from None
    settings = Settings.for_serve(
        host="127.0.0.1", port=0, data_dir=data_dir, database_url=database_url
    )
    try:
        db = Database(settings.database_url)
        migrate(db.engine)
    except Exception as exc:  # the driver's own error names the database problem
        raise _fail(
            f"error: cannot open the database {_safe_url(settings.database_url)}: {str(exc).splitlines()[0]}"
        ) from None
    return db


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        rest = f"{credentials.partition(':')[0]}:***@{host}"
    return f"{scheme}{sep}{rest}"


def serve_command(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on; a loopback address (127.0.0.1, 127.x.y.z, ::1,"
            " localhost) = this machine only, no login."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
    workers: Annotated[
        int, typer.Option(help="Runs traced at the same time (worker processes).")
    ] = 2,
    max_upload_mb: Annotated[
        int, typer.Option(help="Largest file accepted, in MB.")
    ] = 20,
    require_login: Annotated[
        bool | None,
        typer.Option(
            "--require-login/--no-login",
            help="Ask people to sign in (default: only off loopback addresses).",
            show_default=False,
        ),
    ] = None,
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Allow signing in over plain HTTP (trusted networks only).",
        ),
    ] = False,
) -> None:
    """Start the web app: upload sheets, review identifications, share reports."""
    try:
        import uvicorn

        from bomtrace.web import auth
        from bomtrace.web.app import create_app
        from bomtrace.web.settings import Settings
    except ImportError:
        raise _fail(MISSING_EXTRA) from None
    settings = Settings.for_serve(
        host=host, port=port, data_dir=data_dir, database_url=database_url,
        require_login=require_login, workers=workers, max_upload_mb=max_upload_mb,
        insecure_cookies=insecure_cookies,
    )  # fmt: skip
    if require_login is False and not _loopback(host):
        raise _fail(
            f"error: --no-login is only allowed on a loopback address (127.0.0.1,"
            f" 127.x.y.z, ::1, localhost), not {host}",
            EXIT_USAGE,
        )
    db = _open(settings.data_dir, settings.database_url)
    with db.session() as session:
        admin = auth.has_admin(session)
    db.dispose()
    if settings.require_login and not admin:
        raise _fail(
            f"error: bomtrace on {host} asks people to sign in, and no admin exists yet."
            " Create one first: bomtrace users add NAME --role admin"
            + _options_hint(data_dir, database_url),
            EXIT_USAGE,
        )
    typer.echo(
        f"bomtrace serving on http://{host}:{port} (data in {settings.data_dir}, database {_safe_url(settings.database_url)})",
        err=True,
    )
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="info", proxy_headers=True
    )


def _loopback(host: str) -> bool:
    from bomtrace.web.settings import is_loopback

    return is_loopback(host)


def _options_hint(data_dir: Path | None, database_url: str | None) -> str:
    hint = f" --data-dir {data_dir}" if data_dir else ""
    return hint + (" --database-url ..." if database_url else "")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise _fail("error: the two passwords differ", EXIT_USAGE)
    return first


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The name people sign in with.")],
    role: Annotated[
        str, typer.Option(help="admin, researcher or reader.")
    ] = "researcher",
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from standard input."),
    ] = False,
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a person (asks for their password)."""
    db = _open(data_dir, database_url)
    from bomtrace.web import audit
    from bomtrace.web.auth import UserError, add_user

    password = _password(password_stdin)
    try:
        with db.session() as session:
            user = add_user(session, name, role, password)
            audit.record(
                session,
                None,
                None,
                "user.add",
                f"user {user.name}",
                f"role {user.role}",
            )
    except UserError as exc:
        raise _fail(f"error: {exc}", EXIT_USAGE) from None
    finally:
        db.dispose()
    typer.echo(f"added {name} ({role})")


@users_app.command("list")
def users_list(data_dir: DataDir = None, database_url: DatabaseUrl = None) -> None:
    """List the people and their roles."""
    db = _open(data_dir, database_url)
    from sqlalchemy import select

    from bomtrace.web.models import User

    with db.session() as session:
        for user in session.scalars(select(User).order_by(User.name)):
            flags = "\tdisabled" if user.disabled else ""
            typer.echo(f"{user.name}\t{user.role}{flags}")
    db.dispose()


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="Whose token (it acts with their role).")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "script",
    data_dir: DataDir = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create an API token for a person and print it (it is shown only once)."""
    db = _open(data_dir, database_url)
    from sqlalchemy import select

    from bomtrace.web import audit
    from bomtrace.web.auth import create_token
    from bomtrace.web.models import User

    with db.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            db.dispose()
            raise _fail(
                f"error: no user named '{name}'. Add one with: bomtrace users add {name}",
                EXIT_USAGE,
            )
        token = create_token(session, user, label)
        audit.record(
            session, None, None, "token.create", f"user {user.name}",
            f"token {token[:10]}… ({label.strip()[:100] or 'token'})",
        )  # fmt: skip
    db.dispose()
    typer.echo(token)
