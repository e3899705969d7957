"""What editors may write, derived from the Pydantic models in `models.py`.

One description of every field (`fields()`) feeds three outputs, so they can never
disagree with the validator:

- JSON Schemas for editors (`schemas/*.schema.json`, `invoke schema`), used by the YAML
  language server for completion, hover help and red squiggles;
- the field tables of `docs/content.md` (`invoke schema` writes them too);
- the web editor's collections (`admin.py`).

The models accept more than editors should write (every scalar arrives as a string,
a single value is accepted for a list of ids); the schemas describe the form to write
(dates as `YYYY-MM-DD` strings, enums listed, numbers as numbers) and still accept a
single value where the validator does. Rules that tie several fields together live in
validators, not in annotations: they are restated below (`CONDITIONS`,
`REQUIRED_NOTES`) next to the code that turns them into schema and prose.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from . import models
from .models import ID_PATTERN, Faq, Location, Page, Posting, Process, Tribe

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"

# What each BeforeValidator of models.py means for an editor.
VALIDATOR_KINDS: dict[Callable[[Any], Any], str] = {
    models._strip: "text",
    models._id: "id",
    models._country: "country",
    models._currency: "currency",
    models._to_date: "date",
    models._to_number: "number",
    models._lang: "lang",
}

KIND_LABELS = {
    "text": "text",
    "id": "id",
    "country": "country code",
    "currency": "currency code",
    "date": "date",
    "number": "number",
    "integer": "whole number",
    "lang": "language code",
    "enum": "one of the values",
    "object": "group of keys",
}

FORMAT_LABELS = {"uri": "web address", "email": "email address"}

KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "id": {"type": "string", "pattern": ID_PATTERN.pattern},
    "country": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
    "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
    "lang": {"type": "string", "pattern": "^[A-Za-z]{2,3}(?:[-_][A-Za-z]{2})?$"},
    "date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
}

# Cross-field rules enforced by validators in models.py (see Posting's validators).
CONDITIONS: dict[str, list[dict[str, Any]]] = {
    "Posting": [
        {
            "if": {"properties": {"remote": {"const": "remote"}}, "required": ["remote"]},
            "then": {"required": ["remote_countries"]},
            "else": {"required": ["locations"]},
        }
    ]
}
REQUIRED_NOTES: dict[tuple[str, str], str] = {
    ("Posting", "locations"): "unless `remote: remote`",
    ("Posting", "remote_countries"): "when `remote: remote`",
    ("Posting", "apply_url"): "this or `apply_email`, unless the site has a default",
    ("Posting", "apply_email"): "this or `apply_url`, unless the site has a default",
}


@dataclass(frozen=True)
class Shape:
    """The shape of a value: a scalar kind, a nested model, or a list of shapes."""

    kind: str  # a key of KIND_LABELS, or "list"
    allowed: tuple[str, ...] = ()
    model: type[BaseModel] | None = None
    item: Shape | None = None
    single_ok: bool = False  # a list that also accepts one value
    min_length: int | None = None  # characters, or items for a list
    max_length: int | None = None
    minimum: int | None = None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    required: bool
    shape: Shape
    description: str
    example: Any
    default: Any
    extra: dict[str, Any]
    note: str  # a conditional requirement, in words ("" when none)


def _expand(metadata: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            out.extend(item.metadata)
        else:
            out.append(item)
    return out


def shape_of(annotation: Any, metadata: list[Any] | None = None) -> Shape:
    """Read a field's annotation (and its Annotated metadata) into a Shape."""
    meta = _expand(list(metadata or []))
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return shape_of(base, [*_expand(more), *meta])
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot describe {annotation!r}")
        return shape_of(options[0], meta)
    validators = [m.func for m in meta if isinstance(m, BeforeValidator)]
    min_length = next((m.min_length for m in meta if isinstance(m, annotated_types.MinLen)), None)
    max_length = next((m.max_length for m in meta if isinstance(m, annotated_types.MaxLen)), None)
    minimum = next((int(str(m.ge)) for m in meta if isinstance(m, annotated_types.Ge)), None)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return Shape(
            "list",
            item=shape_of(item),
            single_ok=models._as_list in validators,
            min_length=min_length or None,
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("object", model=annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Shape("enum", allowed=tuple(str(member.value) for member in annotation))
    # `_strip` only cleans text; the annotation says what the text becomes (e.g. an int).
    kinds = [VALIDATOR_KINDS[f] for f in validators if f in VALIDATOR_KINDS]
    kinds = [k for k in kinds if k != "text"]
    if kinds:
        kind = kinds[0]
    elif annotation is int:
        kind = "integer"
    elif annotation is str:
        kind = "text"
    else:
        raise TypeError(f"cannot describe {annotation!r}")
    return Shape(kind, min_length=min_length, max_length=max_length, minimum=minimum)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


def fields(model: type[BaseModel]) -> list[FieldSpec]:
    """Every field of `model`, in declaration order (the order editors see)."""
    specs = []
    for name, info in model.model_fields.items():
        default = (
            None if info.is_required() else _plain(info.get_default(call_default_factory=True))
        )
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        specs.append(
            FieldSpec(
                name=name,
                required=info.is_required(),
                shape=shape_of(info.annotation, list(info.metadata)),
                description=info.description or "",
                example=info.examples[0] if info.examples else None,
                default=default,
                extra=dict(extra),
                note=REQUIRED_NOTES.get((model.__name__, name), ""),
            )
        )
    return specs


# For models without a docstring.
SUMMARIES = {
    "Salary": "The pay range of a posting (`salary:`); min and max in `currency` per `per`."
}


def summary(model: type[BaseModel]) -> str:
    """The first paragraph of the model's docstring."""
    doc = (model.__doc__ or SUMMARIES.get(model.__name__) or model.__name__).strip()
    return " ".join(doc.split("\n\n")[0].split())


# --- JSON Schema --------------------------------------------------------------------------


def _shape_schema(shape: Shape) -> dict[str, Any]:
    if shape.kind == "list":
        assert shape.item is not None
        item = _shape_schema(shape.item)
        array: dict[str, Any] = {"type": "array", "items": item}
        if shape.min_length:
            array["minItems"] = shape.min_length
        if shape.single_ok and shape.item.kind != "object":
            return {"anyOf": [array, item]}
        return array
    if shape.kind == "object":
        assert shape.model is not None
        return model_schema(shape.model)
    if shape.kind == "enum":
        return {"type": "string", "enum": list(shape.allowed)}
    schema = dict(KIND_SCHEMAS[shape.kind])
    if shape.min_length is not None:
        schema["minLength"] = shape.min_length
    if shape.max_length is not None:
        schema["maxLength"] = shape.max_length
    if shape.minimum is not None:
        schema["minimum"] = shape.minimum
    return schema


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for spec in fields(model):
        schema: dict[str, Any] = {}
        if spec.description:
            schema["description"] = spec.description
        schema.update(_shape_schema(spec.shape))
        schema.update(spec.extra)
        if spec.default not in (None, [], ()):
            schema["default"] = spec.default
        if spec.example is not None:
            schema["examples"] = [spec.example]
        properties[spec.name] = schema
    out: dict[str, Any] = {
        "title": model.__name__,
        "description": summary(model),
        "type": "object",
        "properties": properties,
        "required": [spec.name for spec in fields(model) if spec.required],
        "additionalProperties": False,
    }
    if model.__name__ in CONDITIONS:
        out["allOf"] = CONDITIONS[model.__name__]
    return out


def locations_schema() -> dict[str, Any]:
    return {
        "title": "Locations",
        "description": "content/locations.yml: one entry per office, keyed by its id "
        "(used in a posting's `locations:` and in /locations/<id>/).",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN.pattern},
        "additionalProperties": model_schema(Location),
    }


# File name (without .schema.json) -> the content it describes and its schema.
def schemas() -> dict[str, dict[str, Any]]:
    documents = {
        "posting": model_schema(Posting),
        "tribe": model_schema(Tribe),
        "faq": model_schema(Faq),
        "page": model_schema(Page),
        "locations": locations_schema(),
        "process": model_schema(Process),
    }
    return {name: {"$schema": SCHEMA_DIALECT, **doc} for name, doc in documents.items()}


# Which content each schema applies to (globs relative to the project root).
TARGETS: dict[str, list[str]] = {
    "posting": ["content/jobs/*.md"],
    "tribe": ["content/tribes/*.md"],
    "faq": ["content/faq/*.md"],
    "page": ["content/pages/*.md"],
    "locations": ["content/locations.yml"],
    "process": ["content/process.yml"],
}


def dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- docs/content.md ----------------------------------------------------------------------


def _code(value: Any) -> str:
    if isinstance(value, list):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    return f"`{value}`"


def _type_label(shape: Shape, *, plural: bool = False, fmt: str = "") -> str:
    if shape.kind == "list":
        assert shape.item is not None
        label = f"list of {_type_label(shape.item, plural=True)}"
        if shape.min_length:
            label += f" (at least {shape.min_length})"
        if shape.single_ok and shape.item.kind != "object":
            label += "; a single value is accepted"
        return label
    label = FORMAT_LABELS.get(fmt) or KIND_LABELS[shape.kind]
    if plural and shape.kind != "object":
        label += "s"
    if shape.kind == "object" and shape.model is not None:
        label = f"{'groups' if plural else 'group'} of keys ({shape.model.__name__}, below)"
    if shape.kind == "date":
        label = "date `YYYY-MM-DD`"
    if shape.min_length is not None and shape.max_length is not None:
        label += f", {shape.min_length}–{shape.max_length} characters"
    elif shape.max_length is not None:
        label += f", at most {shape.max_length} characters"
    if shape.minimum is not None:
        label += f", {shape.minimum} or more"
    return label


def _allowed_label(shape: Shape) -> str:
    if shape.kind == "list":
        assert shape.item is not None
        return _allowed_label(shape.item)
    if shape.kind == "enum":
        return ", ".join(f"`{value}`" for value in shape.allowed)
    return {
        "id": "lowercase letters, digits, hyphens",
        "country": "ISO 3166-1 alpha-2 (`FR`, `DE`…)",
        "currency": "ISO 4217 (`EUR`, `USD`…)",
        "lang": "e.g. `en`, `fr`, `pt-BR`",
    }.get(shape.kind, "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_table(model: type[BaseModel]) -> list[str]:
    rows = [
        "| key | required | type | allowed values | default | example | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for spec in fields(model):
        required = "yes" if spec.required else (spec.note or "no")
        default = "" if spec.default in (None, [], ()) else _code(spec.default)
        example = "" if spec.example is None else _code(spec.example)
        cells = [
            f"`{spec.name}`",
            required,
            _type_label(spec.shape, fmt=str(spec.extra.get("format", ""))),
            _allowed_label(spec.shape),
            default,
            example,
            spec.description,
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return rows


def _nested(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(shape: Shape) -> None:
        if shape.kind == "list" and shape.item is not None:
            walk(shape.item)
        elif shape.kind == "object" and shape.model is not None and shape.model not in found:
            found.append(shape.model)

    for spec in fields(model):
        walk(spec.shape)
    return found


SECTIONS: list[tuple[str, str, type[BaseModel]]] = [
    ("Job postings", "`content/jobs/<id>.md` (front matter; the body is the description)", Posting),
    ("Tribes", "`content/tribes/<id>.md` (the body says what the tribe does)", Tribe),
    ("FAQ", "`content/faq/<id>.md` (each `## ` heading of the body is a question)", Faq),
    ("Pages", "`content/pages/<id>.md` (`home` is the home page pitch)", Page),
    ("Offices", "each entry of `content/locations.yml`, under its id", Location),
    ("Recruitment process", "`content/process.yml`", Process),
]


def content_reference() -> str:
    lines = [
        "# Content reference",
        "",
        "<!-- Generated from plugins/careers/models.py by `invoke schema`; do not edit by hand."
        " tests/test_schema.py fails when this file is out of date. -->",
        "",
        "Every key HR may write, per kind of file. `invoke validate` checks all of it; the JSON",
        "Schemas in `schemas/` and the web editor (`/admin/`) are generated from the same models.",
        "Values are read as text: quote nothing except postal codes with leading zeros.",
    ]
    done: set[type[BaseModel]] = set()
    for title, where, model in SECTIONS:
        lines += ["", f"## {title}", "", f"{where}.", ""]
        lines += field_table(model)
        for nested in _nested(model):
            if nested in done:
                continue
            done.add(nested)
            lines += ["", f"### {nested.__name__}", "", summary(nested), ""]
            lines += field_table(nested)
    return "\n".join(lines) + "\n"


# --- editor settings ------------------------------------------------------------------------


def vscode_settings() -> dict[str, Any]:
    """YAML language server mapping for the files it can read (plain YAML files).

    The YAML language server does not read front matter in Markdown files; those are
    mapped as well so the mapping starts working for editors that hand front matter to
    it, and `invoke validate` (with the problem matcher in .vscode/tasks.json) is what
    puts squiggles on .md files today.
    """
    return {
        "yaml.schemas": {f"./schemas/{name}.schema.json": TARGETS[name] for name in TARGETS},
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.associations": {"content/**/*.yml": "yaml"},
    }


def outputs() -> dict[str, str]:
    """Every generated file (path relative to the project root -> text)."""
    files = {f"schemas/{name}.schema.json": dumps(doc) for name, doc in schemas().items()}
    files["docs/content.md"] = content_reference()
    return files


def write(root: Path) -> list[str]:
    """Write the generated files under `root`; returns those whose text changed."""
    changed = []
    for relative, text in outputs().items():
        path = root / relative
        if path.is_file() and path.read_text("utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        changed.append(relative)
    return changed
