"""Editor schemas and the content reference are generated from the models and kept current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from careers import schema
from careers.models import Location, Posting, Salary, Step, Tribe
from careers.schema import field_table, fields, model_schema, outputs, write
from conftest import ROOT
from pydantic import Field


class _Yaml12(yaml.SafeLoader):
    """YAML as the YAML language server reads it: a date is text, not a timestamp."""


_Yaml12.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(path: Path) -> Any:
    text = path.read_text("utf-8")
    _, block, _ = text.split("---\n", 2)
    return yaml.load(block, Loader=_Yaml12)


def validator(name: str) -> jsonschema.Draft7Validator:
    document = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("relative", sorted(outputs()))
def test_committed_files_match_the_models(relative: str) -> None:
    committed = ROOT / relative
    assert committed.is_file(), f"{relative} is missing: run `invoke schema`"
    assert committed.read_text("utf-8") == outputs()[relative], (
        f"{relative} differs from the models: run `invoke schema` and commit the result"
    )


def test_a_model_change_changes_the_generated_files() -> None:
    class Changed(Posting):
        seniority: str = Field(default="", description="how senior the job is")

    assert "seniority" in model_schema(Changed)["properties"]
    assert model_schema(Changed) != model_schema(Posting)
    assert any("`seniority`" in row for row in field_table(Changed))


def test_write_reports_and_repairs_drift(tmp_path: Path) -> None:
    assert sorted(write(tmp_path)) == sorted(outputs())
    assert write(tmp_path) == []
    (tmp_path / "schemas" / "posting.schema.json").write_text("{}\n", "utf-8")
    assert write(tmp_path) == ["schemas/posting.schema.json"]


def test_every_field_is_described_with_its_constraints() -> None:
    posting = model_schema(Posting)
    assert list(posting["properties"]) == list(Posting.model_fields)
    assert set(posting["required"]) == {"title", "contract", "tribes", "date_posted"}
    for name, prop in posting["properties"].items():
        assert prop.get("description"), f"{name} has no description"
    assert posting["additionalProperties"] is False
    assert posting["properties"]["contract"]["enum"] == [
        "permanent",
        "fixed-term",
        "internship",
        "apprenticeship",
        "freelance",
    ]
    assert posting["properties"]["title"]["minLength"] == 5
    assert posting["properties"]["title"]["maxLength"] == 100
    assert posting["properties"]["date_posted"]["format"] == "date"
    assert posting["properties"]["apply_url"]["format"] == "uri"
    assert posting["properties"]["hours"]["default"] == "full-time"
    salary = posting["properties"]["salary"]
    assert salary["required"] == list(Salary.model_fields)
    assert salary["properties"]["per"]["enum"] == ["hour", "day", "week", "month", "year"]
    steps = posting["properties"]["process"]
    assert steps["items"]["required"] == list(Step.model_fields)


def test_example_content_passes_the_schemas() -> None:
    for folder, name in (("jobs", "posting"), ("tribes", "tribe"), ("faq", "faq")):
        check = validator(name)
        for path in sorted((ROOT / "content" / folder).glob("*.md")):
            errors = [e.message for e in check.iter_errors(front_matter(path))]
            assert errors == [], f"{path.name}: {errors}"
    for name in ("locations", "process"):
        data = yaml.load((ROOT / "content" / f"{name}.yml").read_text("utf-8"), Loader=_Yaml12)
        assert list(validator(name).iter_errors(data)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"contract": "full time"}, "is not one of"),
        ({"locatons": ["paris"]}, "Additional properties"),
        ({"remote": "remote", "locations": None}, "'remote_countries' is a required property"),
        ({"date_posted": "1 March 2027"}, "does not match"),
        ({"tribes": []}, "is not valid under any of the given schemas"),
        ({"salary": {"min": 1, "max": 2, "currency": "EUR"}}, "'per' is a required property"),
    ],
)
def test_schema_flags_what_validation_refuses(change: dict[str, Any], expected: str) -> None:
    data: dict[str, Any] = {
        "title": "Data Engineer",
        "contract": "permanent",
        "tribes": ["platform"],
        "locations": ["paris"],
        "date_posted": "2027-01-04",
    }
    data.update(change)
    data = {key: value for key, value in data.items() if value is not None}
    messages = [e.message for e in validator("posting").iter_errors(data)]
    assert any(expected in m for m in messages), messages


def test_single_values_accepted_like_the_validator() -> None:
    data = {
        "title": "Data Engineer",
        "contract": "permanent",
        "tribes": "platform",
        "locations": "paris",
        "date_posted": "2027-01-04",
    }
    assert list(validator("posting").iter_errors(data)) == []


def test_content_reference_lists_every_field() -> None:
    text = (ROOT / "docs" / "content.md").read_text("utf-8")
    for model in (Posting, Salary, Step, Tribe, Location):
        for spec in fields(model):
            assert f"| `{spec.name}` |" in text, (model.__name__, spec.name)
    assert "| `contract` | yes | one of the values | `permanent`, `fixed-term`" in text
    assert "| `locations` | unless `remote: remote` |" in text


def test_editor_settings_map_every_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == schema.vscode_settings()["yaml.schemas"]
    for target, globs in mapping.items():
        assert (ROOT / target).is_file()
        for pattern in globs:
            assert list(ROOT.glob(pattern)), f"{pattern} matches no file"
    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text("utf-8"))
    matcher = tasks["tasks"][0]["problemMatcher"]["pattern"]["regexp"]
    import re

    line = "content/jobs/x.md:5: contract: warning: something"
    match = re.match(matcher, line)
    assert match is not None and match.groups() == (
        "content/jobs/x.md",
        "5",
        "contract",
        "warning",
        "something",
    )
