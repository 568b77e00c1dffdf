"""Write the test fixtures: real .xlsx, .xls, .csv and .tsv files, committed with the tests.

    python tests/data/build_fixtures.py

Needs openpyxl (a dependency) and, for the legacy and encrypted workbooks only,
``xlwt`` and ``msoffcrypto-tool`` (``pip install xlwt msoffcrypto-tool``); those two
fixtures are skipped with a message when the packages are missing. The fixtures are
committed, so the test suite never needs these packages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
SHEETS = HERE / "sheets"
DELIMITED = HERE / "delimited"
BAD = HERE / "bad"
CATALOGS = HERE / "catalogs"
FIXED = dt.datetime(2024, 1, 1)

# The same five part rows in every delimited fixture (Cyrillic on purpose: cp1251 must
# survive), below a title row and a header row.
DELIMITED_ROWS = [
    ["Розбір зразка 7", "", "", ""],
    ["Маркування", "Виробник", "Кількість", "Код дати"],
    ["STM32F405RGT6", "STMicroelectronics", "1", "2215"],
    ["АD8221ARZ", "Аналог Девайсез", "2", "1652"],
    ["LM358DR", "", "3", ""],
    ["NEO-M8N", "u-blox", "1", "1816"],
    ["Разом", "", "7", ""],
]


def save(book: Workbook, path: Path) -> None:
    book.properties.created = FIXED
    book.properties.modified = FIXED
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    print(f"wrote {path.relative_to(HERE)}")


def sheet_book(rows: list[list[object]], title: str = "Sheet1") -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return book


def build_sheets() -> None:
    save(
        sheet_book(
            [
                ["Orlan-10 teardown, sample 3"],
                ["Recovered 2023-05, photographed by the field team"],
                [],
                [
                    "Pos.",
                    "Part number",
                    "Mfr",
                    "Qty",
                    "Date code",
                    "Board",
                    "Description",
                ],
                [1, "STM32F405RGT6", "ST", 1, "2215", "autopilot", "MCU"],
                [
                    2,
                    "ADXL345BCCZ-RL7",
                    "Analog Devices",
                    1,
                    "1931",
                    "autopilot",
                    "accelerometer",
                ],
                [3, "LM358DR", "", 2, None, "power", "op-amp"],
            ]
        ),
        SHEETS / "en_title_rows.xlsx",
    )
    save(
        sheet_book(
            [
                ["Орлан-10, розбір зразка 5"],
                ["Дата: 2023-03-14"],
                [
                    "№",
                    "Маркування",
                    "Виробник",
                    "Кількість",
                    "Код дати",
                    "Плата",
                    "Призначення",
                ],
                [1, "STM32F405RGT6", "ST", 1, "2215", "автопілот", "мікроконтролер"],
                [2, "MAX3232CPE+", "Maxim", 1, "1647", "автопілот", "RS-232"],
            ],
            "Автопілот",
        ),
        SHEETS / "uk_headers.xlsx",
    )
    save(
        sheet_book(
            [
                ["Орлан-10: разбор"],
                [],
                ["Маркировка", "Производитель", "Кол-во", "Код даты", "Назначение"],
                ["L7805CV", "", 1, "1812", "стабилизатор"],
                ["ТPS54331DR", "Texas Instruments", 2, "2120", "DC-DC"],
            ],
            "Питание",
        ),
        SHEETS / "ru_headers.xlsx",
    )
    book = sheet_book(
        [["Marking", "Qty"], ["STM32F405RGT6", 1], ["NEO-M8N", 1]], "Board A"
    )
    second = book.create_sheet("Board B")
    for row in (
        ["Title of board B"],
        ["Part number", "Manufacturer"],
        ["CC1101RGPR", "TI"],
    ):
        second.append(row)
    book.create_sheet("Empty")
    hidden = book.create_sheet("Spare")
    hidden.sheet_state = "hidden"
    for row in (["Marking"], ["AO3401A"]):
        hidden.append(row)
    save(book, SHEETS / "multi_sheet.xlsx")
    save(
        sheet_book(
            [
                ["Marking", "Manufacturer", "Qty"],
                ["Power section"],
                ["L7805CV", "ST", 1],
                [],
                ["", "", ""],
                ["Marking", "Manufacturer", "Qty"],
                ["Radio:"],
                ["CC1101RGPR", "TI", 1],
                ["Total", "", 2],
            ]
        ),
        SHEETS / "junk_rows.xlsx",
    )
    book = sheet_book(
        [
            ["Marking", "Qty", "Qty x2", "Date code"],
            ["ADXRS620\nBBGZ", 3, None, 815],
            ["STM32F405RGT6", 2, None, 2215],
        ]
    )
    ws = book.active
    ws["C2"] = "=B2*2"
    ws["C3"] = "=B3*2"
    ws["D2"].number_format = "0000"
    save(book, SHEETS / "formulas.xlsx")
    _add_cached_values(SHEETS / "formulas.xlsx", {"C2": "6", "C3": "4"})
    save(
        sheet_book(
            [["Notes about the drone"], ["Photos in folder 3"], ["Weight 14 kg"]]
        ),
        SHEETS / "no_part_column.xlsx",
    )
    save(Workbook(), SHEETS / "empty_sheet.xlsx")


def _add_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the cached values Excel would have saved with them."""
    with zipfile.ZipFile(path) as source:
        items = {name: source.read(name) for name in source.namelist()}
    xml = items["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        xml = re.sub(
            rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
            rf"\1<f>\2</f><v>{value}</v>",
            xml,
        )
    items["xl/worksheets/sheet1.xml"] = xml.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def build_delimited() -> None:
    DELIMITED.mkdir(parents=True, exist_ok=True)

    def text(delimiter: str) -> str:
        return "\r\n".join(delimiter.join(row) for row in DELIMITED_ROWS) + "\r\n"

    files = {
        "utf8.csv": text(",").encode("utf-8"),
        "utf8_bom.csv": text(",").encode("utf-8-sig"),
        "utf16.csv": text("\t").encode("utf-16"),
        "utf16le_nobom.csv": text(",").encode("utf-16-le"),
        "cp1251.csv": text(";").encode("cp1251"),
        "semicolon.csv": text(";").encode("utf-8"),
        "tab.tsv": text("\t").encode("utf-8"),
    }
    for name, data in files.items():
        (DELIMITED / name).write_bytes(data)
        print(f"wrote delimited/{name}")


