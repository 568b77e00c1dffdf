"""Values no client should send, on SQLite and PostgreSQL: ids and limits beyond what a
database integer holds, negative limits, NaN thresholds, lone surrogates in JSON. Each is
a 4xx naming the problem, never a 500 (#14, findings 2 and 3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from tests.web.conftest import csrf_of, upload, wait_done

EXAMPLE = Path(__file__).parents[2] / "examples" / "orlan10_teardown.xlsx"
# Past PostgreSQL's INTEGER, past SQLite's, below both, and far past.
HUGE = ("2147483648", "9223372036854775808", "-9223372036854775809", "1" + "0" * 30)


def _routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route that takes an id in its path."""
    app = client.app.app  # type: ignore[attr-defined]  # the app inside the hardening middleware
    found = []
    todo = list(app.routes)
    while todo:
        route = todo.pop()
        if isinstance(route, APIRoute):
            if re.search(r"\{\w+_id\}", route.path):
                found += [(method, route.path) for method in sorted(route.methods)]
        else:  # a router included in the app (its routes have no prefix here)
            inner = getattr(route, "original_router", route)
            todo += getattr(inner, "routes", [])
    return sorted(found)


def test_every_id_out_of_range_is_a_4xx(client: TestClient) -> None:
    """Every route with an id answers 2^31, 2^63, -2^63-1 and 10^30 without a server error: the
    API with 404 (or 422 for a negative id's form), pages with 404 or, where a missing row is
    nothing to undo, a redirect."""
    run_id = upload(client, EXAMPLE).json()["id"]
    wait_done(client, run_id)
    token = csrf_of(client, "/decisions")
    routes = _routes(client)
    assert (
        len(routes) >= 15
    )  # runs, their pages and downloads, decisions, tokens, users
    for method, template in routes:
        for value in HUGE:
            path = re.sub(r"\{\w+_id\}", value, template).replace("{fmt}", "csv")
            answer = client.request(
                method, path, data={"csrf_token": token} if method == "POST" else None,
                headers={"X-CSRF-Token": token}, follow_redirects=False,
            )  # fmt: skip
            assert answer.status_code < 500, (method, path, answer.text[:200])
            if path.startswith("/api/"):
                assert answer.status_code in (404, 422), (method, path)
    assert client.get(f"/api/runs/{HUGE[0]}").json() == {
        "detail": f"run {HUGE[0]} not found"
    }


@pytest.mark.parametrize(
    "limit", ["-1", "0", "1001", "-99999999999999999999999", "9223372036854775808"]
)
def test_runs_limit_outside_1_to_1000_is_refused(
    client: TestClient, limit: str
) -> None:
    """`?limit=` takes 1..1000: -1 no longer lifts the cap, huge numbers are no 500."""
    answer = client.get(f"/api/runs?limit={limit}")
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("limit: Input should be")


def test_runs_limit_is_applied(client: TestClient) -> None:
    """A limit inside the range lists that many runs."""
    for _ in range(2):
        wait_done(client, upload(client, EXAMPLE).json()["id"])
    assert len(client.get("/api/runs?limit=1").json()["runs"]) == 1
    assert len(client.get("/api/runs?limit=1000").json()["runs"]) == 2


@pytest.mark.parametrize("below", ["nan", "inf", "-0.5", "2"])
def test_review_threshold_outside_0_to_1_is_refused(
    client: TestClient, below: str
) -> None:
    """The review threshold is a confidence: NaN, infinity and values outside 0..1 are 422."""
    run_id = upload(client, EXAMPLE).json()["id"]
    wait_done(client, run_id)
    assert client.get(f"/api/runs/{run_id}/review?below={below}").status_code == 422
    assert client.get(f"/runs/{run_id}/review?below={below}").status_code == 400


@pytest.mark.parametrize(
    "field",
    ["marking", "decision", "manufacturer_given", "mpn", "manufacturer", "note"],
)
def test_lone_surrogate_in_decision_json_is_a_422(
    client: TestClient, field: str
) -> None:
    """A JSON string escape "\\ud800" without its pair is refused by name; nothing is stored."""
    body = {
        "marking": "LM358",
        "decision": "accept",
        "manufacturer": "Texas Instruments",
    }
    fields = ", ".join(
        f'"{k}": "{v}\\ud800"' if k == field else f'"{k}": "{v}"'
        for k, v in {**body, field: body.get(field, "x")}.items()
    )
    answer = client.post(
        "/api/decisions",
        content=("{" + fields + "}").encode(),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"] == (
        f"{field}: holds a lone UTF-16 surrogate (an escape such as \\ud800 without its"
        " pair), which is not text: send the character itself"
    )
    assert client.get("/api/decisions").json()["decisions"] == []


def test_paired_surrogates_are_text(client: TestClient) -> None:
    """A character written as a surrogate pair in JSON ("\\ud83d\\ude00") is stored as itself."""
    answer = client.post(
        "/api/decisions",
        content=b'{"marking": "LM358", "decision": "not_a_part", "note": "\\ud83d\\ude00"}',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 201
    assert answer.json()["note"] == "\N{GRINNING FACE}"
