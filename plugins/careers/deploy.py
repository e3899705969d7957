"""Deploy a publish build to S3: only what changed, in a safe order, deletes last.

Modelled on `hugo deploy` and s3deploy. One run:

1. checks that `output/` is a complete publish build (its manifest, every file hashed);
2. gives every file a Content-Type and a Cache-Control from the rules, and refuses to start when
   a file has an extension the table does not know;
3. lists the bucket under the prefix and compares by MD5 (the listing's ETag, and our own
   `x-amz-meta-md5` read by HEAD only when the ETag is not the MD5 of our bytes);
4. uploads new and changed files in parallel, in waves (assets, detail pages, listings, indexes):
   a wave starts only when the previous one fully succeeded;
5. deletes the remote objects the build no longer has, only when every upload succeeded, only
   under the prefix, and none when there are more than `max_deletes` unless forced;
6. invalidates the changed paths on CloudFront.

Running it again after any failure converges: the comparison starts from what the bucket holds.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .deploy_rules import WAVE_LABELS, Rules, RulesError, Wave, wave_of
from .manifest import FileEntry, ManifestError, verify_output

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient
    from mypy_boto3_s3 import S3Client

T = TypeVar("T")
Log = Callable[[str], None]

EXIT_OK = 0
EXIT_FAILED = 1  # some uploads, deletes or the invalidation failed: run it again
EXIT_REFUSED = 2  # nothing was changed: the build, the rules or the target is not right
EXIT_DELETES_WITHHELD = 3  # uploads done, deletes withheld (more than max_deletes)

DEFAULT_MAX_DELETES = 256
DEFAULT_INVALIDATION_MAX_PATHS = 100
METADATA_MD5 = "md5"  # stored as x-amz-meta-md5

_TRANSIENT_CODES = {
    "InternalError",
    "ServiceUnavailable",
    "SlowDown",
    "RequestTimeout",
    "RequestTimeTooSkewed",
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequests",
    "OperationAborted",
}


class DeployError(Exception):
    """The deploy cannot start; nothing was changed."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str = ""  # key prefix; "" is the whole bucket
    region: str | None = None
    endpoint_url: str | None = None  # S3-compatible stores (and tests)
    distribution_id: str | None = None  # CloudFront

    @property
    def key_prefix(self) -> str:
        stripped = self.prefix.strip("/")
        return stripped + "/" if stripped else ""


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    force_deletes: bool = False  # delete even above max_deletes
    force_upload: bool = False  # upload every file, e.g. after changing the cache rules
    max_deletes: int = DEFAULT_MAX_DELETES
    invalidation_max_paths: int = DEFAULT_INVALIDATION_MAX_PATHS
    workers: int = 16
    attempts: int = 4  # our attempts per request, each of them retried by botocore too
    backoff: float = 0.5  # seconds before our 2nd attempt; doubles, with jitter
    botocore_attempts: int = 3  # botocore "standard" retry mode, per our attempt
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    progress_interval: float = 2.0  # seconds between progress lines on long runs
    content_types: Mapping[str, str] = field(default_factory=dict)  # extra, ".ext": "type"
    cache_control: Sequence[Sequence[str]] | None = None  # (regex, value) rules; None: defaults


@dataclass(frozen=True)
class Upload:
    entry: FileEntry
    key: str
    reason: str  # new, changed, metadata changed, forced
    content_type: str
    cache_control: str
    wave: Wave


@dataclass
class Plan:
    uploads: list[Upload]
    deletes: list[str]  # keys
    unchanged: int
    local_files: int
    head_requests: int

    @property
    def upload_bytes(self) -> int:
        return sum(u.entry.size for u in self.uploads)


@dataclass
class Result:
    plan: Plan
    uploaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # key: error
    not_attempted: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    deletes_withheld: str | None = None  # why
    invalidation: str | None = None  # id, or "failed: ..."
    uploaded_bytes: int = 0
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.failed or self.not_attempted or (self.invalidation or "").startswith("failed"):
            return EXIT_FAILED
        if self.deletes_withheld:
            return EXIT_DELETES_WITHHELD
        return EXIT_OK


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- clients and retries


def _config(options: Options, endpoint_url: str | None) -> Config:
    return Config(
        retries={"total_max_attempts": options.botocore_attempts, "mode": "standard"},
        max_pool_connections=options.workers + 4,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        # We send Content-MD5 ourselves; S3-compatible stores do not all accept the CRC headers.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        s3={"addressing_style": "path"} if endpoint_url else None,
    )


