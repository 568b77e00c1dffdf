"""Build bomtrace's shipped catalogs from the compiled reference data.

Reads the files in ``../shared/data`` (the project's compiled public reference data,
see its README for sources and licences) and writes ``catalogs/``. Run it when the
reference data changes; the catalogs it writes are committed and reviewed as diffs.

    python scripts/build_catalogs.py [--shared ../shared/data] [--out catalogs]

Every row written carries a ``source``. Nothing is filled in that the reference data
leaves blank.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# KiCad symbol library -> bomtrace part category (the vocabulary of category_hs.csv).
# The KiCad libraries are named by function; this table is the maintainers' reading of
# those names. Libraries left out give a blank category (no HS guess).
KICAD_LIBRARY_CATEGORY: list[tuple[str, str]] = [
    ("MCU_", "microcontroller"),
    ("CPU_", "microprocessor"),
    ("CPU", "microprocessor"),
    ("DSP_", "dsp"),
    ("FPGA_", "fpga"),
    ("CPLD_", "cpld"),
    ("Memory_", "memory"),
    ("RF_Amplifier", "amplifier"),
    ("Amplifier_", "amplifier"),
    ("Comparator", "analog ic"),
    ("Regulator_", "power management ic"),
    ("Power_Management", "power management ic"),
    ("Power_Supervisor", "power management ic"),
    ("Power_Protection", "diode"),
    ("Battery_Management", "power management ic"),
    ("Reference_", "power management ic"),
    ("Converter_DCDC", "dc-dc converter"),
    ("Converter_ACDC", "dc-dc converter"),
    ("Transistor_IGBT", "power transistor"),
    ("Transistor_", "transistor"),
    ("Diode_Bridge", "diode"),
    ("Diode_Laser", ""),
    ("Diode", "diode"),
    ("Isolator_Analog", "optocoupler"),
    ("Isolator", "optocoupler"),
    ("74xx", "logic ic"),
    ("74xGxx", "logic ic"),
    ("4xxx", "logic ic"),
    ("Logic_", "logic ic"),
    ("Buffer", "logic ic"),
    ("Interface", "interface ic"),
    ("Driver_", "driver ic"),
    ("Analog_ADC", "data converter"),
    ("Analog_DAC", "data converter"),
    ("Analog_Switch", "analog ic"),
    ("Analog", "analog ic"),
    ("Potentiometer_Digital", "analog ic"),
    ("Sensor", "sensor ic"),
    ("RF_GPS", "gnss module"),
    ("RF_GSM", "cellular module"),
    ("RF_Module", "wireless module"),
    ("RF_Bluetooth", "wireless module"),
    ("RF_ZigBee", "wireless module"),
    ("RF_Filter", ""),
    ("RF", "rf transceiver ic"),
    ("Oscillator", "oscillator"),
    ("Timer_RTC", "clock ic"),
    ("Timer_PLL", "clock ic"),
    ("Timer", "analog ic"),
    ("Triac_Thyristor", "thyristor"),
    ("LED", "led"),
    ("Relay", "relay"),
    ("Audio", "analog ic"),
    ("Video", "interface ic"),
    ("Security", "other ic"),
]

# Digi-Key (category, family) -> bomtrace category, matched on the family's start.
DIGIKEY_FAMILY_CATEGORY: list[tuple[str, str]] = [
    ("Embedded - Microcontrollers", "microcontroller"),
    ("Memory", "memory"),
    ("Linear - Amplifiers", "amplifier"),
    ("Linear - Comparators", "analog ic"),
    ("Data Acquisition - Analog to Digital", "data converter"),
    ("Data Acquisition - Digital to Analog", "data converter"),
    ("Data Acquisition - ADCs/DACs", "data converter"),
    ("Data Acquisition", "analog ic"),
    ("Interface", "interface ic"),
    ("Logic", "logic ic"),
    ("PMIC - Full, Half-Bridge Drivers", "driver ic"),
    ("PMIC - Gate Drivers", "driver ic"),
    ("PMIC - LED Drivers", "driver ic"),
    ("PMIC - Motor Drivers", "driver ic"),
    ("PMIC", "power management ic"),
    ("Clock/Timing - Real Time Clocks", "clock ic"),
    ("Clock/Timing", "clock ic"),
    ("Specialized ICs", "other ic"),
    ("Digital Isolators", "interface ic"),
    ("Optoisolators", "optocoupler"),
    ("Diodes", "diode"),
    ("TVS - Diodes", "diode"),
    ("Transistors - FETs, MOSFETs - RF", "transistor"),
    ("Transistors", "transistor"),
    ("Thyristors", "thyristor"),
    ("Crystals", "crystal"),
    ("Oscillators", "oscillator"),
    ("RF Transceiver Modules", "wireless module"),
    ("RF Transceiver ICs", "rf transceiver ic"),
    ("RF Receivers", "rf transceiver ic"),
    ("RF Transmitters", "rf transceiver ic"),
    ("RF Amplifiers", "amplifier"),
    ("RF Switches", "rf transceiver ic"),
    ("RF Antennas", "antenna"),
    ("Motion Sensors - Accelerometers", "sensor ic"),
    ("Motion Sensors - IMUs", "sensor ic"),
    ("Magnetic Sensors - Linear, Compass (ICs)", "sensor ic"),
    ("Pressure Sensors", "sensor ic"),
    ("Temperature Sensors", "sensor ic"),
    ("Humidity", "sensor ic"),
    ("Current Sensors", "sensor ic"),
    ("Image Sensors, Camera", "camera"),
    ("Optical Sensors - Photodiodes", "photodiode"),
    ("DC DC Converters", "dc-dc converter"),
    ("LED Indication", "led"),
    ("Fixed Inductors", "inductor"),
    ("Ferrite Beads", "inductor"),
    ("Rectangular Connectors", "connector"),
    ("USB, DVI, HDMI Connectors", "connector"),
    ("Coaxial Connectors", "connector"),
    ("Terminal Blocks", "connector"),
    ("D-Sub Connectors", "connector"),
    ("Modular Connectors", "connector"),
    ("Barrel", "connector"),
    ("Relays", "relay"),
    ("Signal Relays", "relay"),
    ("Power Relays", "relay"),
    ("Solid State Relays", "relay"),
    ("Resistor Networks", "resistor"),
]

# Categories bomtrace uses beyond the compiled guide, each with its customary HS 2022
# heading. Source: the HS 2022 nomenclature (heading texts quoted in the note).
EXTRA_CATEGORY_HS = [
    (
        "analog ic",
        "854239",
        "comparators, timers, analog switches: 'electronic integrated circuits: other'",
    ),
    (
        "driver ic",
        "854239",
        "gate, motor and LED drivers: 'electronic integrated circuits: other'",
    ),
    ("other ic", "854239", "'electronic integrated circuits: other'"),
    (
        "relay",
        "853641",
        "'relays for a voltage not exceeding 60 V'; higher-voltage relays are 8536.49",
    ),
]
EXTRA_CATEGORY_SOURCE = "bomtrace maintainers from the HS 2022 nomenclature"

# Entities of the reported network that are people, not companies (the FollowTheMoney
# export needs the difference). Source: the same statements ("Toronto resident reported
# to operate Asia Pacific Links", network_reported.csv).
NETWORK_PEOPLE = {"Anton Trofimov": "person"}

# KiCad writes one variant character as a lowercase x (STM32F401CBUx); an x between
# other lowercase letters is a real letter (ATxmega).
KICAD_WILDCARD = re.compile(r"(?<![a-z])x(?![a-z])")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"wrote {shown} ({len(rows)} rows)")


def kicad_pattern(symbol: str, aliases: dict[str, str] | None = None) -> str:
    """KiCad symbol name -> match pattern: drop a _package suffix, x -> ?.

    ``LM7809_TO220`` -> ``LM7809``. A leading chunk without a digit is not a number
    with a package after it: a maker's name is dropped (``Toshiba_HN1D01FU`` ->
    ``HN1D01FU``, ``Central_Semi_CMKD6001`` -> ``CMKD6001``); any other such name is
    kept whole (``TDN_5-0910WISM`` is one number).
    """
    chunks = symbol.split("_")
    for width in (2, 1):
        head = " ".join(chunks[:width]).casefold()
        if aliases and len(chunks) > width and head in aliases:
            chunks = chunks[width:]
            break
    base = chunks[0] if re.search(r"\d", chunks[0]) else "_".join(chunks)
    pattern = KICAD_WILDCARD.sub("?", base)
    return pattern if pattern != symbol else ""


def category_for(table: list[tuple[str, str]], key: str) -> str:
    for start, category in table:
        if key.startswith(start):
            return category
    return ""


def build_makers(
    shared: Path, digikey: list[dict[str, str]]
) -> tuple[list[dict[str, str]], dict[str, str]]:
    makers = []
    alias_to_name: dict[str, str] = {}
    for row in read(shared / "manufacturers.csv"):
        makers.append(
            {
                "name": row["manufacturer"],
                "aliases": row["aliases"],
                "hq_country": row["hq_country"],
                "parent": row["parent"],
                "parent_country": row["parent_country"],
                "acquired_year": row["acquired_year"],
                "mpn_prefixes": row["mpn_prefixes"],
                "domains": row["domains"],
                "note": row["note"],
                "source": row["source"],
            }
        )
        for alias in [row["manufacturer"], *row["aliases"].split(";")]:
            if alias.strip():
                alias_to_name[alias.strip().casefold()] = row["manufacturer"]
    # Small makers that appear only in the Digi-Key library: kept so their parts stay
    # identifiable, with the country left blank because nobody compiled it.
    for spelling in sorted({r["manufacturer"] for r in digikey}):
        if spelling.casefold() not in alias_to_name:
            makers.append(
                {
                    "name": spelling,
                    "note": "maker named by the Digi-Key KiCad library only; headquarters not compiled",
                    "source": "Digi-Key KiCad Library d4bd68f (maker as Digi-Key spells it)",
                }
            )
            alias_to_name[spelling.casefold()] = spelling
    return makers, alias_to_name


def build_parts(
    kicad: list[dict[str, str]],
    digikey: list[dict[str, str]],
    alias_to_name: dict[str, str],
) -> list[dict[str, str]]:
    parts: list[dict[str, str]] = []
    for row in kicad:
        parts.append(
            {
                "mpn": row["kicad_symbol"],
                "mpn_pattern": kicad_pattern(row["kicad_symbol"], alias_to_name),
                "maker": alias_to_name[row["manufacturer"].casefold()],
                "description": row["description"],
                "category": category_for(KICAD_LIBRARY_CATEGORY, row["kicad_library"]),
                "package": row["package"],
                "datasheet": row["datasheet"],
                "source": row["source"],
            }
        )
    for row in digikey:
        parts.append(
            {
                "mpn": row["mpn"],
                "maker": alias_to_name[row["manufacturer"].casefold()],
                "description": row["description"],
                "category": category_for(DIGIKEY_FAMILY_CATEGORY, row["family"]),
                "datasheet": row["datasheet"],
                "distributor_pns": f"Digi-Key:{row['digikey_pn']}"
                if row["digikey_pn"]
                else "",
                "status": row["status"],
                "source": row["source"],
            }
        )
    return merge_duplicates(parts)


def merge_duplicates(parts: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per (part number, maker): blanks filled from the later row, sources joined."""
    merged: dict[tuple[str, str], dict[str, str]] = {}
    for part in parts:
        key = (part["mpn"].upper(), part["maker"])
        if key not in merged:
            merged[key] = dict(part)
            continue
        kept = merged[key]
        for field, value in part.items():
            if field == "source":
                kept["source"] = f"{kept['source']} | {value}"
            elif value and not kept.get(field):
                kept[field] = value
    return list(merged.values())


