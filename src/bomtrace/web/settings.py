"""How one web app instance is set up: where its data lives, who may use it, its limits.

No I/O beyond reading environment variables. ``Settings.for_serve`` turns the ``serve``
options into settings; tests build ``Settings`` directly.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK_NAMES = ("localhost",)
DEFAULT_DATA_DIR = Path("~/.local/share/bomtrace")


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/bomtrace``, else ``~/.local/share/bomtrace``."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    return (Path(xdg) / "bomtrace") if xdg else DEFAULT_DATA_DIR.expanduser()


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach."""
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'bomtrace.sqlite3'}"


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginLimits:
    """How failed sign-ins are throttled (see ``throttle``).

    After ``per_name`` failures for one account name, or ``per_address`` from one client
    address, with no pause of ``window`` seconds between them, sign-ins for that name or
    address are refused for ``first_block`` seconds, doubling with each further failure
    up to ``max_block``. An address gets more tries than a name because an office or a
    VPN puts many people behind one address. ``clock`` gives seconds since the epoch
    (tests pass their own).
    """

    per_name: int = 5
    per_address: int = 20
    window: float = 15 * 60
    first_block: float = 60
    max_block: float = 60 * 60
    clock: Callable[[], float] = time.time


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """One instance's settings.

    ``require_login`` is False only for a single local user on a loopback address;
    ``workers`` is the number of runs traced at once; ``executor`` is ``process`` (a pool
    of worker processes, what ``serve`` uses) or ``thread`` (tests).
    """

    data_dir: Path
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8000
    require_login: bool = False
    insecure_cookies: bool = False
    workers: int = 2
    executor: str = "process"
    max_file_bytes: int = 20 * 1024 * 1024
    max_files: int = 20
    review_threshold: float = 0.9
    session_hours: int = 12
    login_limits: LoginLimits = field(default_factory=LoginLimits)

    @classmethod
    def for_serve(
        cls,
        *,
        host: str,
        port: int,
        data_dir: Path | None,
        database_url: str | None,
        require_login: bool | None = None,
        workers: int = 2,
        max_upload_mb: int = 20,
        insecure_cookies: bool = False,
    ) -> Settings:
        """Settings from the ``serve`` options and ``BOMTRACE_DATABASE_URL``."""
        folder = (data_dir or default_data_dir()).expanduser().resolve()
        url = database_url or os.environ.get("BOMTRACE_DATABASE_URL") or ""
        login = not is_loopback(host) if require_login is None else require_login
        return cls(
            data_dir=folder,
            database_url=url or sqlite_url(folder),
            host=host,
            port=port,
            require_login=login,
            insecure_cookies=insecure_cookies,
            workers=max(1, workers),
            max_file_bytes=max_upload_mb * 1024 * 1024,
        )

    @property
    def secure_cookies(self) -> bool:
        """Session cookies are Secure (HTTPS only) whenever people sign in."""
        return self.require_login and not self.insecure_cookies

    @property
    def max_request_bytes(self) -> int:
        """The largest request body accepted: every file at its cap, plus form fields."""
        return self.max_file_bytes * self.max_files + 1024 * 1024

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"