def s3_client(target: Target, options: Options) -> S3Client:
    session = boto3.session.Session(region_name=target.region)
    return session.client(
        "s3", endpoint_url=target.endpoint_url, config=_config(options, target.endpoint_url)
    )


def cloudfront_client(target: Target, options: Options) -> CloudFrontClient:
    # CloudFront is global; its endpoint can be overridden with AWS_ENDPOINT_URL_CLOUDFRONT.
    session = boto3.session.Session(region_name=target.region)
    return session.client("cloudfront", config=_config(options, None))


def is_transient(error: BaseException) -> bool:
    """Worth another attempt: connection trouble, timeouts, throttling, 5xx."""
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return code in _TRANSIENT_CODES or status >= 500 or status == 429
    return isinstance(error, BotoCoreError)  # connection refused/closed, timeouts, ...


def describe(error: BaseException) -> str:
    if isinstance(error, ClientError):
        err = error.response.get("Error", {})
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        return f"{err.get('Code', 'Error')} (HTTP {status}): {err.get('Message', '')}".strip()
    return f"{type(error).__name__}: {error}"


def with_retries(call: Callable[[], T], options: Options) -> T:
    """Run call, retrying transient errors with exponential backoff and full jitter."""
    for attempt in range(1, options.attempts + 1):
        try:
            return call()
        except (ClientError, BotoCoreError) as error:
            if attempt == options.attempts or not is_transient(error):
                raise
            delay = options.backoff * 2 ** (attempt - 1)
            time.sleep(random.uniform(delay / 2, delay))
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- plan


def _local_plan(entries: Iterable[FileEntry], rules: Rules) -> dict[str, tuple[str, str]]:
    """path: (content type, cache control) for every file; DeployError when a rule is missing."""
    types: dict[str, tuple[str, str]] = {}
    unknown: list[str] = []
    uncached: list[str] = []
    for entry in entries:
        content_type = rules.content_type(entry.path)
        cache_control = rules.cache_control_for(entry.path)
        if content_type is None:
            unknown.append(entry.path)
        if cache_control is None:
            uncached.append(entry.path)
        types[entry.path] = (content_type or "", cache_control or "")
    problems = []
    if unknown:
        problems.append(
            "no Content-Type for these files (add their extension to DEPLOY_CONTENT_TYPES):\n  "
            + "\n  ".join(unknown)
        )
    if uncached:
        problems.append(
            "no Cache-Control rule matches these files (see DEPLOY_CACHE_CONTROL):\n  "
            + "\n  ".join(uncached)
        )
    if problems:
        raise DeployError("nothing was uploaded: " + "\n".join(problems))
    return types


def list_remote(client: S3Client, target: Target, options: Options) -> dict[str, tuple[str, int]]:
    """key: (ETag without quotes, size) of every object under the prefix."""
    remote: dict[str, tuple[str, int]] = {}
    token: str | None = None
    while True:
        kwargs: dict[str, Any] = {"Bucket": target.bucket, "Prefix": target.key_prefix}
        if token:
            kwargs["ContinuationToken"] = token
        page = with_retries(functools.partial(client.list_objects_v2, **kwargs), options)
        for obj in page.get("Contents", []):
            remote[obj["Key"]] = (obj.get("ETag", "").strip('"').lower(), obj.get("Size", -1))
        if not page.get("IsTruncated"):
            return remote
        token = page.get("NextContinuationToken")


