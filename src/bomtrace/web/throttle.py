"""Slowing password guessing: failed sign-ins counted per account name and client address.

I/O (database). The counters live in the app's database (table ``login_failures``), so
every server process and every machine of a team counts the same failures. A sign-in
first locks its name's and its address's counters (row locks on PostgreSQL; SQLite
transactions hold the write lock from their start), so concurrent guesses are counted
one after another and cannot slip past the limit together. A blocked name or address is
refused before its password is checked, whether or not the account exists and whether or
not the password is right, so the refusal says nothing about either. A successful
sign-in clears its name's counter, not its address's: otherwise one valid account would
reset an address guessing at others. API tokens never pass through here.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bomtrace.web.models import LoginFailures
from bomtrace.web.settings import LoginLimits


def counter_key(kind: str, value: str) -> str:
    """The key a name's or an address's counter is stored under (a SHA-256, hex)."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


@dataclass(slots=True)
class Attempt:
    """One sign-in attempt holding its counters locked until the request commits."""

    session: Session
    limits: LoginLimits
    now: float
    counters: list[tuple[LoginFailures, int]]  # (counter, failures allowed)
    name_key: str

    @property
    def retry_after(self) -> int:
        """Seconds until this name and address may try again (0: they may now)."""
        until = max((c.blocked_until for c, _ in self.counters), default=0.0)
        return math.ceil(until - self.now) if until > self.now else 0

    def failed(self) -> None:
        """Counts a failure; the limit's failure starts a block that doubles with each more."""
        for counter, allowed in self.counters:
            if (
                self.now - max(counter.last_failure, counter.blocked_until)
                > self.limits.window
            ):
                counter.failures = 0
            counter.failures += 1
            counter.last_failure = self.now
            if counter.failures >= allowed:
                doublings = min(counter.failures - allowed, 32)
                block = min(
                    self.limits.first_block * 2**doublings, self.limits.max_block
                )
                counter.blocked_until = self.now + block

    def succeeded(self) -> None:
        """Clears the name's counter (and drops an address counter that holds nothing)."""
        for counter, _ in self.counters:
            if counter.key == self.name_key or counter.failures == 0:
                self.session.delete(counter)
        purge_counters(self.session, self.limits)


def begin_attempt(
    session: Session, name: str, address: str, limits: LoginLimits
) -> Attempt:
    """Locks (creating if need be) the counters of ``name`` and ``address`` for one attempt."""
    name_key = counter_key("name", name.strip())
    wanted = {name_key: limits.per_name}
    if address:
        wanted[counter_key("address", address)] = limits.per_address
    # Always locked in the same order, so two attempts sharing a counter cannot deadlock.
    counters = [(_locked(session, key), wanted[key]) for key in sorted(wanted)]
    return Attempt(session, limits, limits.clock(), counters, name_key)


def _locked(session: Session, key: str) -> LoginFailures:
    query = select(LoginFailures).where(LoginFailures.key == key).with_for_update()
    counter = session.scalar(query)
    if counter is not None:
        return counter
    try:
        with session.begin_nested():
            counter = LoginFailures(
                key=key, failures=0, last_failure=0.0, blocked_until=0.0
            )
            session.add(counter)
    except IntegrityError:  # another attempt created it at the same moment
        return session.scalars(query).one()
    return counter


def purge_counters(session: Session, limits: LoginLimits) -> None:
    """Deletes counters whose failures are all forgotten (at start-up and on sign-in).

    Counters another attempt holds are skipped, so two sign-ins never wait on each other.
    """
    before = limits.clock() - limits.window
    stale = (
        select(LoginFailures.key)
        .where(
            LoginFailures.last_failure < before, LoginFailures.blocked_until < before
        )
        .with_for_update(skip_locked=True)
    )
    session.execute(
        delete(LoginFailures).where(LoginFailures.key.in_(stale)),
        execution_options={"synchronize_session": False},
    )
