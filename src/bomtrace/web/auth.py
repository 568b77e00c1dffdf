"""People, passwords, sessions, API tokens and roles.

Passwords are hashed with argon2 (argon2-cffi's defaults, RFC 9106's second recommended
profile); session cookies and API tokens are random 256-bit secrets of which the database
keeps only the SHA-256, so a copy of the database signs nobody in. Changing a password
or disabling an account ends the account's sessions. Roles are ordered: a reader views
runs, reports and the review queue; a researcher also uploads, runs and decides; an
admin also manages people.

Two things need no database row: the loopback instance's one local user (its cookie is a
random nonce signed with the instance's key, and its CSRF token is derived from it) and
the sign-in form's token (bound to a nonce cookie the same way), so neither a script's
requests nor a stranger's page can fill the sessions table or sign a browser in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bomtrace.web.models import ApiToken, LoginSession, User, utcnow

LOCAL_USER = "local"
TOKEN_PREFIX = "bt_"
KEY_FILE = "secret.key"
# A token's last use is written at most this often (seconds): reads stay reads.
TOKEN_TOUCH_INTERVAL = 60
_HASHER = PasswordHasher()
# A hash verified when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password")


class Role(StrEnum):
    """What a person may do, each role including the ones below it."""

    READER = "reader"
    RESEARCHER = "researcher"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class UserError(ValueError):
    """A user cannot be created or changed as asked (the message says why)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making a request, with which role, and how they proved it."""

    user_id: int
    name: str
    role: Role
    via: str  # "session", "token" or "local"
    csrf_token: str = ""

    def may(self, needed: Role) -> bool:
        return self.role.allows(needed)


def hash_secret(secret: str) -> str:
    """The SHA-256 (hex) under which a session or API token is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_name(name: str) -> str:
    """A user name: 1-64 letters, digits, '.', '-' or '_'."""
    name = name.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise UserError(
            f"'{name}' is not a valid user name: use 1-64 letters, digits, '.', '-' or '_'"
        )
    return name


def check_password(password: str) -> str:
    if len(password) < 10:
        raise UserError("the password is too short: use at least 10 characters")
    return password


def add_user(session: Session, name: str, role: str, password: str) -> User:
    """Creates a user; raises ``UserError`` for a taken name, unknown role or short password."""
    name = check_name(name)
    try:
        chosen = Role(role)
    except ValueError:
        raise UserError(
            f"'{role}' is not a role: use admin, researcher or reader"
        ) from None
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise UserError(f"a user named '{name}' already exists")
    user = User(
        name=name,
        role=chosen.value,
        password_hash=hash_password(check_password(password)),
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Sets a new password and ends every session the old one opened."""
    user.password_hash = hash_password(check_password(password))
    end_sessions(session, user)


def set_disabled(session: Session, user: User, disabled: bool) -> None:
    """Disables (ending its sessions and revoking its API tokens) or enables an account.

    Re-enabling brings nothing back: the person signs in again and makes new tokens.
    """
    if disabled and not user.disabled:
        end_sessions(session, user)
        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    user.disabled = disabled


def end_sessions(session: Session, user: User) -> None:
    """Signs the person out everywhere."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def has_admin(session: Session) -> bool:
    """True when at least one enabled admin can sign in."""
    found = session.scalar(
        select(User.id).where(
            User.role == Role.ADMIN.value,
            User.disabled.is_(False),
            User.password_hash != "",
        )
    )
    return found is not None


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user with this name and password, or None (same work either way)."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled or not user.password_hash:
        return None
    if _HASHER.check_needs_rehash(stored):
        user.password_hash = hash_password(password)
    return user


def local_user(session: Session) -> User:
    """The one user of a loopback instance without login (created at start-up)."""
    user = session.scalar(select(User).where(User.name == LOCAL_USER))
    if user is None:
        try:
            with session.begin_nested():
                user = User(name=LOCAL_USER, role=Role.ADMIN.value, password_hash="")
                session.add(user)
        except IntegrityError:  # another request created it at the same moment
            user = session.scalars(select(User).where(User.name == LOCAL_USER)).one()
    return user


def start_session(session: Session, user: User, hours: int) -> tuple[str, LoginSession]:
    """Opens a session for ``user``; returns the cookie value (shown once) and the row."""
    token = secrets.token_urlsafe(32)
    row = LoginSession(
        token_hash=hash_secret(token),
        csrf_token=secrets.token_urlsafe(32),
        user_id=user.id,
        expires_at=utcnow() + dt.timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    return token, row


def find_session(session: Session, token: str) -> LoginSession | None:
    """The live session a cookie names, or None when unknown, expired or its user
    disabled. Only reads: expired sessions are purged at start-up and on sign-in."""
    if not token:
        return None
    row = session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_secret(token))
    )
    if row is None or row.user.disabled or _aware(row.expires_at) < utcnow():
        return None
    return row