def make_plan(
    client: S3Client,
    target: Target,
    options: Options,
    entries: Sequence[FileEntry],
    rules: Rules,
) -> Plan:
    headers = _local_plan(entries, rules)
    prefix = target.key_prefix
    remote = list_remote(client, target, options)

    uploads: list[Upload] = []
    to_head: list[FileEntry] = []
    unchanged = 0

    def upload(entry: FileEntry, reason: str) -> Upload:
        content_type, cache_control = headers[entry.path]
        return Upload(
            entry, prefix + entry.path, reason, content_type, cache_control, wave_of(entry.path)
        )

    for entry in entries:
        found = remote.get(prefix + entry.path)
        if options.force_upload:
            uploads.append(upload(entry, "forced"))
        elif found is None:
            uploads.append(upload(entry, "new"))
        elif found == (entry.md5, entry.size):
            # A single-part PUT of these bytes, unencrypted or SSE-S3: the ETag is their MD5.
            unchanged += 1
        else:
            # Changed, or an ETag that is not an MD5 (multipart, SSE-KMS): ask our metadata.
            to_head.append(entry)

    def head(entry: FileEntry) -> Upload | None:
        key = prefix + entry.path
        try:
            response = with_retries(
                lambda: client.head_object(Bucket=target.bucket, Key=key), options
            )
        except (ClientError, BotoCoreError) as error:
            return upload(entry, f"changed (remote unreadable: {describe(error)})")
        if response.get("Metadata", {}).get(METADATA_MD5) != entry.md5:
            return upload(entry, "changed")
        content_type, cache_control = headers[entry.path]
        if (response.get("ContentType"), response.get("CacheControl")) != (
            content_type,
            cache_control,
        ):
            return upload(entry, "metadata changed")
        return None

    if to_head:
        with ThreadPoolExecutor(max_workers=options.workers) as pool:
            for outcome in pool.map(head, to_head):
                if outcome is None:
                    unchanged += 1
                else:
                    uploads.append(outcome)

    local_keys = {prefix + e.path for e in entries}
    deletes = sorted(key for key in remote if key not in local_keys and key.startswith(prefix))
    uploads.sort(key=lambda u: (u.wave, u.key))
    return Plan(uploads, deletes, unchanged, len(entries), len(to_head))


# ---------------------------------------------------------------- execute


class Progress:
    """A line now and then on long runs; thread-safe."""

    def __init__(self, total: int, total_bytes: int, log: Log, interval: float) -> None:
        self.total, self.total_bytes, self.log, self.interval = total, total_bytes, log, interval
        self.done = 0
        self.bytes = 0
        self.lock = threading.Lock()
        self.last = time.monotonic()

    def advance(self, size: int) -> None:
        with self.lock:
            self.done += 1
            self.bytes += size
            now = time.monotonic()
            if now - self.last >= self.interval and self.done < self.total:
                self.last = now
                self.log(
                    f"  {self.done}/{self.total} files "
                    f"({human_bytes(self.bytes)} of {human_bytes(self.total_bytes)})"
                )


def _put(client: S3Client, target: Target, options: Options, item: Upload, root: Path) -> None:
    body = (root / item.entry.path).read_bytes()
    digest = hashlib.md5(body, usedforsecurity=False)
    if digest.hexdigest() != item.entry.md5:
        raise DeployError(f"{item.entry.path} changed while deploying; run `invoke publish`")
    with_retries(
        lambda: client.put_object(
            Bucket=target.bucket,
            Key=item.key,
            Body=body,
            ContentMD5=base64.b64encode(digest.digest()).decode("ascii"),
            ContentType=item.content_type,
            CacheControl=item.cache_control,
            Metadata={METADATA_MD5: item.entry.md5},
        ),
        options,
    )


def _upload_waves(
    client: S3Client,
    target: Target,
    options: Options,
    plan: Plan,
    root: Path,
    result: Result,
    log: Log,
    on_uploaded: Callable[[str], None] | None,
) -> None:
    progress = Progress(len(plan.uploads), plan.upload_bytes, log, options.progress_interval)
    waves = sorted({u.wave for u in plan.uploads})
    with ThreadPoolExecutor(max_workers=options.workers) as pool:
        for index, wave in enumerate(waves):
            items = [u for u in plan.uploads if u.wave == wave]
            size = human_bytes(sum(u.entry.size for u in items))
            log(f"Uploading {WAVE_LABELS[wave]}: {len(items)} files, {size}")
            futures: dict[Future[None], Upload] = {
                pool.submit(_put, client, target, options, item, root): item for item in items
            }
            for future in as_completed(futures):
                item = futures[future]
                try:
                    future.result()
                except (ClientError, BotoCoreError, DeployError, OSError) as error:
                    result.failed[item.key] = (
                        str(error) if isinstance(error, DeployError) else describe(error)
                    )
                    continue
                result.uploaded.append(item.key)
                result.uploaded_bytes += item.entry.size
                progress.advance(item.entry.size)
                if on_uploaded is not None:
                    on_uploaded(item.key)
            if result.failed:
                later = [u.key for w in waves[index + 1 :] for u in plan.uploads if u.wave == w]
                result.not_attempted.extend(later)
                return


