"""The FollowTheMoney export: entities valid against the FtM schema, the chain intact.

The schema is the ``followthemoney`` library's own (the ``ftm`` extra). It needs PyICU,
which builds from source against the system's ICU, so without it these tests are
skipped, unless ``BOMTRACE_REQUIRE_FTM=1`` (CI) says they must run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bomtrace import trace, write_outputs
from bomtrace.export.ftm_file import chain_entities

if os.environ.get("BOMTRACE_REQUIRE_FTM", "") == "1":
    from followthemoney import model
else:
    model = pytest.importorskip(
        "followthemoney", reason="the ftm extra is not installed"
    ).model

ROOT = Path(__file__).parents[2]
RESULT = trace(
    [ROOT / "examples" / "orlan10_teardown.xlsx"],
    platform="Orlan-10",
    trade=[ROOT / "examples" / "trade_reported.csv"],
    sanctions=[ROOT / "examples" / "sanctions_reported.simple.csv"],
    recovered="2023-05-01",
    run_at="2024-01-01T00:00:00Z",
)
ENTITIES = chain_entities(RESULT)
BY_ID = {e["id"]: e for e in ENTITIES}


def test_every_entity_is_valid_followthemoney() -> None:
    """Each entity names an FtM schema, uses only its properties, and survives a round trip."""
    for entity in ENTITIES:
        schema = model.get(entity["schema"])
        assert schema is not None and not schema.abstract, entity["schema"]
        assert set(entity["properties"]) <= set(schema.properties), entity
        proxy = model.get_proxy(entity, cleaned=False)
        assert proxy.to_dict()["properties"].keys() == entity["properties"].keys(), (
            entity
        )


def test_references_point_to_entities_of_the_right_schema() -> None:
    """Entity-valued properties (sender, owner, entity ...) point to exported entities in range."""
    for entity in ENTITIES:
        schema = model.get(entity["schema"])
        for name, values in entity["properties"].items():
            prop = schema.properties[name]
            if prop.type.name != "entity":
                continue
            for value in values:
                target = model.get(BY_ID[value]["schema"])
                assert target.is_a(prop.range), (entity["schema"], name, target.name)


def test_reported_shipment_and_sanctions_are_in_the_graph() -> None:
    """The reported shipment joins the reported network: same party entity, both sanctions."""
    (shipment,) = [e for e in ENTITIES if e["schema"] == "EconomicActivity"]
    props = shipment["properties"]
    sender = BY_ID[props["sender"][0]]
    assert sender["properties"]["name"] == ["Asia Pacific Links"]
    assert sender["schema"] == "Company"  # the reported network's entity, reused
    assert props["vedCode"] == ["851762"]
    assert (props["startDate"], props["endDate"]) == (["2022-06-01"], ["2022-08-31"])
    assert "HS only" in props["summary"][0]
    sanctions = [
        e
        for e in ENTITIES
        if e["schema"] == "Sanction" and e["properties"]["entity"] == [sender["id"]]
    ]
    assert {s["properties"].get("authority", [""])[0][:18] for s in sanctions} == {
        "US (as reported)",
        "bomtrace example: ",
    }
    (person,) = [e for e in ENTITIES if e["schema"] == "Person"]
    assert person["properties"]["name"] == ["Anton Trofimov"]
    assert "charges not proven" in person["properties"]["description"][0]


def test_no_reported_network_for_another_platform() -> None:
    """The reported Orlan-10 network is exported only for an Orlan-10 run."""
    other = trace([ROOT / "examples" / "orlan10_teardown.xlsx"], platform="Shahed-136")
    assert not [e for e in chain_entities(other) if e["schema"] == "Person"]


def test_write_ftm_writes_json_lines(tmp_path: Path) -> None:
    """--format ftm writes <name>.ftm.json with one JSON entity per line."""
    (path,) = write_outputs(RESULT, tmp_path, formats=["ftm"])
    assert path.name == "orlan10_teardown.ftm.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e["id"] for e in ENTITIES]