def purge_sessions(session: Session) -> None:
    """Deletes expired sessions (at start-up and on sign-in)."""
    session.execute(delete(LoginSession).where(LoginSession.expires_at < utcnow()))


def end_session(session: Session, token: str) -> None:
    row = session.scalar(
        select(LoginSession).where(LoginSession.token_hash == hash_secret(token))
    )
    if row is not None:
        session.delete(row)


def create_token(session: Session, user: User, name: str) -> str:
    """Creates an API token for ``user``; returns it (the only time it is visible)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id,
            name=name.strip()[:100] or "token",
            token_hash=hash_secret(token),
            prefix=token[:10],
        )
    )
    session.flush()
    return token


def find_token(session: Session, token: str) -> ApiToken | None:
    """The live API token with this value, or None (only reads; see ``touch_token``)."""
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_secret(token.strip()))
    )
    if row is None or row.revoked_at is not None or row.user.disabled:
        return None
    return row


def token_needs_touch(token: ApiToken) -> bool:
    """True when the token's last use is not recorded or older than a minute."""
    last = token.last_used_at
    return (
        last is None or (utcnow() - _aware(last)).total_seconds() > TOKEN_TOUCH_INTERVAL
    )


def touch_token(session: Session, token_id: int) -> None:
    """Records that a token was used now."""
    session.execute(
        update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow())
    )


def same_secret(given: str, expected: str) -> bool:
    """Compares two secrets in constant time."""
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def signing_key(folder: Path) -> bytes:
    """The instance's key for signed cookies: ``secret.key`` in the data folder, made on
    first use (readable by its owner only) and shared by every server using the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / KEY_FILE
    if not path.exists():
        handle, made = tempfile.mkstemp(dir=folder, prefix=".key-")
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(32))
        try:
            os.link(made, path)  # never replaces a key another server made meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                Path(made).replace(path)
        finally:
            Path(made).unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) < 32:
        raise RuntimeError(f"{path} is damaged: delete it and start the server again")
    return key


def sign(key: bytes, purpose: str, nonce: str) -> str:
    """An HMAC-SHA256 of ``nonce`` for one purpose; only this instance can make it."""
    return hmac.new(key, f"{purpose}:{nonce}".encode(), hashlib.sha256).hexdigest()


def new_signed(key: bytes, purpose: str) -> tuple[str, str]:
    """A fresh nonce and its cookie value ``<nonce>.<signature>``."""
    nonce = secrets.token_urlsafe(24)
    return nonce, f"{nonce}.{sign(key, purpose, nonce)}"


def signed_nonce(key: bytes, purpose: str, cookie: str) -> str | None:
    """The nonce of a cookie this instance signed for ``purpose``, or None."""
    nonce, _, signature = cookie.partition(".")
    if nonce and same_secret(signature, sign(key, purpose, nonce)):
        return nonce
    return None


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns; they are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
