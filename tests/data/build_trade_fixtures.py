"""Write the trade-record fixtures of issue #18: both declaration layouts and a teardown.

    python tests/data/build_trade_fixtures.py

ILLUSTRATIVE: every company, declaration and number here is fictional. The part
numbers are real catalogued parts; the tax numbers are made up to pass their check
digits, with the region code 00 that no Russian tax office issues (ИНН, ОГРН) and a
Hong Kong company number above any issued, so none can be a real company's. The
layouts follow the issue: a Russian declaration export (cp1251, ``;``, Russian headers,
``dd.mm.yyyy`` dates, 10-digit ТН ВЭД codes, Russian country names) and an English data
vendor export (XLSX with title rows, Excel dates, several sheets).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
OUT = HERE / "trade"
FIXED = dt.datetime(2024, 1, 1)


def inn10(body: str) -> str:
    """A 10-digit ИНН with its check digit (Federal Tax Service order ММВ-7-6/435@)."""
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11 % 10
    return body + str(check)


def ogrn13(body: str) -> str:
    """A 13-digit ОГРН: the first twelve digits modulo 11, last digit of that."""
    return body + str(int(body) % 11 % 10)


# Fictional importers: one listed under another spelling, one whose name resembles a
# listed company's but whose ИНН differs.
KESTREL_INN = inn10("007700111")
KESTREL_OGRN = ogrn13("102000000111")
VEKTOR_INN = inn10("007800222")
OTHER_VEKTOR_INN = inn10("007800333")
NORTHWIND_CR = "9999901"

RU_HEADER = [
    "Дата декларации", "Номер ДТ", "Отправитель", "Страна отправления", "Получатель",
    "ИНН получателя", "Описание товара", "Код ТН ВЭД", "Производитель", "Товарный знак",
    "Страна происхождения", "Количество", "Ед. изм.", "Вес нетто, кг",
    "Фактурная стоимость", "Валюта", "Статистическая стоимость, USD",
]  # fmt: skip
NORTHWIND = "NORTHWIND COMPONENTS TRADING LIMITED"
KESTREL = 'ООО "КЕСТРЕЛ-ПРИБОР"'
VEKTOR = 'ООО "ВЕКТОР-ПЛЮС"'
RU_ROWS = [
    ["14.07.2022", "10000000/140722/0000001", NORTHWIND, "ГОНКОНГ", KESTREL, KESTREL_INN,
     "МОДУЛЬ GSM/GPRS SIM800L ДЛЯ ПЕРЕДАЧИ ДАННЫХ", "8517620009", "SIMCOM WIRELESS SOLUTIONS",
     "SIMCOM", "КИТАЙ", "800", "ШТ", "4,1", "5600,00", "USD", "5600,00"],
    ["02.08.2022", "10000000/020822/0000002", NORTHWIND, "ГОНКОНГ", KESTREL, KESTREL_INN,
     "МОДУЛЬ ПРИЕМНИКА ГНСС NEO-M8N-0-10, ПРОИЗВОДИТЕЛЬ U-BLOX AG, 500 ШТ", "8526911000",
     "U-BLOX AG", "U-BLOX", "ТАЙВАНЬ (КИТАЙ)", "500", "796", "2,5", "9500,00", "USD", "9500,00"],
    ["19.08.2022", "10000000/190822/0000003", "SHENZHEN FICTIONAL TECH CO LTD", "КИТАЙ", VEKTOR,
     VEKTOR_INN, "МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ: МИКРОКОНТРОЛЛЕР STM32F405RGT6 - 1000 ШТ., "
     "STM32F103C8T6 - 500 ШТ.", "8542.31.9000", "STMICROELECTRONICS", "ST", "КИТАЙ", "1500", "ШТ",
     "0,9", "8250,00", "CNY", "1210,00"],
    ["", "", NORTHWIND, "ГОНКОНГ", KESTREL, KESTREL_INN, "МИКРОСХЕМА ПАМЯТИ W25Q 128JVSIQ",
     "8542 32 900 0", "WINBOND", "WINBOND", "ТАЙВАНЬ (КИТАЙ)", "2000", "ШТ", "0,5", "", "", ""],
    ["05.09.2022", "10000000/050922/0000005", "FICTIONAL TRADE FZE", "ОАЭ", KESTREL, KESTREL_INN,
     "ДАТЧИК УГЛОВОЙ СКОРОСТИ (ГИРОСКОП) АDХRS620ВВGZ", "9014208000", "ANALOG DEVICES",
     "ANALOG DEVICES", "СОЕДИНЕННЫЕ ШТАТЫ", "50", "ШТ", "0,1", "3900,00", "USD", "3900,00"],
    ["01.09.2023", "10000000/010923/0000006", "SHENZHEN FICTIONAL TECH CO LTD", "КИТАЙ", VEKTOR,
     VEKTOR_INN, "МИКРОКОНТРОЛЛЕР STM32F405RGT6, 200 ШТ", "8542319000", "STMICROELECTRONICS",
     "ST", "КИТАЙ", "200", "ШТ", "0,1", "1100,00", "USD", "1100,00"],
    ["22.09.2022", "10000000/220922/0000007", "SHENZHEN FICTIONAL TECH CO LTD", "КИТАЙ",
     'ООО "ВЕКТОР-ПЛЮС-СЕВЕР"', OTHER_VEKTOR_INN, "МИКРОКОНТРОЛЛЕР STM32F103C8T6 - 3000 ШТ",
     "8542319000", "STMICROELECTRONICS", "ST", "КИТАЙ", "3000", "ШТ", "1,2", "6000,00", "USD",
     "6000,00"],
    ["10.10.2022", "10000000/101022/0000009", "SHENZHEN FICTIONAL TECH CO LTD", "КИТАЙ", VEKTOR,
     OTHER_VEKTOR_INN, "МИКРОСХЕМА ПАМЯТИ FLASH W25Q128JVSIQ, 1000 ШТ", "8542326100", "WINBOND",
     "WINBOND", "ТАЙВАНЬ (КИТАЙ)", "1000", "ШТ", "0,3", "2100,00", "USD", "2100,00"],
    ["30.09.2022", "10000000/300922/0000008", NORTHWIND, "ГОНКОНГ", KESTREL, KESTREL_INN,
     "МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ ПРОЧИЕ, НЕ ВОЕННОГО НАЗНАЧЕНИЯ", "8542399010",
     "TEXAS INSTRUMENTS", "TI", "МАЛАЙЗИЯ", "4000", "ШТ", "1,6", "12000,00", "USD", "12000,00"],
]  # fmt: skip

EN_HEADER = [
    "DECLARATION DATE", "EXPORTER", "EXPORTER COUNTRY", "IMPORTER", "IMPORTER INN",
    "PRODUCT DESCRIPTION", "HS CODE", "MANUFACTURER", "BRAND", "COUNTRY OF ORIGIN",
    "QUANTITY", "UNIT", "NET WEIGHT", "TOTAL VALUE (USD)",
]  # fmt: skip
EN_ROWS = [
    [dt.datetime(2022, 7, 14), NORTHWIND, "HONG KONG", "KESTREL-PRIBOR LLC", KESTREL_INN,
     "GSM/GPRS MODULE SIM800L FOR DATA TRANSMISSION", 8517620009, "SIMCOM WIRELESS SOLUTIONS",
     "SIMCOM", "CHINA", 800, "PCS", 4.1, 5600],
    [dt.datetime(2022, 8, 2), NORTHWIND, "HONG KONG", "KESTREL-PRIBOR LLC", KESTREL_INN,
     "GNSS RECEIVER MODULE NEO-M8N-0-10, 500 PCS", 8526911000, "U-BLOX AG", "U-BLOX",
     "TAIWAN", 500, "PCS", 2.5, 9500],
    ["08/19/2022", "SHENZHEN FICTIONAL TECH CO LTD", "CHINA", "VEKTOR-PLUS LLC", VEKTOR_INN,
     "INTEGRATED CIRCUITS: MICROCONTROLLER STM32F405RGT6 (1000 PCS), STM32F103C8T6 (500 PCS)",
     "8542.31.9000", "STMICROELECTRONICS", "ST", "CHINA", 1500, "PCS", 0.9, 8250],
]  # fmt: skip
EN_LATER = [
    [dt.datetime(2022, 9, 30), NORTHWIND, "HONG KONG", "KESTREL-PRIBOR LLC", KESTREL_INN,
     "ELECTRONIC INTEGRATED CIRCUITS, OTHER", 8542399010, "TEXAS INSTRUMENTS", "TI",
     "MALAYSIA", 4000, "PCS", 1.6, 12000],
]  # fmt: skip

TEARDOWN = [
    ["Teardown of a fictional sample (ILLUSTRATIVE, for the trade-record tests)"],
    ["Marking", "Manufacturer", "Qty", "Date code"],
    ["NEO-M8N-0-10", "u-blox", "1", "2145"],
    ["SIM800L", "SIMCom", "1", "2203"],
    ["STM32F405RGT6", "ST", "1", "2215"],
    ["W25Q128JVSIQ", "Winbond", "1", "2150"],
    ["ADXRS620BBGZ", "Analog Devices", "1", "2130"],
    ["TPS54331DR", "TI", "1", "2144"],
]

# An OpenSanctions-layout list: the first importer listed only under another spelling
# (its name translated) with its ИНН and ОГРН; the second importer with its ИНН, which a
# third company of the same name does not share; the exporter, by name only.
SIMPLE_HEADER = (
    '"id","schema","name","aliases","birth_date","countries","addresses","identifiers",'
    '"sanctions","phones","emails","dataset","first_seen","last_seen","last_change"'
)
SIMPLE_ROWS = [
    ["NK-fict-kestrel", "Company", "Kestrel Instruments LLC", "OOO Kestrel Instruments",
     "", "ru", "", f"{KESTREL_INN};{KESTREL_OGRN}",
     "RUSSIA-EO14024 - Fictional test sanction - 2023-05-19", "", "",
     "Fictional test dataset (OpenSanctions layout)", "", "", ""],
    ["NK-fict-vektor", "Company", "Vektor-Plyus LLC", "ООО Вектор-Плюс", "", "ru", "",
     VEKTOR_INN, "EU 833/2014 - Fictional test sanction - 2022-12-16", "", "",
     "Fictional test dataset (OpenSanctions layout)", "", "", ""],
    ["NK-fict-northwind", "Company", "Northwind Components Trading Ltd", "", "", "hk", "",
     "", "RUSSIA-EO14024 - Fictional test sanction - 2023-05-19", "", "",
     "Fictional test dataset (OpenSanctions layout)", "", "", ""],
]  # fmt: skip


def write_ru() -> None:
    lines = [
        "Выгрузка деклараций на товары (ИЛЛЮСТРАТИВНЫЙ ПРИМЕР: вымышленные компании и номера)",
        "Период: 07.2022 - 09.2023",
        "",
        ";".join(RU_HEADER),
    ]
    for row in RU_ROWS:
        cells = [
            '"' + c.replace('"', '""') + '"' if ('"' in c or ";" in c) else c
            for c in row
        ]
        lines.append(";".join(cells))
    (OUT / "declarations_ru.csv").write_bytes(
        ("\r\n".join(lines) + "\r\n").encode("cp1251")
    )


def write_en() -> None:
    book = Workbook()
    book.properties.created = book.properties.modified = FIXED
    sheet = book.active
    sheet.title = "Imports 2022"
    sheet.append(
        ["RUSSIA IMPORT DATA - HS 8517/8526/8542 (ILLUSTRATIVE: fictional companies)"]
    )
    sheet.append(["Generated for the bomtrace test suite"])
    sheet.append(EN_HEADER)
    for row in EN_ROWS:
        sheet.append(row)
        if isinstance(row[0], dt.datetime):
            sheet.cell(row=sheet.max_row, column=1).number_format = "dd-mmm-yyyy"
    notes = book.create_sheet("About this data")
    notes.append(["This extract is illustrative; no row is a real declaration."])
    later = book.create_sheet("Imports Q3")
    later.append(EN_HEADER)
    for row in EN_LATER:
        later.append(row)
        later.cell(row=later.max_row, column=1).number_format = "dd-mmm-yyyy"
    book.save(OUT / "vendor_en.xlsx")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    write_ru()
    write_en()
    with (OUT / "teardown.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(",".join(r) for r in TEARDOWN) + "\n")
    with (OUT / "targets.simple.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(SIMPLE_HEADER + "\n")
        for row in SIMPLE_ROWS:
            handle.write(",".join('"' + c.replace('"', '""') + '"' for c in row) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