def default_shared() -> Path:
    """The compiled reference data: ``shared/data`` beside the checkout or a folder above it."""
    for folder in ROOT.parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    return ROOT.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=default_shared())
    parser.add_argument("--out", type=Path, default=ROOT / "catalogs")
    args = parser.parse_args()
    shared, out = args.shared, args.out
    out.mkdir(exist_ok=True)

    kicad = read(shared / "parts_kicad.csv")
    digikey = read(shared / "parts_digikey.csv")
    makers, alias_to_name = build_makers(shared, digikey)
    write(
        out / "makers.csv",
        [
            "name",
            "aliases",
            "hq_country",
            "parent",
            "parent_country",
            "acquired_year",
            "mpn_prefixes",
            "domains",
            "note",
            "source",
        ],
        makers,
    )
    write(
        out / "parts.csv",
        [
            "mpn",
            "mpn_pattern",
            "maker",
            "description",
            "category",
            "package",
            "datasheet",
            "distributor_pns",
            "status",
            "source",
        ],
        build_parts(kicad, digikey, alias_to_name),
    )
    write(
        out / "second_sources.csv",
        ["family_prefix", "description", "makers", "note", "source"],
        [
            {
                **r,
                "source": "compiled from the makers' catalogs (bomtrace reference data)",
            }
            for r in read(shared / "second_source_families.csv")
        ],
    )
    distributors = read(shared / "distributors.csv")
    write(
        out / "distributors.csv",
        [
            "name",
            "aliases",
            "country",
            "type",
            "parent",
            "parent_country",
            "sku_pattern",
            "domains",
            "authorised_lines",
            "note",
            "source",
        ],
        [{**r, "name": r["distributor"]} for r in distributors],
    )
    write(
        out / "coalition_countries.csv",
        ["country", "name", "member", "basis", "as_of", "source"],
        [
            {**r, "as_of": "2024-02-23"}
            for r in read(shared / "coalition_countries.csv")
        ],
    )
    write(
        out / "transshipment_countries.csv",
        ["country", "name", "note", "source"],
        read(shared / "transshipment_countries.csv"),
    )
    write(
        out / "chpl_hs_codes.csv",
        ["hs6", "tier", "description", "list_date", "source"],
        read(shared / "chpl_hs_codes.csv"),
    )
    category_hs = [
        {
            **r,
            "source": "bomtrace reference data: guide compiled from the HS 2022 nomenclature",
        }
        for r in read(shared / "category_hs.csv")
    ]
    category_hs += [
        {"category": c, "hs6": h, "note": n, "source": EXTRA_CATEGORY_SOURCE}
        for c, h, n in EXTRA_CATEGORY_HS
    ]
    write(out / "category_hs.csv", ["category", "hs6", "note", "source"], category_hs)
    write(
        out / "network_reported.csv",
        [
            "entity",
            "kind",
            "aliases",
            "country",
            "role",
            "sanctioned_by",
            "sanction_date",
            "statement",
            "source",
        ],
        [
            {**r, "kind": NETWORK_PEOPLE.get(r["entity"], "company")}
            for r in read(shared / "network_reported.csv")
        ],
    )
    write(
        out / "teardown_reported.csv",
        [
            "platform",
            "component",
            "model",
            "manufacturer",
            "maker_country",
            "reported",
            "what_was_reported",
            "source",
        ],
        read(shared / "teardown_reported.csv"),
    )


if __name__ == "__main__":
    main()
