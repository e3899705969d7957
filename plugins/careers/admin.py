"""The optional web editor at `/admin/`: Decap CMS, for editors who won't use git.

Off by default (`CAREERS_ADMIN = False`). When on, the build writes `/admin/index.html`,
`/admin/config.yml` and Decap's JavaScript bundle. The bundle is vendored from the npm
registry at build time: `admin/package.json` pins the version and `admin/package-lock.json`
every transitive package; `npm ci` installs exactly that into a cache folder
(`CAREERS_ADMIN_CACHE`), once, and later builds copy from it.

The collections (jobs, tribes, FAQ) are generated from the Pydantic models through
`schema.fields()`, so the form and `invoke validate` ask for the same keys, with the same
allowed values. Whatever the form saves is still validated by the pull-request checks.

Loaded as its own Pelican plugin (`PLUGINS = [..., "careers.admin"]`); it writes after
every generator has run (the `finalized` signal).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pelican import signals

from .catalog import Catalog
from .feeds import write_if_changed
from .loader import CATALOG_SETTING
from .models import ID_PATTERN, Faq, Posting, Tribe
from .schema import FieldSpec, Shape, fields

PROJECT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = PROJECT / "admin"  # package.json + package-lock.json
DIST = Path("node_modules") / "decap-cms" / "dist"
DEFAULT_BACKEND: dict[str, Any] = {
    "name": "github",
    "repo": "example/careers-site",
    "branch": "main",
}

# Posting fields whose ids name files of another collection.
RELATIONS = {"tribes": ("tribes", "name"), "faq": ("faq", "title")}

INDEX_HTML = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Content editor · {site}</title>
</head>
<body>
<script src="decap-cms.js"></script>
</body>
</html>
"""


class AdminError(Exception):
    pass


# --- config.yml -----------------------------------------------------------------------------


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _pattern(shape: Shape) -> list[str] | None:
    if shape.kind == "id":
        return [ID_PATTERN.pattern, "lowercase letters, digits and hyphens, e.g. platform"]
    if shape.kind == "country":
        return ["^[A-Za-z]{2}$", "a two-letter country code, e.g. FR"]
    if shape.kind == "currency":
        return ["^[A-Za-z]{3}$", "a three-letter currency code, e.g. EUR"]
    if shape.kind == "date":
        return ["^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "a date, YYYY-MM-DD"]
    if shape.kind == "text" and (shape.min_length or shape.max_length):
        low, high = shape.min_length or 0, shape.max_length or ""
        return [f"^[\\s\\S]{{{low},{high}}}$", f"{low} to {high} characters"]
    return None


def _widget(shape: Shape, name: str, location_ids: list[str] | None) -> dict[str, Any]:
    """Decap widget options for one value of this shape."""
    if shape.kind == "list":
        assert shape.item is not None
        if name in RELATIONS:
            collection, shown = RELATIONS[name]
            out: dict[str, Any] = {
                "widget": "relation",
                "collection": collection,
                "search_fields": [shown],
                "display_fields": [shown],
                "value_field": "{{slug}}",
                "multiple": True,
            }
        elif name == "locations" and location_ids is not None:
            out = {"widget": "select", "multiple": True, "options": location_ids}
        elif shape.item.kind == "object":
            assert shape.item.model is not None
            out = {
                "widget": "list",
                "fields": [field_config(s, location_ids) for s in fields(shape.item.model)],
            }
        else:
            out = {"widget": "list"}
        if shape.min_length:
            out["min"] = shape.min_length
        return out
    if shape.kind == "object":
        assert shape.model is not None
        return {
            "widget": "object",
            "fields": [field_config(s, location_ids) for s in fields(shape.model)],
        }
    if shape.kind == "enum":
        return {"widget": "select", "options": list(shape.allowed)}
    if shape.kind == "date":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
        }
    if shape.kind in {"number", "integer"}:
        out = {"widget": "number", "value_type": "int" if shape.kind == "integer" else "float"}
        if shape.minimum is not None:
            out["min"] = shape.minimum
        return out
    out = {"widget": "string"}
    pattern = _pattern(shape)
    if pattern:
        out["pattern"] = pattern
    return out