def build_bad() -> None:
    BAD.mkdir(parents=True, exist_ok=True)
    (BAD / "empty.csv").write_bytes(b"")
    (BAD / "text_named.xlsx").write_bytes(b"Marking,Qty\nSTM32F405RGT6,1\n")
    (BAD / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (BAD / "truncated.xlsx").write_bytes(
        (SHEETS / "en_title_rows.xlsx").read_bytes()[:700]
    )
    print(
        "wrote bad/empty.csv, bad/text_named.xlsx, bad/binary.csv, bad/truncated.xlsx"
    )
    try:
        import xlwt  # type: ignore[import-not-found]
    except ImportError:
        print("skipped bad/legacy.xls: pip install xlwt")
    else:
        book = xlwt.Workbook()
        sheet = book.add_sheet("Parts")
        for r, row in enumerate([["Marking", "Qty"], ["STM32F405RGT6", 1]]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(BAD / "legacy.xls"))
        print("wrote bad/legacy.xls")
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]
    except ImportError:
        print("skipped bad/password.xlsx: pip install msoffcrypto-tool")
    else:
        plain = io.BytesIO((SHEETS / "en_title_rows.xlsx").read_bytes())
        locked = io.BytesIO()
        OOXMLFile(plain).encrypt("secret", locked)
        (BAD / "password.xlsx").write_bytes(locked.getvalue())
        print("wrote bad/password.xlsx")


# A maker's own product export (the layout of a product-selector download: title rows,
# a header, no manufacturer column) with real STMicroelectronics part numbers that the
# shipped catalogs do not list; descriptions abbreviated from the makers' product pages.
ST_EXPORT = [
    ["STMicroelectronics - Product selector"],
    ["Exported 2024-05-01"],
    [],
    ["Part Number", "General Description", "Marketing Status", "Package", "Core"],
    [
        "STM32G431CBU6",
        "Mainstream Arm Cortex-M4 MCU, 128 Kbytes Flash",
        "Active",
        "UFQFPN 48",
        "Arm Cortex-M4",
    ],
    [
        "STM32H723VGT6",
        "High-performance Arm Cortex-M7 MCU, 1 Mbyte Flash",
        "Active",
        "LQFP 100",
        "Arm Cortex-M7",
    ],
    [
        "STM32WB55RGV6",
        "Bluetooth LE wireless MCU, 1 Mbyte Flash",
        "Active",
        "VFQFPN 68",
        "Arm Cortex-M4",
    ],
    ["LSM6DSOXTR", "iNEMO 6-axis inertial module", "Active", "LGA-14L", ""],
    ["LIS2MDLTR", "3-axis digital magnetic sensor", "Active", "LGA-12", ""],
    ["LPS22HBTR", "MEMS pressure sensor, 260-1260 hPa", "Active", "HLGA-10L", ""],
    ["L6470HTR", "dSPIN stepper motor driver", "Active", "HTSSOP 28", ""],
]
# A distributor's price list as Russian distributors export it: cp1251, semicolons,
# Russian headers, makers spelled as the distributor spells them (an alias, Cyrillic).
DISTRIBUTOR_LIST = [
    ["Прайс-лист: микросхемы Microchip (фрагмент)", "", "", ""],
    ["Артикул", "Производитель", "Описание", "Корпус"],
    [
        "PIC32MZ2048EFH144-I/PH",
        "Microchip Technology Inc.",
        "32-bit MCU, 2 MB Flash",
        "TQFP-144",
    ],
    ["MCP2518FD-H/SL", "Микрочип", "CAN FD controller", "SOIC-14"],
    ["KSZ9031RNXIA", "Microchip Technology Inc.", "Gigabit Ethernet PHY", "QFN-48"],
    [
        "MCP3564R-E/ST",
        "Microchip Technology Inc.",
        "24-bit delta-sigma ADC",
        "TSSOP-20",
    ],
]


def build_user_catalogs() -> None:
    CATALOGS.mkdir(exist_ok=True)
    book = sheet_book(ST_EXPORT, title="Products")
    about = book.create_sheet("About")
    about.append(["Illustrative test fixture: the layout of a maker's product export."])
    save(book, CATALOGS / "st_product_selector.xlsx")
    with (CATALOGS / "distributor_price_list.csv").open(
        "w", encoding="cp1251", newline=""
    ) as handle:
        csv.writer(handle, delimiter=";").writerows(DISTRIBUTOR_LIST)
    print(
        "wrote catalogs/st_product_selector.xlsx, catalogs/distributor_price_list.csv"
    )


if __name__ == "__main__":
    build_sheets()
    build_delimited()
    build_bad()
    build_user_catalogs()
