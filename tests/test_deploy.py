"""`invoke deploy` against a real S3 endpoint over HTTP: moto's ThreadedMotoServer on 127.0.0.1.

Each test deploys a synthetic publish build (see deploy_fixtures) and checks the bucket with
boto3 calls of its own; the FaultProxy between the deploy and moto records the order of requests
and answers errors for chosen keys.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.config import Config
from careers.deploy import (
    EXIT_DELETES_WITHHELD,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    Options,
    Result,
    Target,
    deploy,
    invalidation_paths,
    run,
)
from careers.deploy_rules import LONG_CACHE, MEDIUM_CACHE, SHORT_CACHE, Wave, wave_of
from careers.manifest import MANIFEST_NAME, scan, write_manifest
from deploy_fixtures import (
    FaultProxy,
    Posting,
    bucket_objects,
    build_site,
    client_for,
    expected_objects,
    postings,
    reset_moto,
    start_moto,
    stop_moto,
)

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

BUCKET = "careers-site"
PREFIX = "site/"
FAST = Options(attempts=3, backoff=0.01, botocore_attempts=1, workers=8, connect_timeout=1)


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server, endpoint = start_moto()
    yield endpoint
    stop_moto(server)


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@dataclass
class Env:
    endpoint: str
    s3: S3Client
    proxy: FaultProxy
    out: Path
    lines: list[str]

    def target(self, direct: bool = False, **extra: str) -> Target:
        endpoint = self.endpoint if direct else self.proxy.endpoint
        return Target(bucket=BUCKET, prefix=PREFIX, endpoint_url=endpoint, **extra)

    def deploy(self, options: Options = FAST, direct: bool = False, **extra: str) -> Result:
        return deploy(self.out, self.target(direct, **extra), options, log=self.lines.append)

    def bucket(self) -> dict[str, str]:
        return bucket_objects(self.s3, BUCKET, PREFIX)


@pytest.fixture
def env(moto_endpoint: str, tmp_path: Path) -> Iterator[Env]:
    reset_moto(moto_endpoint)
    s3 = client_for(moto_endpoint)
    s3.create_bucket(Bucket=BUCKET)
    proxy = FaultProxy(moto_endpoint)
    yield Env(moto_endpoint, s3, proxy, tmp_path / "output", [])
    proxy.close()


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


# ---------------------------------------------------------------- first deploy


def test_first_deploy_puts_every_file_with_md5_type_and_cache(env: Env) -> None:
    env.s3.put_object(Bucket=BUCKET, Key="other/keep.txt", Body=b"not ours")
    env.s3.put_object(Bucket=BUCKET, Key="site-old/index.html", Body=b"not ours either")
    files = build_site(env.out, postings(5))

    result = env.deploy()

    assert result.exit_code == EXIT_OK
    assert env.bucket() == expected_objects(files, PREFIX)
    assert PREFIX + MANIFEST_NAME not in env.bucket()
    for path, data in files.items():
        head = env.s3.head_object(Bucket=BUCKET, Key=PREFIX + path)
        assert head["Metadata"] == {"md5": md5(data)}, path
        assert head["ContentLength"] == len(data)
    expected = {
        "index.html": ("text/html; charset=utf-8", SHORT_CACHE),
        "jobs/job-0001/index.html": ("text/html; charset=utf-8", SHORT_CACHE),
        "404.html": ("text/html; charset=utf-8", SHORT_CACHE),
        "feeds/all.atom": ("application/atom+xml; charset=utf-8", SHORT_CACHE),
        "jobs.json": ("application/json", SHORT_CACHE),
        "sitemap.xml": ("application/xml; charset=utf-8", SHORT_CACHE),
        "robots.txt": ("text/plain; charset=utf-8", SHORT_CACHE),
        "theme/images/logo.svg": ("image/svg+xml; charset=utf-8", MEDIUM_CACHE),
        "theme/images/og.png": ("image/png", MEDIUM_CACHE),
        "pagefind/pagefind-entry.json": ("application/json", SHORT_CACHE),
        "pagefind/pagefind.js": ("text/javascript; charset=utf-8", SHORT_CACHE),
        "pagefind/pagefind-ui.css": ("text/css; charset=utf-8", SHORT_CACHE),
        "pagefind/wasm.en.pagefind": ("application/octet-stream", SHORT_CACHE),
    }
    for path, value in expected.items():
        head = env.s3.head_object(Bucket=BUCKET, Key=PREFIX + path)
        assert (head["ContentType"], head["CacheControl"]) == value, path
    hashed = [p for p in files if p.startswith("theme/css/style.") or ".pf_" in p]
    assert len(hashed) >= 5
    for path in hashed:
        head = env.s3.head_object(Bucket=BUCKET, Key=PREFIX + path)
        assert head["CacheControl"] == LONG_CACHE, path
        assert "immutable" in head["CacheControl"]
    # Outside the prefix: untouched.
    assert env.s3.get_object(Bucket=BUCKET, Key="other/keep.txt")["Body"].read() == b"not ours"
    assert env.s3.get_object(Bucket=BUCKET, Key="site-old/index.html")["Body"].read() == (
        b"not ours either"
    )
    assert any(line.startswith(f"Summary: {len(files)} uploaded") for line in env.lines), env.lines


def test_upload_order_assets_then_pages_then_listings_then_indexes(env: Env) -> None:
    files = build_site(env.out, postings(12))
    assert env.deploy().exit_code == EXIT_OK

    order = env.proxy.puts()
    assert sorted(order) == sorted(PREFIX + p for p in files)
    waves = [wave_of(key[len(PREFIX) :]) for key in order]
    assert waves == sorted(waves), "a file was PUT before one of an earlier wave finished"
    position = {key[len(PREFIX) :]: n for n, key in enumerate(order)}
    css = next(p for p in files if p.startswith("theme/css/"))
    assert (
        position[css]
        < position["pagefind/pagefind-entry.json"]
        < position["jobs/job-0003/index.html"]
    )
    assert position["tribes/bucks/index.html"] < position["jobs/index.html"]
    assert position["jobs/index.html"] < position["sitemap.xml"]
    assert position["feeds/all.atom"] < position["robots.txt"]
    assert {wave_of(p) for p in files} == set(Wave)


# ---------------------------------------------------------------- incremental


def test_no_change_redeploy_uploads_nothing_even_after_a_rebuild(env: Env) -> None:
    build_site(env.out, postings(5))
    assert env.deploy().exit_code == EXIT_OK
    before = env.bucket()
    env.proxy.requests.clear()

    files = build_site(env.out, postings(5))  # rewrites every file: new mtimes, same bytes
    result = env.deploy()

    assert result.exit_code == EXIT_OK
    assert result.uploaded == [] and result.deleted == []
    assert result.plan.unchanged == len(files) == len(before)
    assert env.proxy.writes() == []
    # One listing, no HEAD: every ETag was the MD5 of our bytes.
    assert [(r.method, r.key) for r in env.proxy.requests] == [("GET", "")]
    assert env.bucket() == before


def test_changing_one_posting_uploads_only_the_changed_bytes(env: Env) -> None:
    jobs = postings(8)
    old = build_site(env.out, jobs)
    assert env.deploy().exit_code == EXIT_OK
    env.proxy.requests.clear()

    jobs[3] = Posting(jobs[3].id, jobs[3].title, jobs[3].tribe, body="<p>Rewritten.</p>")
    new = build_site(env.out, jobs)
    result = env.deploy()

    changed = {p for p, data in new.items() if old.get(p) != data}
    removed = set(old) - set(new)
    assert "jobs/job-0003/index.html" in changed
    assert "jobs/job-0004/index.html" not in changed
    assert len(changed) < len(new) / 4
    assert result.exit_code == EXIT_OK
    assert sorted(env.proxy.puts()) == sorted(PREFIX + p for p in changed)
    assert sorted(result.deleted) == sorted(PREFIX + p for p in removed)
    assert removed, "the old Pagefind fragment must go"
    assert env.bucket() == expected_objects(new, PREFIX)


def test_closing_a_posting_updates_its_page_and_keeps_it(env: Env) -> None:
    jobs = postings(6)
    build_site(env.out, jobs)
    assert env.deploy().exit_code == EXIT_OK
    env.proxy.requests.clear()

    jobs[2] = Posting(jobs[2].id, jobs[2].title, jobs[2].tribe, status="closed")
    files = build_site(env.out, jobs)
    result = env.deploy()

    key = PREFIX + "jobs/job-0002/index.html"
    assert result.exit_code == EXIT_OK
    assert key in result.uploaded
    assert key not in result.deleted
    page = env.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert b"This position is closed." in page
    sitemap = env.s3.get_object(Bucket=BUCKET, Key=PREFIX + "sitemap.xml")["Body"].read()
    assert b"job-0002" not in sitemap
    assert env.bucket() == expected_objects(files, PREFIX)


def test_removed_files_are_deleted_after_every_upload(env: Env) -> None:
    jobs = postings(6)
    build_site(env.out, jobs)
    assert env.deploy().exit_code == EXIT_OK
    env.proxy.requests.clear()

    files = build_site(env.out, jobs[:4])  # two postings removed from the repository
    result = env.deploy()

    assert result.exit_code == EXIT_OK
    assert PREFIX + "jobs/job-0005/index.html" in result.deleted
    writes = env.proxy.writes()
    deletes = [n for n, r in enumerate(writes) if r.method == "POST" and "delete" in r.query]
    puts = [n for n, r in enumerate(writes) if r.method == "PUT"]
    assert deletes and puts
    assert min(deletes) > max(puts)
    assert env.bucket() == expected_objects(files, PREFIX)


def test_more_than_max_deletes_deletes_nothing_and_says_why(env: Env) -> None:
    jobs = postings(10)
    build_site(env.out, jobs)
    assert env.deploy().exit_code == EXIT_OK

    files = build_site(env.out, jobs[:5])
    before = env.bucket()
    options = Options(**{**FAST.__dict__, "max_deletes": 3})
    result = env.deploy(options)

    assert result.exit_code == EXIT_DELETES_WITHHELD
    assert result.deleted == []
    assert set(before) <= set(env.bucket())
    assert result.deletes_withheld is not None
    message = "\n".join(env.lines)
    assert "more than max_deletes (3): nothing deleted" in message
    assert "--force" in message

    forced = Options(**{**options.__dict__, "force_deletes": True})
    assert env.deploy(forced).exit_code == EXIT_OK
    assert env.bucket() == expected_objects(files, PREFIX)


def test_dry_run_prints_the_plan_and_changes_nothing(env: Env) -> None:
    jobs = postings(6)
    build_site(env.out, jobs)
    assert env.deploy().exit_code == EXIT_OK
    before = env.bucket()
    jobs[1] = Posting(jobs[1].id, "A new title", jobs[1].tribe)
    build_site(env.out, jobs[:5])
    env.proxy.requests.clear()
    env.lines.clear()

    result = env.deploy(Options(**{**FAST.__dict__, "dry_run": True}))

    assert env.proxy.writes() == []
    assert env.bucket() == before
    assert result.uploaded == [] and result.deleted == []
    text = "\n".join(env.lines)
    assert f"upload {PREFIX}jobs/job-0001/index.html (changed," in text
    assert f"delete {PREFIX}jobs/job-0005/index.html" in text
    assert f"Would upload {len(result.plan.uploads)} files" in text
    assert "dry run" in text


# ---------------------------------------------------------------- refusals


def test_unknown_extension_fails_before_any_request(env: Env) -> None:
    build_site(env.out, postings(2))
    (env.out / "theme" / "notes.xyz").write_text("?")
    (env.out / "CNAME").write_text("careers.example")
    write_manifest(env.out)

    code = run(env.out, env.target(), FAST, log=env.lines.append)

    assert code == EXIT_REFUSED
    assert env.proxy.requests == []
    text = "\n".join(env.lines)
    assert "theme/notes.xyz" in text and "CNAME" in text and "DEPLOY_CONTENT_TYPES" in text


def test_extra_content_types_from_settings_are_used(env: Env) -> None:
    build_site(env.out, postings(1))
    (env.out / "theme" / "notes.xyz").write_text("?")
    write_manifest(env.out)

    options = Options(**{**FAST.__dict__, "content_types": {".xyz": "text/x-notes"}})
    assert env.deploy(options).exit_code == EXIT_OK
    head = env.s3.head_object(Bucket=BUCKET, Key=PREFIX + "theme/notes.xyz")
    assert head["ContentType"] == "text/x-notes"


def test_refuses_an_output_without_manifest(env: Env) -> None:
    build_site(env.out, postings(2))
    (env.out / MANIFEST_NAME).unlink()

    code = run(env.out, env.target(), FAST, log=env.lines.append)

    assert code == EXIT_REFUSED
    assert env.proxy.requests == []
    assert "not a complete publish build" in "\n".join(env.lines)


def test_refuses_an_output_changed_after_the_build(env: Env) -> None:
    build_site(env.out, postings(2))
    (env.out / "jobs" / "job-0001" / "index.html").write_text("edited by hand")
    (env.out / "extra.html").write_text("<p>stray</p>")

    code = run(env.out, env.target(), FAST, log=env.lines.append)

    assert code == EXIT_REFUSED
    assert env.proxy.requests == []
    text = "\n".join(env.lines)
    assert "changed since the build: jobs/job-0001/index.html" in text
    assert "not in the manifest: extra.html" in text


def test_refuses_without_bucket(env: Env) -> None:
    build_site(env.out, postings(1))
    code = run(env.out, Target(bucket=""), FAST, log=env.lines.append)
    assert code == EXIT_REFUSED
    assert "DEPLOY_BUCKET" in "\n".join(env.lines)


# ---------------------------------------------------------------- faults


def test_server_stopping_mid_deploy_fails_then_next_run_converges(
    env: Env, moto_endpoint: str
) -> None:
    server, endpoint = start_moto()  # a second server: this one dies; the backend is shared
    uploaded: list[str] = []

    def stop_after_five(key: str) -> None:
        uploaded.append(key)
        if len(uploaded) == 5:
            stop_moto(server)

    old = build_site(env.out, postings(4))
    assert env.deploy().exit_code == EXIT_OK
    jobs = postings(30)
    files = build_site(env.out, jobs)
    target = Target(bucket=BUCKET, prefix=PREFIX, endpoint_url=endpoint)
    result = deploy(env.out, target, FAST, log=env.lines.append, on_uploaded=stop_after_five)

    assert result.exit_code == EXIT_FAILED
    assert result.failed, "uploads after the stop must fail"
    assert len(result.uploaded) >= 5
    assert env.bucket() != expected_objects(files, PREFIX)
    assert result.deleted == []  # old Pagefind files survive until a complete run
    assert any(PREFIX + p in env.bucket() for p in set(old) - set(files))
    text = "\n".join(env.lines)
    assert "Failed (run `invoke deploy` again to finish):" in text
    for key in result.failed:
        assert f"  {key}: " in text

    again = env.deploy()
    assert again.exit_code == EXIT_OK
    assert env.bucket() == expected_objects(files, PREFIX)


def test_errors_for_some_keys_fail_the_run_and_stop_later_waves(env: Env) -> None:
    jobs = postings(6)
    build_site(env.out, jobs[:5])
    assert env.deploy().exit_code == EXIT_OK
    jobs[0] = Posting(jobs[0].id, "Changed", jobs[0].tribe)
    files = build_site(env.out, jobs[1:])  # job-0000 removed, job-0005 added
    bad = [PREFIX + "jobs/job-0005/index.html", PREFIX + "tribes/platform/index.html"]
    env.proxy.fail_puts = {key: -1 for key in bad}
    env.proxy.requests.clear()

    code = run(env.out, env.target(), FAST, log=env.lines.append)

    assert code == EXIT_FAILED
    text = "\n".join(env.lines)
    for key in bad:
        assert f"  {key}: InternalError (HTTP 500)" in text
    attempts = [k for k in env.proxy.puts() if k in bad]
    assert len(attempts) == 2 * FAST.attempts  # each retried, then given up
    put_waves = {wave_of(k[len(PREFIX) :]) for k in env.proxy.puts()}
    assert max(put_waves) == Wave.DETAIL_PAGES  # listings, sitemap, robots not attempted
    assert not [r for r in env.proxy.requests if r.method == "POST"]  # no deletes
    assert PREFIX + "jobs/job-0000/index.html" in env.bucket()
    assert "Not attempted, after the failures above" in text

    env.proxy.fail_puts = {}
    assert env.deploy().exit_code == EXIT_OK
    assert env.bucket() == expected_objects(files, PREFIX)


def test_transient_errors_are_retried_with_backoff(env: Env) -> None:
    files = build_site(env.out, postings(3))
    key = PREFIX + "jobs/job-0001/index.html"
    env.proxy.fail_puts = {key: 2}
    env.proxy.fail_status, env.proxy.fail_code = 503, "SlowDown"

    result = env.deploy()

    assert result.exit_code == EXIT_OK
    assert env.proxy.puts().count(key) == 3
    statuses = [r.status for r in env.proxy.requests if r.key == key]
    assert statuses == [503, 503, 200]
    assert env.bucket() == expected_objects(files, PREFIX)


def test_access_denied_is_not_retried(env: Env) -> None:
    build_site(env.out, postings(2))
    key = PREFIX + "index.html"
    env.proxy.fail_puts = {key: -1}
    env.proxy.fail_status, env.proxy.fail_code = 403, "AccessDenied"

    result = env.deploy()

    assert result.exit_code == EXIT_FAILED
    assert env.proxy.puts().count(key) == 1
    assert result.failed[key].startswith("AccessDenied (HTTP 403)")


# ---------------------------------------------------------------- ETag is not always an MD5


def _multipart_put(s3: S3Client, key: str, data: bytes, metadata: dict[str, str]) -> str:
    upload = s3.create_multipart_upload(Bucket=BUCKET, Key=key, Metadata=metadata)
    part = s3.upload_part(
        Bucket=BUCKET, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=data
    )
    s3.complete_multipart_upload(
        Bucket=BUCKET,
        Key=key,
        UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )
    return s3.head_object(Bucket=BUCKET, Key=key)["ETag"].strip('"')


def test_objects_whose_etag_is_not_an_md5_are_compared_by_our_metadata(env: Env) -> None:
    files = build_site(env.out, postings(3))
    assert env.deploy().exit_code == EXIT_OK
    same, stale = "theme/images/og.png", "robots.txt"
    etag = _multipart_put(env.s3, PREFIX + same, files[same], {"md5": md5(files[same])})
    assert "-" in etag  # a multipart ETag: not the MD5 of the bytes
    _multipart_put(env.s3, PREFIX + stale, files[stale], {"md5": "0" * 32})
    env.proxy.requests.clear()

    result = env.deploy()

    heads = sorted(r.key for r in env.proxy.requests if r.method == "HEAD")
    assert heads == sorted([PREFIX + same, PREFIX + stale])
    # og.png: same metadata MD5 but the multipart object has no Content-Type/Cache-Control of ours
    reasons = {u.key: u.reason for u in result.plan.uploads}
    assert reasons == {PREFIX + same: "metadata changed", PREFIX + stale: "changed"}
    again = env.deploy()
    assert again.uploaded == []


def test_force_upload_rewrites_every_object(env: Env) -> None:
    files = build_site(env.out, postings(2))
    assert env.deploy().exit_code == EXIT_OK
    result = env.deploy(Options(**{**FAST.__dict__, "force_upload": True}))
    assert len(result.uploaded) == len(files)


# ---------------------------------------------------------------- CloudFront


def _distribution(endpoint: str) -> str:
    cloudfront = boto3.client(
        "cloudfront", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1})
    )
    response = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": "careers-test",
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "s3",
                        "DomainName": f"{BUCKET}.s3.amazonaws.com",
                        "OriginPath": "/site",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "s3",
                "ViewerProtocolPolicy": "redirect-to-https",
                "MinTTL": 0,
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                "TrustedSigners": {"Enabled": False, "Quantity": 0},
            },
        }
    )
    return str(response["Distribution"]["Id"])


def _invalidated(endpoint: str, distribution: str, invalidation: str) -> list[str]:
    cloudfront = boto3.client("cloudfront", endpoint_url=endpoint)
    got = cloudfront.get_invalidation(DistributionId=distribution, Id=invalidation)
    return sorted(got["Invalidation"]["InvalidationBatch"]["Paths"].get("Items", []))


def test_cloudfront_invalidates_changed_paths_or_everything(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", env.endpoint)
    distribution = _distribution(env.endpoint)
    jobs = postings(4)
    build_site(env.out, jobs)

    first = env.deploy(distribution_id=distribution)
    assert first.invalidation is not None
    first_paths = _invalidated(env.endpoint, distribution, first.invalidation)
    assert "/jobs/job-0001/" in first_paths  # under the default threshold (100)
    options = Options(**{**FAST.__dict__, "invalidation_max_paths": 10})

    jobs[1] = Posting(jobs[1].id, jobs[1].title, jobs[1].tribe, body="<p>New text.</p>")
    build_site(env.out, jobs)
    env.s3.put_object(Bucket=BUCKET, Key=PREFIX + "old.html", Body=b"gone soon")
    second = env.deploy(options, distribution_id=distribution)
    assert second.exit_code == EXIT_OK and second.invalidation is not None
    paths = _invalidated(env.endpoint, distribution, second.invalidation)
    assert "/jobs/job-0001/" in paths and "/jobs/job-0001/index.html" in paths
    assert "/old.html" in paths
    assert "/jobs/job-0002/" not in paths
    assert all(not p.startswith("/site/") for p in paths)

    build_site(env.out, [Posting(j.id, j.title + "!", j.tribe) for j in jobs])
    third = env.deploy(options, distribution_id=distribution)
    assert third.invalidation is not None
    assert _invalidated(env.endpoint, distribution, third.invalidation) == ["/*"]

    fourth = env.deploy(options, distribution_id=distribution)
    assert fourth.uploaded == [] and fourth.invalidation is None  # nothing changed


def test_invalidation_paths_cover_folder_urls_and_escape() -> None:
    paths = invalidation_paths(["site/index.html", "site/jobs/a b/index.html"], "site/", 10)
    assert paths == ["/", "/index.html", "/jobs/a%20b/", "/jobs/a%20b/index.html"]
    assert invalidation_paths([f"k{n}" for n in range(5)], "", 4) == ["/*"]


def test_scan_matches_what_build_site_wrote(tmp_path: Path) -> None:
    files = build_site(tmp_path / "o", postings(2))
    assert {e.path: e.md5 for e in scan(tmp_path / "o")} == {p: md5(d) for p, d in files.items()}
