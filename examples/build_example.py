"""Write the bundled example: an illustrative Orlan-10 teardown workbook.

    python examples/build_example.py

The workbook is messy the way real teardown sheets are (title rows, Ukrainian, English
and Russian headers, line breaks inside markings, logos and date codes typed into the
marking cell, packaging suffixes, a distributor order code, Cyrillic look-alike letters,
an OCR slip, section headings, blank and total rows). Its part numbers are real parts of
the kinds such drones carry, taken from bomtrace's catalogs; only the camera is a
component that public reporting named in a recovered Orlan-10 (see SOURCES.md). It is
ILLUSTRATIVE: not a finding about any airframe, and every sheet says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
NOTICE_UK = "ІЛЮСТРАТИВНИЙ ПРИКЛАД: реальні номери деталей, не висновок щодо конкретного борту (див. SOURCES.md)"
NOTICE_EN = "ILLUSTRATIVE EXAMPLE: real part numbers, not a finding about any airframe (see SOURCES.md)"
NOTICE_RU = "ИЛЛЮСТРАТИВНЫЙ ПРИМЕР: реальные номера деталей, не вывод о конкретном борте (см. SOURCES.md)"

AUTOPILOT = [
    ("Орлан-10: плата автопілота (розбір, зразок №1)",),
    (NOTICE_UK,),
    ("Дата розбору: березень 2023",),
    (),
    ("№", "Плата", "Маркування", "Виробник", "Кількість", "Код дати", "Призначення"),
    (1, "Автопілот", "STM32F405RGT6", "ST", 1, "2215", "основний мікроконтролер"),
    (2, "Автопілот", "ADI\nADXL345\nBCCZ", "", 1, "1931", "акселерометр"),
    (3, "Автопілот", "ADXRS620 BBGZ 1515 PHL", "Analog Devices", 3, "", "гіроскоп"),
    (4, "Автопілот", "MS5611-01BA03", "TE", 1, "2034", "барометр"),
    (5, "Автопілот", "HMC5883L", "", 1, "1712", "магнітометр"),
    (6, "Автопілот", "W25Q128JVSIQ", "Winbond", 1, "2108", "флеш-пам'ять"),
    (7, "Автопілот", "AT45DB161D-SU", "Atmel", 1, "1124", "флеш-пам'ять журналу"),
    (8, "Автопілот", "XC6SLX9-TQG144", "Xilinx", 1, "1838", "ПЛІС"),
    (9, "Автопілот", "LM358DR", "", 2, "", "операційний підсилювач"),
    (10, "Автопілот", "MAX3232CPE+", "Maxim", 1, "1647", "RS-232"),
    (11, "Автопілот", "CY7C68013A-56LTXC", "Cypress", 1, "1402", "USB-контролер"),
    (None, "Живлення", None, None, None, None, None),
    ("Блок живлення",),
    (12, "Живлення", "LTC1877EMS8#PBF", "Linear", 1, "1409", "DC-DC"),
    (13, "Живлення", "TPS54331DR", "TI", 2, "2120", "DC-DC"),
    (14, "Живлення", "L7805CV", "", 1, "", "стабілізатор 5 В"),
    (15, "Живлення", "AMS1117-3.3", "", 2, "", "стабілізатор 3,3 В"),
    (16, "Живлення", "IRLML6344TRPBF", "IR", 4, "", "MOSFET"),
    (),
    ("Разом", None, None, None, 22, None, None),
]

COMMS = [
    ("Orlan-10 teardown: communications and navigation board",),
    (NOTICE_EN,),
    (),
    ("Part number (as marked)", "Mfr", "Qty", "D/C", "Board", "Notes"),
    ("SIMCOM\nSIM800C", "", 1, "", "GSM module", "quad-band GSM/GPRS module"),
    ("NEO-M8N-0-01", "u-blox", 1, "1816", "GNSS", ""),
    ("CC1101RGPR", "", 1, "", "radio", ""),
    ("ADF4351BCPZ", "ADI", 1, "1745", "radio", "PLL synthesiser"),
    ("Si4463", "SiLabs", 1, "", "radio", ""),
    ("296-1395-5-ND", "", 2, "", "radio", "copied from a Digi-Key order list"),
    ("CH340G", "", 1, "", "USB", ""),
    ("illegible", "", 1, "", "radio", "marking sanded off"),
    ("Section: antennas",),
    ("U.FL-R-SMT", "Hirose", 2, "", "antenna", ""),
]

CAMERA_POWER = [
    ("Орлан-10: камера и силовая часть",),
    (NOTICE_RU,),
    ("Маркировка", "Производитель", "Кол-во", "Код даты", "Назначение"),
    (
        "Canon EOS 750D",
        "Canon",
        1,
        "",
        "фотоаппарат (упоминается в открытых источниках)",
    ),
    ("STM32F4O5RGT6", "", 1, "1947", "контроллер подвеса"),
    ("АD8221ARZ", "", 1, "1652", "инструментальный усилитель"),
    ("ТPS7A4700RGWR", "", 1, "1908", "LDO"),
    ("BSS138", "", 6, "", "ключ"),
    ("AO3401A", "AOS", 2, "", "ключ"),
    ("MP2307DN-LF-Z", "MPS", 1, "", "DC-DC"),
    (
        "двигатель",
        "",
        1,
        "",
        "двигатель (по сообщениям, японского производства; модель не указана)",
    ),
    ("Итого", None, 14, None, None),
]


def write_sheet(ws: object, rows: list[tuple[object, ...]]) -> None:
    for row in rows:
        ws.append(list(row))  # type: ignore[attr-defined]
    for cells in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in cells:
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=13)  # type: ignore[index]
    for letter, width in zip("ABCDEFG", (6, 14, 26, 16, 10, 10, 36), strict=True):
        ws.column_dimensions[letter].width = width  # type: ignore[attr-defined]


def main() -> None:
    book = Workbook()
    first = book.active
    first.title = "Автопілот"
    write_sheet(first, AUTOPILOT)
    write_sheet(book.create_sheet("Comms"), COMMS)
    write_sheet(book.create_sheet("Камера и питание"), CAMERA_POWER)
    fixed = dt.datetime(2024, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "bomtrace maintainers (illustrative example)"
    target = HERE / "orlan10_teardown.xlsx"
    book.save(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
