"""Reading sanctions lists in their public layouts (hand-made fixtures, fictional names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bomtrace.errors import ReferenceFileError
from bomtrace.ingest.sanctions import read_sanctions_file

DATA = Path(__file__).parents[1] / "data" / "chain"


def test_ofac_sdn_with_alt_and_add() -> None:
    """sdn.csv is read without a header; alt.csv gives aliases, add.csv countries; -0- is null."""
    layout, entries = read_sanctions_file(DATA / "ofac" / "sdn.csv")
    assert layout == "OFAC SDN CSV"
    by_id = {e.entity_id: e for e in entries}
    kestrel = by_id["ofac-90002"]
    assert kestrel.name == "KESTREL MICROSYSTEMS LLC"
    assert kestrel.kind == "entity"
    assert kestrel.programs == ("RUSSIA-EO14024", "UKRAINE-EO13662")
    assert kestrel.aliases == ("OOO KESTREL MIKROSISTEMY", "KESTREL MICRO")
    assert kestrel.countries == ("Russia",)
    assert by_id["ofac-90003"].kind == "individual"
    assert by_id["ofac-90001"].ref.row == 1
    assert len(entries) == 4


def test_consolidated_screening_list() -> None:
    """The CSL CSV gives the source list, programs, start date and ';'-separated alt names."""
    layout, entries = read_sanctions_file(DATA / "csl.csv")
    assert layout == "US Consolidated Screening List"
    quartz = entries[0]
    assert quartz.list_name == (
        "US Consolidated Screening List: Entity List (EL) - Bureau of Industry and Security"
    )
    assert quartz.aliases == ("Baltic Quartz Handelsgesellschaft mbH", "Балтик Кварц")
    assert quartz.listed_on == "2023-02-24"
    assert entries[1].programs == ("RUSSIA-EO14024",)


def test_opensanctions_targets_simple() -> None:
    """targets.simple.csv: the sanction text splits into program and start date."""
    layout, entries = read_sanctions_file(DATA / "targets.simple.csv")
    assert layout == "OpenSanctions targets.simple.csv"
    harbour = entries[0]
    assert harbour.programs == ("RUSSIA-EO14024 - Fictional test sanction",)
    assert harbour.listed_on == "2023-05-19"
    assert harbour.aliases == ("Harbourline Electronics", "海港線電子有限公司")
    assert harbour.countries == ("hk",)


def test_followthemoney_json_lines() -> None:
    """FtM JSON lines: parties with their Sanction entities or nested sanctions; non-targets skipped."""
    layout, entries = read_sanctions_file(DATA / "entities.ftm.json")
    assert layout == "FollowTheMoney JSON lines"
    assert [e.name for e in entries] == [
        "Zhenhua Dragon Semiconductor Co., Ltd.",
        "Amberline Trade House",
    ]
    zhenhua, amberline = entries
    assert zhenhua.programs == ("Fictional export control programme",)
    assert zhenhua.listed_on == "2023-11-02"
    assert zhenhua.authority == "Fictional authority"
    assert amberline.programs == ("Fictional nested programme",)
    assert amberline.listed_on == "2024-02-23"


def test_reported_example_is_labelled_as_reconstructed() -> None:
    """The shipped example list carries only the reported designations, labelled as such."""
    _, entries = read_sanctions_file(
        Path(__file__).parents[2] / "examples" / "sanctions_reported.simple.csv"
    )
    assert {e.name: e.listed_on for e in entries} == {
        "Asia Pacific Links": "2023-05",
        "Anton Trofimov": "2023-05",
        "10219452 Canada Inc.": "2023-05",
        "SMT-iLogic": "2016",
    }
    assert all("NOT a copy of the official list" in e.list_name for e in entries)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,country\nAcme,US\n", "the sanctions-list layout is not recognised"),
        ("", "the sanctions-list file is empty"),
        ('{"id": "x"}\n', "line 1 is not a FollowTheMoney entity (no 'schema')"),
        ("{not json\n", "line 1 is not a JSON object"),
    ],
)
def test_bad_lists_say_what_is_wrong(
    tmp_path: Path, content: str, message: str
) -> None:
    """An unusable list raises a ReferenceFileError naming the file and the problem."""
    path = tmp_path / "list.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as caught:
        read_sanctions_file(path)
    assert caught.value.message.startswith(message)
    assert caught.value.file == "list.csv"


def test_identifiers_are_read_from_every_layout(tmp_path: Path) -> None:
    """OFAC remarks, the CSL ids column, OpenSanctions identifiers and FtM innCode give
    tax and registry numbers with their schemes (fictional numbers, region code 00)."""
    inn, ogrn = "0077001110", "1020000001119"
    (tmp_path / "sdn.csv").write_text(
        f'90009,"KESTREL INSTRUMENTS LLC",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        f'"Tax ID No. {inn} (Russia); Registration Number {ogrn} (Russia)."\n',
        encoding="utf-8",
    )
    (tmp_path / "csl.csv").write_text(
        "_id,source,entity_number,type,programs,name,alt_names,ids\n"
        f'x1,Entity List,,Entity,,Kestrel Instruments LLC,,"Tax ID No., {inn}, RU"\n',
        encoding="utf-8",
    )
    (tmp_path / "simple.csv").write_text(
        '"id","schema","name","aliases","countries","identifiers","sanctions","dataset"\n'
        f'"k1","Company","Kestrel Instruments LLC","","ru","{inn};{ogrn}","X","fictional"\n',
        encoding="utf-8",
    )
    (tmp_path / "ftm.json").write_text(
        '{"id": "k1", "schema": "Company", "caption": "Kestrel Instruments LLC",'
        f' "properties": {{"name": ["Kestrel Instruments LLC"], "innCode": ["{inn}"],'
        f' "ogrnCode": ["{ogrn}"]}}}}\n',
        encoding="utf-8",
    )
    for name in ("sdn.csv", "csl.csv", "simple.csv", "ftm.json"):
        _, (entry,) = read_sanctions_file(tmp_path / name)
        found = {(i.scheme, i.value) for i in entry.identifiers}
        assert ("ИНН", inn) in found, name
        if name != "csl.csv":
            assert ("ОГРН", ogrn) in found, name
