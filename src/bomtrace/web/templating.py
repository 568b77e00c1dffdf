"""Rendering the app's HTML pages with jinja2: every value escaped, typos fail loudly.

Pure apart from reading templates from the package. Pages share ``base.html.j2``; the
context always holds the principal (or None), the CSRF token for forms and the role names.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from bomtrace.column_roles import ROLES
from bomtrace.report.render import environment
from bomtrace.version import __version__
from bomtrace.web.auth import Role
from bomtrace.web.deps import settings_of

ENV = environment("web/templates")
ENV.globals.update(version=__version__, Role=Role, column_roles=ROLES)


def render(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The page ``template`` filled with ``context`` plus who is asking."""
    principal = getattr(request.state, "principal", None)
    page = ENV.get_template(template).render(
        request=request,
        me=principal,
        csrf=principal.csrf_token if principal else "",
        login_required=settings_of(request).require_login,
        **context,
    )
    return HTMLResponse(page, status_code=status_code)