def _delete(
    client: S3Client, target: Target, options: Options, keys: list[str], result: Result, log: Log
) -> None:
    prefix = target.key_prefix
    keys = [key for key in keys if key.startswith(prefix)]  # never outside the prefix
    log(f"Deleting {len(keys)} objects no longer in the build")
    for start in range(0, len(keys), 1000):
        batch = keys[start : start + 1000]
        try:
            request = functools.partial(
                client.delete_objects,
                Bucket=target.bucket,
                Delete={"Objects": [{"Key": key} for key in batch], "Quiet": False},
            )
            response = with_retries(request, options)
        except (ClientError, BotoCoreError) as error:
            for key in batch:
                result.failed[key] = "delete: " + describe(error)
            continue
        for deleted in response.get("Deleted", []):
            result.deleted.append(deleted["Key"])
        for problem in response.get("Errors", []):
            result.failed[problem.get("Key", "?")] = (
                f"delete: {problem.get('Code', '')} {problem.get('Message', '')}"
            )


def invalidation_paths(keys: Iterable[str], prefix: str, max_paths: int) -> list[str]:
    """URL paths to invalidate for changed keys: /x/index.html also as /x/; /* above max_paths.

    Paths are relative to the prefix: the distribution's origin path is expected to be the prefix.
    """
    paths: set[str] = set()
    for key in keys:
        relative = key[len(prefix) :] if key.startswith(prefix) else key
        path = "/" + urllib.parse.quote(relative, safe="/-_.~")
        paths.add(path)
        if path.endswith("/index.html"):
            paths.add(path[: -len("index.html")])
    if len(paths) > max_paths:
        return ["/*"]
    return sorted(paths)


def _invalidate(
    target: Target, options: Options, keys: Sequence[str], result: Result, log: Log
) -> None:
    if not target.distribution_id or not keys:
        return
    paths = invalidation_paths(keys, target.key_prefix, options.invalidation_max_paths)
    reference = hashlib.sha256(
        ("\n".join(paths) + str(time.time_ns())).encode(), usedforsecurity=False
    ).hexdigest()[:32]
    try:
        client = cloudfront_client(target, options)
        response = with_retries(
            lambda: client.create_invalidation(
                DistributionId=target.distribution_id or "",
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": reference,
                },
            ),
            options,
        )
    except (ClientError, BotoCoreError) as error:
        result.invalidation = f"failed: {describe(error)}"
        log(
            f"CloudFront invalidation failed ({describe(error)}); the bucket is up to date, "
            f"invalidate {', '.join(paths[:5])}{' ...' if len(paths) > 5 else ''} by hand"
        )
        return
    result.invalidation = response["Invalidation"]["Id"]
    shown = paths if len(paths) <= 10 else [*paths[:10], f"... {len(paths) - 10} more"]
    log(f"CloudFront invalidation {result.invalidation}: {', '.join(shown)}")


# ---------------------------------------------------------------- run


def print_plan(plan: Plan, target: Target, options: Options, log: Log) -> None:
    where = f"s3://{target.bucket}/{target.key_prefix}"
    log(f"Plan for {where} (dry run: nothing will be changed)")
    for item in plan.uploads:
        log(
            f"  upload {item.key} ({item.reason}, {human_bytes(item.entry.size)}, "
            f"{item.content_type}, {item.cache_control})"
        )
    for key in plan.deletes:
        log(f"  delete {key}")
    if _too_many_deletes(plan, options):
        log(f"  ({_withheld_reason(plan, options)})")
    log(
        f"Would upload {len(plan.uploads)} files ({human_bytes(plan.upload_bytes)}), "
        f"keep {plan.unchanged} unchanged, delete {len(plan.deletes)}"
    )


def _too_many_deletes(plan: Plan, options: Options) -> bool:
    return len(plan.deletes) > options.max_deletes and not options.force_deletes


def _withheld_reason(plan: Plan, options: Options) -> str:
    return (
        f"{len(plan.deletes)} objects are no longer in the build, more than max_deletes "
        f"({options.max_deletes}): nothing deleted. Check the output folder and the prefix, "
        "then run again with --force (or a larger --max-deletes) to delete them"
    )


