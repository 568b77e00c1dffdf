"""HTTP hardening applied to every response: a raw ASGI middleware.

Pure ASGI, no framework. It refuses requests whose ``Host`` is not one of the allowed names
(on a loopback instance, only this machine's names: a defence against DNS rebinding),
refuses request bodies over the size cap with a 413 before they are read, and adds the
headers every response carries: a Content-Security-Policy that allows no external
origin, ``X-Content-Type-Options: nosniff``, frame denial and ``no-store`` caching.
Cookies that a handler queued in ``scope["state"]["cookies"]`` are set here too.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Scripts and styles only from this server; no inline script, no external origin at all.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"cross-origin-opener-policy": b"same-origin",
    b"cross-origin-resource-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
}


class BodyTooLarge(Exception):
    """The request body went over the cap while it was being read."""


class Hardening:
    """Host check, body size cap and security headers around the app."""

    def __init__(
        self, app: ASGIApp, *, max_body: int, allowed_hosts: Sequence[str] = ()
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if self.allowed_hosts and _host_name(host) not in self.allowed_hosts:
            await _json(send, 400, f"host '{host[:100]}' is not served here")
            return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await _json(send, 413, self._too_large())
            return
        started = False
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        async def hardened_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_security_headers(
                    list(message.get("headers", [])), scope
                )
            await send(message)

        try:
            await self.app(scope, counting_receive, hardened_send)
        except BodyTooLarge:
            if not started:
                await _json(send, 413, self._too_large())

    def _too_large(self) -> str:
        return f"the upload is over the {self.max_body // (1024 * 1024)} MB limit for one request"


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _with_security_headers(
    headers: list[tuple[bytes, bytes]], scope: Scope
) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    if b"content-security-policy" not in present:
        headers.append((b"content-security-policy", CSP.encode()))
    headers += [(k, v) for k, v in HEADERS.items() if k not in present]
    if b"cache-control" not in present:
        headers.append((b"cache-control", b"no-store"))
    for cookie in scope.get("state", {}).get("cookies", []):
        headers.append((b"set-cookie", cookie.encode("latin-1")))
    return headers


async def _json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                *HEADERS.items(),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
