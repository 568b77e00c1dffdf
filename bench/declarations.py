"""Build the labelled set of customs goods descriptions (issue #18).

    python bench/declarations.py [--seed 20220714] [--out tests/data/trade/descriptions.csv]

ILLUSTRATIVE data: no row is a real declaration. Each row is a goods description
written the way Russian declarations (ДТ, graph 31), Ukrainian ones (МД) and data
vendors' English exports word them, around real part numbers from the shipped catalogs
(``catalogs/parts.csv``, ``parts_modules.csv``) and from the bundled teardown examples,
with the noise declarations carry: orderable suffixes, numbers split by spaces, Cyrillic
look-alike letters typed into Latin numbers, several numbers in one description,
quantities, weights, certificates, contract and standard numbers, and descriptions
that name no number at all. The ``numbers`` column lists the part numbers the
description carries, exactly as written; that is the truth ``bench_declarations.py``
measures the extractor against. Seeded, so the same catalogs give the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "tests" / "data" / "trade" / "descriptions.csv"

# Numbers the bundled examples and the issue name, as printed on the parts.
EXAMPLE_NUMBERS = (
    ("NEO-M8N-0-10", "u-blox", "gnss module"), ("NEO-M8N-0-01", "u-blox", "gnss module"),
    ("SIM800L", "SIMCom", "cellular module"), ("SIM800C", "SIMCom", "cellular module"),
    ("STM32F405RGT6", "STMicroelectronics", "microcontroller"),
    ("STM32F103C8T6", "STMicroelectronics", "microcontroller"),
    ("ADXRS620BBGZ", "Analog Devices", "sensor ic"), ("ADXL345BCCZ", "Analog Devices", "sensor ic"),
    ("MS5611-01BA03", "TE Connectivity", "sensor ic"), ("W25Q128JVSIQ", "Winbond", "memory"),
    ("AT45DB161D-SU", "Atmel", "memory"), ("XC6SLX9-2TQG144C", "Xilinx", "fpga"),
    ("LTC1877EMS8#PBF", "Linear Technology", "power management ic"),
    ("TPS54331DR", "Texas Instruments", "power management ic"),
    ("CY7C68013A-56LTXC", "Cypress", "interface ic"), ("MAX3232CPE+", "Maxim", "interface ic"),
    ("CC1101RGPR", "Texas Instruments", "rf transceiver ic"),
    ("ADF4351BCPZ", "Analog Devices", "clock ic"), ("AD8221ARZ", "Analog Devices", "amplifier"),
    ("TPS7A4700RGWR", "Texas Instruments", "power management ic"),
    ("IRLML6344TRPBF", "Infineon", "transistor"), ("MP2307DN-LF-Z", "MPS", "power management ic"),
)  # fmt: skip

# What each category is called in the goods nomenclature's words.
KIND_RU = {
    "microcontroller": "МИКРОКОНТРОЛЛЕР", "microprocessor": "МИКРОПРОЦЕССОР",
    "memory": "МИКРОСХЕМА ПАМЯТИ", "fpga": "ПРОГРАММИРУЕМАЯ ЛОГИЧЕСКАЯ ИНТЕГРАЛЬНАЯ СХЕМА",
    "logic ic": "ЛОГИЧЕСКАЯ МИКРОСХЕМА", "power management ic": "МИКРОСХЕМА УПРАВЛЕНИЯ ПИТАНИЕМ",
    "interface ic": "МИКРОСХЕМА ИНТЕРФЕЙСА", "sensor ic": "ДАТЧИК", "transistor": "ТРАНЗИСТОР",
    "diode": "ДИОД", "connector": "СОЕДИНИТЕЛЬ", "amplifier": "УСИЛИТЕЛЬ",
    "gnss module": "МОДУЛЬ ПРИЕМНИКА ГНСС", "cellular module": "МОДУЛЬ GSM/GPRS",
    "rf transceiver ic": "МИКРОСХЕМА ПРИЕМОПЕРЕДАТЧИКА", "clock ic": "СИНТЕЗАТОР ЧАСТОТ",
}  # fmt: skip
KIND_EN = {
    "microcontroller": "MICROCONTROLLER", "microprocessor": "MICROPROCESSOR",
    "memory": "MEMORY IC", "fpga": "FPGA", "logic ic": "LOGIC IC",
    "power management ic": "VOLTAGE REGULATOR IC", "interface ic": "INTERFACE IC",
    "sensor ic": "SENSOR", "transistor": "MOSFET TRANSISTOR", "diode": "DIODE",
    "connector": "CONNECTOR", "amplifier": "AMPLIFIER", "gnss module": "GNSS RECEIVER MODULE",
    "cellular module": "GSM/GPRS MODULE", "rf transceiver ic": "RF TRANSCEIVER IC",
    "clock ic": "FREQUENCY SYNTHESIZER",
}  # fmt: skip
KIND_UK = {
    "microcontroller": "мікроконтролер", "microprocessor": "мікропроцесор",
    "memory": "мікросхема пам'яті", "fpga": "ПЛІС", "logic ic": "логічна мікросхема",
    "power management ic": "мікросхема живлення", "interface ic": "мікросхема інтерфейсу",
    "sensor ic": "датчик", "transistor": "транзистор", "diode": "діод",
    "connector": "з'єднувач", "amplifier": "підсилювач", "gnss module": "модуль GNSS",
    "cellular module": "модуль GSM", "rf transceiver ic": "приймач-передавач",
    "clock ic": "синтезатор частоти",
}  # fmt: skip

# Latin letters and the Cyrillic capitals drawn like them (typed on a Cyrillic keyboard).
LOOKALIKES = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М",
              "O": "О", "P": "Р", "T": "Т", "X": "Х"}  # fmt: skip
SUFFIXES = ("-TR", "TR", "-REEL7", "#PBF", "/NOPB", "-ND")

# Graph 31 phrasing: {kind} the category word, {n} the number, {q} quantity, {m} maker.
TEMPLATES_RU = (
    "{kind} {n}",
    "{kind} {n}, ПРОИЗВОДИТЕЛЬ {m}, {q} ШТ",
    "МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ: {kind} {n} - {q} ШТ.",
    "ИНТЕГРАЛЬНЫЕ СХЕМЫ ЭЛЕКТРОННЫЕ, НЕ ВОЕННОГО НАЗНАЧЕНИЯ, НЕ ЛОМ ЭЛЕКТРООБОРУДОВАНИЯ: {kind}, АРТ. {n}, КОЛ-ВО {q} ШТ",
    "{kind} ДЛЯ ПРОИЗВОДСТВА ЭЛЕКТРОННОЙ АППАРАТУРЫ. ИЗГОТОВИТЕЛЬ: {m}. ТОВАРНЫЙ ЗНАК: {m}. МОДЕЛЬ: {n}. КОЛИЧЕСТВО: {q} ШТ",
    "{kind} МАРКИ {m} МОДЕЛИ {n} В КОЛИЧЕСТВЕ {q}ШТ, ВЕС НЕТТО {w} КГ",
    "1) {kind} {n} ({q} ШТ.) ИЗГОТОВИТЕЛЬ {m}",
    "ЭЛЕКТРОННЫЕ КОМПОНЕНТЫ ДЛЯ РЕМОНТА ОБОРУДОВАНИЯ: {kind} {n} {q} ШТ; СМ. ДОПОЛНЕНИЕ",
    "{kind} В КОРПУСЕ {pkg}, ТИП {n}, НАПРЯЖЕНИЕ ПИТАНИЯ 3.3В, ДАТА ИЗГОТОВЛЕНИЯ {year}Г.",
    "ТОВАР: {kind}; АРТИКУЛ: {n}; ПРОИЗВОДИТЕЛЬ: {m}; ДЕКЛАРАЦИЯ О СООТВЕТСТВИИ ЕАЭС N RU Д-CN.РА01.В.{cert}/22",
    "{kind} {n} ПО КОНТРАКТУ № {contract} ОТ 12.03.2022, ИНВОЙС {invoice}",
    "ЧАСТИ ДЛЯ ЭЛЕКТРОННЫХ УСТРОЙСТВ: {kind} {n}, ГОСТ 18725-83, {q} ШТ",
)
TEMPLATES_EN = (
    "{kind} {n}",
    "INTEGRATED CIRCUITS: {kind} {n}, MANUFACTURER {m}, {q} PCS",
    "{kind} P/N {n} QTY {q} PCS",
    "ELECTRONIC COMPONENTS - {kind} {n} ({q} PCS) BRAND {m}",
    "{kind}, MODEL: {n}, BRAND: {m}, NOT FOR MILITARY USE",
    "{q} PCS {kind} {n} IN {pkg} PACKAGE, INVOICE {invoice}",
    "{m} {n} {kind} FOR INDUSTRIAL USE, NET WEIGHT {w} KG",
    "PARTS OF ELECTRONIC EQUIPMENT: {kind} {n} / {q} PCS / DATE CODE {dc}",
)
TEMPLATES_UK = (
    "Схеми електронні інтегровані: {kind} {n} - {q} шт. Виробник: {m}. Торговельна марка: {m}.",
    "{kind} {n}, {q} шт., країна виробництва CN",
    "Електронні компоненти: {kind} модель {n}, виробник {m}, кількість {q} шт",
)
MULTI_RU = (
    "МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ: {a} - {qa} ШТ., {b} - {qb} ШТ.",
    "ЭЛЕКТРОННЫЕ КОМПОНЕНТЫ: 1) {a} {qa} ШТ; 2) {b} {qb} ШТ; 3) {c} {qc} ШТ",
    "{kind} {a}, {b}; ПРОИЗВОДИТЕЛЬ {m}",
)
MULTI_EN = (
    "ELECTRONIC COMPONENTS: {a} ({qa} PCS), {b} ({qb} PCS)",
    "IC {a} / {b} / {c} ASSORTED, TOTAL {qa} PCS",
)
# Descriptions that name no part number (the record links by maker and HS, if at all).
NO_NUMBER = (
    "ЧАСТИ ЭЛЕКТРОННЫХ ИНТЕГРАЛЬНЫХ СХЕМ, НЕ ВОЕННОГО НАЗНАЧЕНИЯ",
    "МИКРОСХЕМЫ ИНТЕГРАЛЬНЫЕ ЭЛЕКТРОННЫЕ ПРОЧИЕ, {q} ШТ, ВЕС НЕТТО {w} КГ",
    "МОДУЛИ СВЯЗИ ДЛЯ ПЕРЕДАЧИ ДАННЫХ, ПРОИЗВОДИТЕЛЬ {m}, МАРКИРОВКА ОТСУТСТВУЕТ",
    "ELECTRONIC INTEGRATED CIRCUITS, PROCESSORS AND CONTROLLERS, {q} PCS",
    "КОНДЕНСАТОРЫ КЕРАМИЧЕСКИЕ 0.1МКФ 50В, {q} ШТ",
    "РЕЗИСТОРЫ ПОСТОЯННЫЕ 10 КОМ ±5%, {q} ШТ",
    "Схеми електронні інтегровані, процесори та контролери, {q} шт.",
    "EXPORT-CONTROLLED QUAD-BAND CELLULAR MODULES, {q} PCS",
)
PACKAGES = ("LQFP-64", "TQFP-144", "SOIC-8", "QFN-32", "TSSOP-20", "SOT-23", "BGA-256")


def catalog_numbers(rng: random.Random) -> list[tuple[str, str, str]]:
    """Real part numbers from the parts catalogs, with their makers and categories."""
    found = []
    for name in ("parts.csv", "parts_modules.csv"):
        with (ROOT / "catalogs" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                mpn, category = row["mpn"].strip(), row["category"].strip()
                if (
                    category in KIND_RU
                    and not row["mpn_pattern"].strip()
                    and len(mpn) >= 6
                    and any(c.isdigit() for c in mpn)
                    and "x" not in mpn
                    and " " not in mpn
                ):
                    found.append((mpn, row["maker"].strip(), category))
    rng.shuffle(found)
    return found


def noisy(number: str, rng: random.Random) -> tuple[str, str]:
    """The number as a declaration may write it, and which noise was applied."""
    roll = rng.random()
    if roll < 0.12:
        cut = [
            i for i in range(2, len(number) - 1)
            if number[i - 1].isalnum() and number[i].isalnum()
            and number[i - 1].isalpha() != number[i].isalpha()
        ]  # fmt: skip
        if cut:
            at = rng.choice(cut)
            return f"{number[:at]} {number[at:]}", "split by a space"
    if roll < 0.24:
        letters = [i for i, c in enumerate(number) if c in LOOKALIKES]
        if letters:
            chosen = set(rng.sample(letters, min(len(letters), rng.randint(1, 2))))
            typed = "".join(
                LOOKALIKES[c] if i in chosen else c for i, c in enumerate(number)
            )
            return typed, "Cyrillic look-alike letters"
    if roll < 0.34 and number[-1].isalnum():
        return number + rng.choice(SUFFIXES[:5]), "orderable suffix"
    if roll < 0.40:
        return number.lower(), "lower case"
    return number, ""


def fill(
    template: str, rng: random.Random, kinds: dict[str, str], **values: str
) -> str:
    return template.format(
        kind=kinds.get(values.pop("category", ""), ""),
        q=str(rng.choice((10, 50, 100, 250, 500, 1000, 2000, 3000, 5000))),
        w=f"{rng.randint(1, 40) / 10:.1f}",
        year=str(rng.randint(2019, 2023)),
        pkg=rng.choice(PACKAGES),
        cert=f"{rng.randint(10000, 99999)}",
        contract=f"{rng.randint(1, 99)}/{rng.randint(2020, 2023)}-ИМП",
        invoice=f"INV-{rng.randint(2021, 2023)}-{rng.randint(100, 999)}",
        dc=f"{rng.randint(18, 23)}{rng.randint(1, 52):02d}",
        **values,
    ).strip()


def build(seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    parts = [*EXAMPLE_NUMBERS, *catalog_numbers(rng)[:190]]
    rows: list[dict[str, str]] = []
    languages = (
        ("ru", TEMPLATES_RU, KIND_RU),
        ("en", TEMPLATES_EN, KIND_EN),
        ("uk", TEMPLATES_UK, KIND_UK),
    )
    for index, (mpn, maker, category) in enumerate(parts):
        language, templates, kinds = languages[
            0 if index % 5 < 3 else (1 if index % 5 == 3 else 2)
        ]
        written, noise = noisy(mpn, rng)
        text = fill(
            rng.choice(templates),
            rng,
            kinds,
            n=written,
            m=maker.upper() if language != "uk" else maker,
            category=category,
        )
        rows.append(
            {
                "language": language,
                "description": text,
                "numbers": written,
                "noise": noise or "none",
            }
        )
    for index in range(30):
        language, templates = ("ru", MULTI_RU) if index % 3 else ("en", MULTI_EN)
        chosen = rng.sample(parts, 3)
        written = [noisy(p[0], rng)[0] for p in chosen]
        template = rng.choice(templates)
        text = fill(
            template,
            rng,
            KIND_RU if language == "ru" else KIND_EN,
            a=written[0],
            b=written[1],
            c=written[2],
            qa=str(rng.randint(1, 50) * 100),
            qb=str(rng.randint(1, 50) * 10),
            qc=str(rng.randint(1, 9) * 100),
            m=chosen[0][1].upper(),
            category=chosen[0][2],
        )
        carried = [
            w
            for w, slot in zip(written, "abc", strict=True)
            if "{" + slot + "}" in template
        ]
        rows.append(
            {
                "language": language,
                "description": text,
                "numbers": ";".join(carried),
                "noise": "several numbers",
            }
        )
    for index in range(24):
        template = NO_NUMBER[index % len(NO_NUMBER)]
        maker = rng.choice(parts)[1].upper()
        rows.append({
            "language": "uk" if "Схеми" in template else ("en" if template.isascii() else "ru"),
            "description": fill(template, rng, KIND_RU, m=maker), "numbers": "", "noise": "no number",
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20220714)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        handle.write(
            "# ILLUSTRATIVE: goods descriptions written in the style of customs declarations around real"
            " catalog part numbers (bench/declarations.py); not real declarations\n"
        )
        writer = csv.DictWriter(handle, ["language", "description", "numbers", "noise"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} descriptions -> {args.out}")


if __name__ == "__main__":
    main()