def deploy(
    output_dir: Path,
    target: Target,
    options: Options | None = None,
    log: Log = print,
    on_uploaded: Callable[[str], None] | None = None,
) -> Result:
    """Deploy output_dir to the target; raises DeployError when it cannot start."""
    options = options or Options()
    started = time.monotonic()
    if not target.bucket:
        raise DeployError("no bucket: set DEPLOY_BUCKET in publishconf.py or pass --bucket")
    try:
        entries = verify_output(output_dir)
        rules = Rules.build(options.content_types, options.cache_control)
    except (ManifestError, RulesError) as error:
        raise DeployError(str(error)) from error
    _local_plan(entries, rules)  # fail on an unknown extension before touching the network
    client = s3_client(target, options)
    try:
        plan = make_plan(client, target, options, entries, rules)
    except (ClientError, BotoCoreError) as error:
        raise DeployError(
            f"cannot list s3://{target.bucket}/{target.key_prefix}: {describe(error)}"
        ) from error
    result = Result(plan)
    if options.dry_run:
        print_plan(plan, target, options, log)
        result.seconds = time.monotonic() - started
        return result

    _upload_waves(client, target, options, plan, output_dir, result, log, on_uploaded)
    if result.failed:
        log("Deletes skipped: not every upload succeeded")
    elif plan.deletes and _too_many_deletes(plan, options):
        result.deletes_withheld = _withheld_reason(plan, options)
        log(result.deletes_withheld)
    elif plan.deletes:
        _delete(client, target, options, plan.deletes, result, log)
    _invalidate(target, options, [*result.uploaded, *result.deleted], result, log)
    result.seconds = time.monotonic() - started
    summarize(result, log)
    return result


def summarize(result: Result, log: Log) -> None:
    plan = result.plan
    log(
        f"Summary: {len(result.uploaded)} uploaded ({human_bytes(result.uploaded_bytes)}), "
        f"{plan.unchanged} unchanged, {len(result.deleted)} deleted, "
        f"{len(result.failed)} failed, {len(result.not_attempted)} not attempted, "
        f"in {result.seconds:.2f} s ({plan.local_files} files, {plan.head_requests} HEAD)"
    )
    if result.failed:
        log("Failed (run `invoke deploy` again to finish):")
        for key, error in sorted(result.failed.items()):
            log(f"  {key}: {error}")
    if result.not_attempted:
        log(f"Not attempted, after the failures above: {len(result.not_attempted)} files")
        for key in result.not_attempted[:20]:
            log(f"  {key}")
        if len(result.not_attempted) > 20:
            log(f"  ... and {len(result.not_attempted) - 20} more")


def run(output_dir: Path, target: Target, options: Options, log: Log = print) -> int:
    """The `invoke deploy` entry point: deploy, print, and return the exit code."""
    try:
        result = deploy(output_dir, target, options, log)
    except DeployError as error:
        log(f"Deploy refused: {error}")
        return EXIT_REFUSED
    return result.exit_code


def options_from_settings(settings: Mapping[str, Any], **overrides: Any) -> Options:
    """Options from the DEPLOY_* settings; overrides (flags) that are not None win."""
    values: dict[str, Any] = {
        "max_deletes": int(settings.get("DEPLOY_MAX_DELETES", DEFAULT_MAX_DELETES)),
        "invalidation_max_paths": int(
            settings.get("DEPLOY_INVALIDATION_MAX_PATHS", DEFAULT_INVALIDATION_MAX_PATHS)
        ),
        "workers": int(settings.get("DEPLOY_WORKERS", 16)),
        "content_types": dict(settings.get("DEPLOY_CONTENT_TYPES", {}) or {}),
        "cache_control": settings.get("DEPLOY_CACHE_CONTROL"),
    }
    values.update({name: value for name, value in overrides.items() if value is not None})
    return Options(**values)


def target_from_settings(settings: Mapping[str, Any], **overrides: str | None) -> Target:
    """Target from the DEPLOY_* settings; overrides (flags) that are not None win."""

    def pick(flag: str, setting: str) -> str | None:
        value = overrides.get(flag)
        if value is None:
            value = settings.get(setting)
        return str(value) if value not in (None, "") else None

    return Target(
        bucket=pick("bucket", "DEPLOY_BUCKET") or "",
        prefix=pick("prefix", "DEPLOY_PREFIX") or "",
        region=pick("region", "DEPLOY_REGION"),
        endpoint_url=pick("endpoint_url", "DEPLOY_ENDPOINT_URL"),
        distribution_id=pick("distribution_id", "DEPLOY_CLOUDFRONT_DISTRIBUTION_ID"),
    )
