"""The web app words what fixes a problem for people with no command line.

A remedy naming a limit the app does not let its users change says what they can do
instead; a form field is named as the field; no CLI option reaches a page or an answer.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.conftest import upload, wait_done

from bomtrace.remedies import Phrase, Setting
from bomtrace.web.wording import WEB_WORDS

DATA = Path(__file__).parents[1] / "data"
OPTION = re.compile(
    r"(?<![\w-])--(max-rows|max-cells|max-unzipped-mb|columns|max-upload-mb)\b"
)


def test_limits_become_what_a_web_user_can_do() -> None:
    """Rows, cells and unpacked size are not settings of the web app: split the file."""
    rows = Phrase(
        "If they are genuine, raise the limit with {setting}", Setting.MAX_ROWS, "6"
    )
    size = Phrase("If the file is genuine, raise the limit with {setting}",
                  Setting.MAX_UNZIPPED_MB, "3072")  # fmt: skip
    upload_size = Phrase(
        "Ask the administrator to raise {setting}", Setting.MAX_UPLOAD_MB
    )
    assert WEB_WORDS(rows) == (
        "If they are genuine, split the sheet into smaller files and upload them together"
    )
    assert WEB_WORDS(size) == (
        "If the file is genuine, split it into smaller files and upload them together"
    )
    assert WEB_WORDS(upload_size) == "Ask the administrator to raise the upload limit"


def test_a_zip_bomb_upload_says_to_split_the_file(client: TestClient) -> None:
    """A workbook over the unpacked-size limit is refused with the app's remedy."""
    answer = upload(client, DATA / "bad" / "zip_bomb_size.xlsx")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {
            "file": "zip_bomb_size.xlsx",
            "problem": "the workbook would unpack to 1,120 MiB, more than the limit of"
            " 1,024 MiB (a zip bomb, or a very large workbook). If the file is genuine,"
            " split it into smaller files and upload them together",
        }
    ]


def test_a_sheet_over_the_row_limit_says_to_split_it(client: TestClient) -> None:
    """The run page, the stored problems and the report say to split the sheet; none
    names the command line's --max-rows."""
    run = wait_done(
        client, upload(client, DATA / "bad" / "row_past_excel_limit.xlsx").json()["id"]
    )
    assert run["status"] == "done"
    expected = (
        "the sheet has more than 1,048,576 rows; the rows after 1,048,576 were not read."
        " If they are genuine, split the sheet into smaller files and upload them together"
    )
    assert run["errors"] == [
        {"file": "row_past_excel_limit.xlsx", "sheet": "Parts", "problem": expected}
    ]
    assert [p["text"] for p in run["problems"]] == [
        f'row_past_excel_limit.xlsx, sheet "Parts": {expected}'
    ]
    report = client.get(run["downloads"]["html"]).text
    assert expected in report
    page = client.get(f"/runs/{run['id']}").text
    assert "split the sheet into smaller files" in page
    for text in (str(run), report, page):
        assert OPTION.search(text) is None


def test_a_columns_value_names_the_form_field(client: TestClient) -> None:
    """A columns value that is not a mapping is refused naming the field, not --columns."""
    answer = upload(client, DATA / "delimited" / "utf8.csv", columns="colour")
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        "columns: 'colour' is neither role=column pairs nor an existing mapping file."
        " Write columns=marking=B,manufacturer=C or give the path of a mapping file"
    )