def field_config(spec: FieldSpec, location_ids: list[str] | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {"label": _label(spec.name), "name": spec.name}
    config.update(_widget(spec.shape, spec.name, location_ids))
    if not spec.required:
        config["required"] = False
    if spec.default not in (None, [], ()):
        config["default"] = spec.default
    if spec.description:
        config["hint"] = spec.description
    return config


def _collection(
    name: str,
    label: str,
    singular: str,
    folder: str,
    specs: list[FieldSpec],
    body: str,
    identifier: str,
    location_ids: list[str] | None,
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        "identifier_field": identifier,
        "fields": [
            *(field_config(spec, location_ids) for spec in specs),
            {"label": body, "name": "body", "widget": "markdown"},
        ],
    }


def cms_config(settings: Mapping[str, Any], catalog: Catalog | None = None) -> dict[str, Any]:
    """Decap's config.yml as a dict: backend from settings, collections from the models."""
    content = _content_folder(settings)
    location_ids = sorted(catalog.locations) if catalog is not None else None
    backend = dict(settings.get("CAREERS_ADMIN_BACKEND") or DEFAULT_BACKEND)
    config: dict[str, Any] = {"backend": backend}
    if settings.get("CAREERS_ADMIN_LOCAL_BACKEND"):
        config["local_backend"] = True
    if backend.get("name") in {"github", "gitlab", "gitea", "bitbucket", "git-gateway"}:
        # Every change becomes a pull request, which CI validates before it is merged.
        config["publish_mode"] = "editorial_workflow"
    site = str(settings.get("SITEURL") or "")
    if site:
        config["site_url"] = site
        config["display_url"] = site
    config["media_folder"] = f"{content}/media"
    config["public_folder"] = "/media"
    config["slug"] = {"encoding": "ascii", "clean_accents": True}
    config["collections"] = [
        _collection(
            "jobs",
            "Jobs",
            "Job",
            f"{content}/jobs",
            fields(Posting),
            "Description",
            "title",
            location_ids,
        ),
        _collection(
            "tribes",
            "Tribes",
            "Tribe",
            f"{content}/tribes",
            fields(Tribe),
            "What the tribe does",
            "name",
            location_ids,
        ),
        _collection(
            "faq",
            "FAQ",
            "FAQ",
            f"{content}/faq",
            fields(Faq),
            "Questions (each `## ` heading is a question, followed by its answer)",
            "title",
            location_ids,
        ),
    ]
    return config


def _content_folder(settings: Mapping[str, Any]) -> str:
    """content/ relative to the repository (what the git backend reads and writes)."""
    path = Path(str(settings.get("PATH") or "content")).resolve()
    try:
        return path.relative_to(PROJECT).as_posix()
    except ValueError:
        return "content"


def config_yaml(settings: Mapping[str, Any], catalog: Catalog | None = None) -> bytes:
    text = yaml.safe_dump(
        cms_config(settings, catalog), sort_keys=False, allow_unicode=True, width=100
    )
    return ("# Generated by the build (plugins/careers/admin.py); do not edit.\n" + text).encode(
        "utf-8"
    )


# --- the vendored bundle ------------------------------------------------------------------


def cache_folder(settings: Mapping[str, Any]) -> Path:
    folder = Path(str(settings.get("CAREERS_ADMIN_CACHE") or "admin/.cache"))
    return folder if folder.is_absolute() else PROJECT / folder


def _lock_digest() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()


def install(cache: Path) -> Path:
    """`npm ci` the pinned Decap CMS into `cache` (once per lock file); returns its dist/."""
    stamp = cache / ".installed"
    wanted = _lock_digest()
    dist = cache / DIST
    if stamp.is_file() and stamp.read_text() == wanted and (dist / "decap-cms.js").is_file():
        return dist
    npm = shutil.which("npm")
    if npm is None:
        raise AdminError("CAREERS_ADMIN is on but npm is not installed; install Node.js")
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PACKAGE_DIR / name, cache / name)
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    done = subprocess.run(command, cwd=cache, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (dist / "decap-cms.js").is_file():
        raise AdminError(f"`npm ci` for the web editor failed:\n{done.stderr.strip()}")
    stamp.write_text(wanted)
    return dist


def bundle_files(dist: Path) -> list[Path]:
    """The bundle, its lazily loaded chunks and WebAssembly, its licence; no source maps."""
    names = sorted(
        p.name
        for p in dist.iterdir()
        if p.name == "decap-cms.js"
        or p.name.endswith(".decap-cms.js")
        or p.suffix == ".wasm"
        or p.name == "decap-cms.js.LICENSE.txt"
    )
    return [dist / name for name in names]


def write_admin(settings: Mapping[str, Any], output: Path, catalog: Catalog | None) -> list[Path]:
    """Write /admin/ into `output`; returns the files written (relative to `output`)."""
    folder = output / "admin"
    dist = install(cache_folder(settings))
    written = []
    site = str(settings.get("SITENAME") or settings.get("COMPANY_NAME") or "")
    files: dict[str, bytes] = {
        "index.html": INDEX_HTML.format(
            site=site.replace("&", "&amp;").replace("<", "&lt;")
        ).encode("utf-8"),
        "config.yml": config_yaml(settings, catalog),
    }
    for path in bundle_files(dist):
        files[path.name] = path.read_bytes()
    for name, data in files.items():
        write_if_changed(folder / name, data)
        written.append(Path("admin") / name)
    return written


def finalized(pelican: Any) -> None:
    settings = pelican.settings
    if not settings.get("CAREERS_ADMIN"):
        return
    catalog = settings.get(CATALOG_SETTING)
    try:
        write_admin(
            settings,
            Path(settings["OUTPUT_PATH"]),
            catalog if isinstance(catalog, Catalog) else None,
        )
    except (AdminError, OSError) as exc:
        print(f"admin: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def register() -> None:
    signals.finalized.connect(finalized)
