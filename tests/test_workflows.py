"""CI workflows and the Jenkinsfile call only real tasks, and those tasks run here."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
INVOKE = [sys.executable, "-m", "invoke", "--search-root", str(ROOT)]


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*INVOKE, *args], cwd=ROOT, capture_output=True, text=True, check=False)


@cache
def task_names() -> frozenset[str]:
    listing = invoke("--list").stdout
    return frozenset(re.findall(r"^  ([a-z][a-z0-9-]*)", listing, re.MULTILINE))


@cache
def task_flags(task: str) -> frozenset[str]:
    return frozenset(re.findall(r"--([a-z][a-z0-9-]*)", invoke("--help", task).stdout))


def commands() -> list[tuple[str, str]]:
    """(where, command line) of every shell step: `run:` in workflows, `sh` in Jenkinsfile."""
    found = []
    for path in WORKFLOWS:
        document = yaml.safe_load(path.read_text("utf-8"))
        for job in document["jobs"].values():
            for step in job["steps"]:
                for line in str(step.get("run", "")).splitlines():
                    if line.strip():
                        found.append((path.name, line.strip()))
    jenkins = (ROOT / "Jenkinsfile").read_text("utf-8")
    found += [("Jenkinsfile", line) for line in re.findall(r"\bsh '([^']+)'", jenkins)]
    return found


def test_workflows_exist_with_their_triggers() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"pull-request.yml", "publish.yml"} <= names
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text("utf-8"))
    publish = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text("utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert "pull_request" in pr[True]
    assert publish[True]["push"]["branches"] == ["main"]
    assert publish[True]["schedule"][0]["cron"]
    run = [line for where, line in commands() if where == "publish.yml"]
    assert run.index("python3 dev.py publish") < run.index("python3 dev.py deploy")
    pr_run = [line for where, line in commands() if where == "pull-request.yml"]
    assert any(line.startswith("python3 dev.py diff") for line in pr_run)


@pytest.mark.parametrize(("where", "line"), commands())
def test_every_step_is_a_real_task(where: str, line: str) -> None:
    words = shlex.split(line)
    assert words[:2] == ["python3", "dev.py"], f"{where}: `{line}` is not a dev.py task"
    task = words[2]
    assert task in task_names(), f"{where}: no task `{task}`"
    for word in words[3:]:
        if word.startswith("--"):
            assert word[2:] in task_flags(task), f"{where}: `{task}` has no flag {word}"


def test_ci_tasks_run_locally(tmp_path: Path) -> None:
    """validate, schema --check, publish, publish-ref, diff and expiring, as CI runs them."""
    assert invoke("validate").returncode == 0
    assert invoke("schema", "--check").returncode == 0
    head, base = tmp_path / "head", tmp_path / "base"
    done = invoke("publish", "--output", str(head), "--today", "2027-01-15")
    assert done.returncode == 0, done.stderr
    done = invoke("publish-ref", "--ref", "HEAD", "--output", str(base), "--today", "2027-01-15")
    assert done.returncode == 0, done.stderr
    assert (base / "jobs" / "backend-engineer-graduation-internship" / "index.html").is_file()
    done = invoke(
        "diff", "--base", str(base), "--head", str(head), "--output", str(tmp_path / "site-diff.md")
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site-diff.md").read_text("utf-8").startswith("## Changes")
    assert invoke("expiring", "--days", "14").returncode == 0


def test_publish_ref_refuses_an_unknown_ref(tmp_path: Path) -> None:
    done = invoke("publish-ref", "--ref", "no-such-ref-xyz", "--output", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "cannot check out no-such-ref-xyz" in done.stderr
