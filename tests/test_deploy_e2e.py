"""End to end: `invoke publish` builds the example site, `invoke deploy` ships it to moto."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from careers.manifest import read_manifest
from deploy_fixtures import bucket_objects, client_for, reset_moto, start_moto, stop_moto

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "careers-e2e"


@pytest.fixture
def endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server, url = start_moto()
    reset_moto(url)
    yield url
    stop_moto(server)


def invoke(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_publish_then_deploy_then_nothing_to_redeploy(
    endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dummy = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }
    for name, value in dummy.items():
        monkeypatch.setenv(name, value)
    env = {k: v for k, v in os.environ.items() if k != "AWS_PROFILE"}
    s3 = client_for(endpoint)
    s3.create_bucket(Bucket=BUCKET)
    out = tmp_path / "output"
    deploy = ["deploy", "--bucket", BUCKET, "--prefix", "www", "--endpoint-url", endpoint]
    deploy += ["--output", str(out)]

    refused = invoke(*deploy, env=env)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "does not exist" in refused.stdout

    built = invoke("publish", "--output", str(out), "--today", "2027-01-15", env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    files = read_manifest(out)
    assert any(f.path.startswith("jobs/") and f.path.endswith("/index.html") for f in files)

    first = invoke(*deploy, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"Summary: {len(files)} uploaded" in first.stdout
    assert bucket_objects(s3, BUCKET) == {"www/" + f.path: f.md5 for f in files}
    head = s3.head_object(Bucket=BUCKET, Key="www/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert "testing" not in first.stdout + first.stderr  # credentials are never printed

    rebuilt = invoke("publish", "--output", str(out), "--today", "2027-01-15", env=env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    second = invoke(*deploy, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Summary: 0 uploaded" in second.stdout
    assert f"{len(files)} unchanged, 0 deleted" in second.stdout

    dry = invoke(*deploy, "--dry-run", "--force-upload", env=env)
    assert dry.returncode == 0
    assert f"Would upload {len(files)} files" in dry.stdout
    assert bucket_objects(s3, BUCKET) == {"www/" + f.path: f.md5 for f in files}
