"""The optional web editor (/admin/): off by default; its form is generated from the models.

The screenshots for docs/hr-workflow.md are taken here. Normal runs save them under
tmp_path; `CAREERS_DOC_SCREENSHOTS=1` writes them into docs/img/ (then commit them).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from careers.admin import cms_config
from careers.build import settings_for
from careers.deploy_rules import DEFAULT_CONTENT_TYPES
from careers.models import Contract, Faq, Hours, Per, Posting, Remote, Status, Tribe
from careers.serve import make_server
from conftest import ROOT, build_site

NPM = pytest.mark.skipif(
    not os.environ.get("CI") and shutil.which("npm") is None,
    reason="npm is not installed (CI must have it)",
)
TEST_REPO = {"name": "test-repo"}  # Decap's in-browser backend: works offline


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in config["collections"] if c["name"] == name]
    return found


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in fields}


def test_collections_match_the_models() -> None:
    settings = settings_for(ROOT / "publishconf.py")
    config = cms_config(settings)
    assert [c["name"] for c in config["collections"]] == ["jobs", "tribes", "faq"]
    for name, model in (("jobs", Posting), ("tribes", Tribe), ("faq", Faq)):
        fields = collection(config, name)["fields"]
        assert [f["name"] for f in fields] == [*model.model_fields, "body"]
        for field in fields[:-1]:
            required = model.model_fields[field["name"]].is_required()
            assert field.get("required", True) is required, (name, field["name"])
    jobs = by_name(collection(config, "jobs")["fields"])
    assert jobs["contract"]["options"] == [c.value for c in Contract]
    assert jobs["hours"]["options"] == [h.value for h in Hours]
    assert jobs["hours"]["default"] == "full-time"
    assert jobs["remote"]["options"] == [r.value for r in Remote]
    assert jobs["status"]["options"] == [s.value for s in Status]
    assert by_name(jobs["salary"]["fields"])["per"]["options"] == [p.value for p in Per]
    assert jobs["tribes"]["widget"] == "relation" and jobs["tribes"]["collection"] == "tribes"
    assert jobs["faq"]["collection"] == "faq"
    assert jobs["date_posted"]["format"] == "YYYY-MM-DD"
    assert jobs["title"]["pattern"][0] == "^[\\s\\S]{5,100}$"
    assert collection(config, "jobs")["folder"] == "content/jobs"
    assert config["backend"] == settings["CAREERS_ADMIN_BACKEND"]
    assert config["publish_mode"] == "editorial_workflow"


def test_off_by_default(tmp_path: Path) -> None:
    assert settings_for(ROOT / "publishconf.py")["CAREERS_ADMIN"] is False
    assert build_site(ROOT / "content", tmp_path / "out") == 0
    assert not (tmp_path / "out" / "admin").exists()


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("admin") / "out"
    status = build_site(ROOT / "content", out, CAREERS_ADMIN=True, CAREERS_ADMIN_BACKEND=TEST_REPO)
    assert status == 0
    return out


@NPM
def test_build_writes_the_editor(admin_site: Path) -> None:
    admin = admin_site / "admin"
    assert '<script src="decap-cms.js"></script>' in (admin / "index.html").read_text("utf-8")
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    config = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    settings = settings_for(ROOT / "publishconf.py", extra={"CAREERS_ADMIN_BACKEND": TEST_REPO})
    expected = cms_config(settings)
    locations = by_name(collection(config, "jobs")["fields"])["locations"]
    assert locations["options"] == ["barcelona", "berlin", "bordeaux", "paris"]
    # the same config, except that the build knows the offices of content/locations.yml
    expected_jobs = by_name(collection(expected, "jobs")["fields"])
    expected_jobs["locations"] = locations
    assert by_name(collection(config, "jobs")["fields"]) == expected_jobs
    assert "/admin/" not in (admin_site / "sitemap.xml").read_text("utf-8")


@NPM
def test_every_editor_file_can_be_deployed(admin_site: Path) -> None:
    settings = settings_for(ROOT / "publishconf.py")
    types = {**DEFAULT_CONTENT_TYPES, **settings.get("DEPLOY_CONTENT_TYPES", {})}
    missing = [p.name for p in (admin_site / "admin").iterdir() if p.suffix not in types]
    assert missing == []


def shots_folder(tmp_path: Path) -> Path:
    if os.environ.get("CAREERS_DOC_SCREENSHOTS") == "1":
        return ROOT / "docs" / "img"
    return tmp_path


@pytest.fixture
def served(admin_site: Path) -> Iterator[str]:
    server = make_server(admin_site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@NPM
@pytest.mark.browser
def test_editor_form_in_a_browser(browser: Any, served: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served + "/admin/")
        page.get_by_role("button", name="Login").click(timeout=30_000)
        page.goto(served + "/admin/#/collections/jobs/new")
        page.get_by_text("Date posted", exact=False).first.wait_for(timeout=30_000)
        labels = [t.casefold() for t in page.locator("label").all_inner_texts()]
        for name in Posting.model_fields:
            label = name.replace("_", " ").casefold()
            assert any(t.startswith(label) for t in labels), (name, labels)
        page.locator("input").first.fill("Data Engineer")
        folder = shots_folder(tmp_path)
        page.screenshot(path=str(folder / "web-editor.png"))
        page.goto(served + "/jobs/backend-engineer-graduation-internship/")
        page.screenshot(path=str(folder / "job-page.png"), full_page=False)
        assert (folder / "web-editor.png").stat().st_size > 10_000
    finally:
        context.close()
