"""Write the bundled examples: illustrative Orlan-10 and Geran-2-type teardown workbooks
and an illustrative lot ledger.

    python examples/build_example.py

The workbook is messy the way real teardown sheets are (title rows, Ukrainian, English
and Russian headers, line breaks inside markings, logos and date codes typed into the
marking cell, packaging suffixes, a distributor order code, Cyrillic look-alike letters,
an OCR slip, section headings, blank and total rows). Its part numbers are real parts of
the kinds such drones carry, taken from bomtrace's catalogs; only the camera is a
component that public reporting named in a recovered Orlan-10 (see SOURCES.md). It is
ILLUSTRATIVE: not a finding about any airframe, and every sheet says so.

The second workbook, ``geran2_teardown.xlsx``, is laid out like a Geran-2 (Shahed-136
type) teardown sheet with lot codes; its part numbers are real catalogued parts and its
lot codes are made up. ``adi_lot_ledger_illustrative.csv`` is a made-up lot ledger of the
kind a maker could pass to ``bomtrace report manufacturer --lots``: its buyers are
placeholders, not companies. Both say so in every sheet and row.
"""

from __future__ import annotations

import csv
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


GERAN_NOTICE_EN = "ILLUSTRATIVE EXAMPLE: real part numbers, made-up lot codes; not a finding about any airframe (see SOURCES.md)"
GERAN_NOTICE_RU = "ИЛЛЮСТРАТИВНЫЙ ПРИМЕР: реальные номера деталей, вымышленные партии; не вывод о конкретном борте"

GERAN_NAVIGATION = [
    ("Geran-2 (Shahed-136 type) teardown: navigation and control unit",),
    (GERAN_NOTICE_EN,),
    (),
    ("Pos.", "Board", "Marking", "Mfr", "Qty", "Date code", "Lot code", "Function"),
    (1, "Nav", "ADXL335BCPZ-RL7", "ADI", 1, "2117", "Q2117A0031", "accelerometer"),
    (2, "Nav", "AD620ANZ", "", 1, "1938", "L1938B1142", "instrumentation amplifier"),
    (
        3,
        "Nav",
        "ADM3251EARWZ",
        "Analog Devices",
        1,
        "2205",
        "Q2205K0457",
        "isolated RS-232",
    ),
    (4, "Nav", "AD7606BSTZ", "ADI", 1, "2137", "Q2137C0918", "8-channel ADC"),
    (5, "Nav", "DS3231MZ/V+", "Maxim", 1, "2124", "M2124X7713", "real-time clock"),
    (6, "Nav", "MAX31855KASA+", "", 1, "2219", "M2219T2001", "thermocouple interface"),
    (7, "Nav", "NEO-M8N-0-10", "u-blox", 1, "2236", "", "GNSS receiver"),
    (8, "Nav", "STM32F767ZIT6", "ST", 1, "2245", "", "flight computer"),
    (9, "Nav", "XC7A35T-1CSG324C", "Xilinx", 1, "2011", "", "FPGA"),
    (10, "Nav", "TMS320F28335", "TI", 1, "2032", "", "DSP"),
    (11, "Nav", "ADS1232IPW", "TI", 1, "2009", "", "ADC"),
    ("CAN bus",),
    (12, "CAN", "TJA1051T/3", "NXP", 2, "2150", "", "CAN transceiver"),
    (13, "CAN", "SN65HVD230DR", "TI", 2, "2102", "", "CAN transceiver"),
    (14, "CAN", "MCP2551-I/SN", "Microchip", 1, "1744", "", "CAN transceiver"),
    (),
    ("Total", None, None, None, 15, None, None, None),
]

GERAN_POWER = [
    ("Герань-2: блок питания и сервоприводы",),
    (GERAN_NOTICE_RU,),
    ("Маркировка", "Производитель", "Кол-во", "Код даты", "Партия", "Назначение"),
    ("LT3652EMSE#PBF", "Linear", 1, "1832", "LT1832R0660", "зарядное устройство"),
    ("LTC2943IDD#PBF", "", 1, "2041", "LT2041P1207", "монитор батареи"),
    ("ATMEGA2560-16AU", "", 1, "1946", "", "контроллер сервоприводов"),
    ("AMS1117-5.0", "", 2, "", "", "стабилизатор 5 В"),
    ("LM317", "", 1, "", "", "регулируемый стабилизатор"),
    ("MAX232", "", 1, "", "", "приёмопередатчик RS-232"),
    ("CH340G", "", 1, "", "", "USB-UART"),
    ("затёрто", "", 1, "", "", "маркировка стёрта"),
    ("Итого", None, 9, None, None, None),
]

LEDGER_HEADER = (
    "lot_code",
    "date_code",
    "mpn",
    "buyer",
    "sold_at",
    "quantity",
    "source",
    "note",
)
LEDGER_SOURCE = (
    "ILLUSTRATIVE: made up for bomtrace's bundled example; not a record of any sale"
)
LEDGER = [
    (
        "Q2117A0031",
        "2117",
        "ADXL335BCPZ-RL7",
        "Placeholder buyer A (illustrative)",
        "2021-06-14",
        "2500",
    ),
    (
        "L1938B1142",
        "1938",
        "AD620ANZ",
        "Placeholder buyer B (illustrative)",
        "2019-11-02",
        "1000",
    ),
    (
        "Q2137C0918",
        "2137",
        "AD7606BSTZ",
        "Placeholder buyer A (illustrative)",
        "2021-10-05",
        "500",
    ),
    (
        "M2124X7713",
        "2124",
        "DS3231MZ/V+",
        "Placeholder buyer C (illustrative)",
        "2021-08-20",
        "3000",
    ),
    (
        "LT1832R0660",
        "1832",
        "LT3652EMSE#PBF",
        "Placeholder buyer B (illustrative)",
        "2018-10-11",
        "800",
    ),
    (
        "",
        "1931",
        "ADXL345BCCZ",
        "Placeholder buyer D (illustrative)",
        "2019-09-03",
        "4000",
    ),
    (
        "Q2301Z0001",
        "2301",
        "ADXL335BCPZ-RL7",
        "Placeholder buyer E (illustrative)",
        "2023-02-01",
        "2500",
    ),
]


def write_sheet(
    ws: object,
    rows: list[tuple[object, ...]],
    widths: tuple[int, ...] = (6, 14, 26, 16, 10, 10, 36),
) -> None:
    for row in rows:
        ws.append(list(row))  # type: ignore[attr-defined]
    for cells in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in cells:
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True)
    ws["A1"].font = Font(bold=True, size=13)  # type: ignore[index]
    for letter, width in zip("ABCDEFGH", widths, strict=False):
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
    write_geran(fixed)
    write_ledger()


def write_geran(fixed: dt.datetime) -> None:
    book = Workbook()
    first = book.active
    first.title = "Navigation"
    write_sheet(first, GERAN_NAVIGATION, (6, 8, 24, 16, 6, 10, 14, 30))
    write_sheet(book.create_sheet("Питание"), GERAN_POWER, (20, 16, 8, 10, 14, 30))
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "bomtrace maintainers (illustrative example)"
    target = HERE / "geran2_teardown.xlsx"
    book.save(target)
    print(f"wrote {target}")


def write_ledger() -> None:
    target = HERE / "adi_lot_ledger_illustrative.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_HEADER)
        for row in LEDGER:
            writer.writerow([*row, LEDGER_SOURCE, "placeholder buyer, not a company"])
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
