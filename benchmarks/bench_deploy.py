"""Benchmark: `invoke deploy` against `aws s3 sync` (the baseline), on the same moto server.

    .venv/bin/python benchmarks/bench_deploy.py [--postings 1000] [--skip-big]

Both tools run as the commands a user types, in subprocesses, against one moto server
(ThreadedMotoServer on 127.0.0.1) behind a counting proxy that sees every request and every
byte they send. Each tool has its own bucket. Sites: the example site (`invoke publish`) and
a generated 1,000-posting site (benchmarks/corpus.py, built by the real publish build).
Scenarios: first deploy into an empty bucket; redeploy with no change; redeploy after a
rebuild (same bytes, new modification times: what Pelican does to every file on each build).
Each cell is run --repeat times (default 3): the median time, the last run's requests and bytes.

awscli is installed into benchmarks/.work/awscli-venv (not into the project: it pins docutils
below what Pelican needs), pinned to an exact version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
AWSCLI_VERSION = "1.46.3"
TODAY = "2027-01-15"
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from careers.manifest import MANIFEST_NAME, read_manifest, write_manifest  # noqa: E402

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
from deploy_fixtures import FaultProxy, bucket_objects, client_for, start_moto, stop_moto  # noqa: E402


@dataclass
class Row:
    site: str
    scenario: str
    tool: str
    seconds: float
    requests: int
    puts: int
    sent: int  # bytes: request lines, headers, bodies


def awscli() -> Path:
    venv = WORK / "awscli-venv"
    aws = venv / "bin" / "aws"
    if not aws.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"awscli=={AWSCLI_VERSION}"], check=True
        )
    return aws


def example_site() -> Path:
    out = WORK / "site-example"
    subprocess.run(
        [sys.executable, "-m", "invoke", "publish", "--output", str(out), "--today", TODAY],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out


def big_site(postings: int) -> Path:
    from careers.build import build, settings_for
    from corpus import generate

    content, out = WORK / f"content-{postings}", WORK / f"site-{postings}"
    generate(content, postings, today=dt.date.fromisoformat(TODAY))
    settings = settings_for(ROOT / "publishconf.py", content=content, output=out, today=TODAY)
    if build(settings):
        raise SystemExit("the generated site did not build")
    write_manifest(out)
    return out


def touch_all(site: Path) -> None:
    """A rebuild that changes no byte: every file gets a new modification time."""
    now = time.time()
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, (now, now))


def measure(
    proxy: FaultProxy, command: list[str], env: dict[str, str]
) -> tuple[float, int, int, int]:
    proxy.requests.clear()
    proxy.request_bytes = 0
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    puts = sum(1 for r in proxy.requests if r.method == "PUT")
    return seconds, len(proxy.requests), puts, proxy.request_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; median time")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    WORK.mkdir(parents=True, exist_ok=True)
    aws = awscli()
    version = subprocess.run([str(aws), "--version"], capture_output=True, text=True, check=True)
    print(f"baseline: {(version.stdout or version.stderr).strip()}")

    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(WORK / "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(WORK / "no-aws-credentials"),
    )
    os.environ.update(env)
    server, endpoint = start_moto()
    proxy = FaultProxy(endpoint)
    s3 = client_for(endpoint)

    sites = [("example", example_site())]
    if not args.skip_big:
        sites.append((f"{args.postings} postings", big_site(args.postings)))

    rows: list[Row] = []
    for name, site in sites:
        files = read_manifest(site)
        size = sum(f.size for f in files)
        print(f"site {name}: {len(files)} files, {size / 1e6:.1f} MB")
        slug = name.split()[0]
        ours_bucket, aws_bucket = f"bench-ours-{slug}", f"bench-aws-{slug}"
        for bucket in (ours_bucket, aws_bucket):
            s3.create_bucket(Bucket=bucket)
        ours = [sys.executable, "-m", "invoke", "deploy", "--bucket", ours_bucket]
        ours += ["--endpoint-url", proxy.endpoint, "--output", str(site)]
        theirs = [str(aws), "s3", "sync", str(site), f"s3://{aws_bucket}/", "--delete"]
        theirs += ["--exclude", MANIFEST_NAME, "--endpoint-url", proxy.endpoint]
        theirs += ["--only-show-errors", "--no-progress"]
        for scenario in ("first deploy", "no-change redeploy", "redeploy after rebuild"):
            for tool, command, bucket in (
                ("aws s3 sync", theirs, aws_bucket),
                ("invoke deploy", ours, ours_bucket),
            ):
                runs = []
                for _ in range(args.repeat):
                    if scenario == "first deploy":
                        _empty(s3, bucket)  # directly, not through the counting proxy
                    if scenario == "redeploy after rebuild":
                        touch_all(site)
                        write_manifest(site)
                    runs.append(measure(proxy, command, env))
                seconds = statistics.median(r[0] for r in runs)
                _, requests, puts, sent = runs[-1]
                rows.append(Row(name, scenario, tool, seconds, requests, puts, sent))
                print(f"  {scenario:24} {tool:14} {seconds:7.2f} s {requests:6} req {puts:6} PUT")
        expected = {f.path: f.md5 for f in files}
        assert bucket_objects(s3, ours_bucket) == expected, "invoke deploy: bucket != output"
        # aws s3 sync uploads files above 8 MB in parts: their ETag is not their MD5.
        assert bucket_objects(s3, aws_bucket).keys() == expected.keys(), "aws s3 sync: keys"

    proxy.close()
    stop_moto(server)
    print()
    print("| site | scenario | tool | time (s) | time vs aws | requests | PUTs | bytes sent |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        base = next(
            r
            for r in rows
            if (r.site, r.scenario, r.tool) == (row.site, row.scenario, "aws s3 sync")
        )
        print(
            f"| {row.site} | {row.scenario} | {row.tool} | {row.seconds:.2f} | "
            f"{row.seconds / base.seconds:.2f}x | {row.requests} | {row.puts} | "
            f"{row.sent / 1e6:.2f} MB |"
        )
    shutil.rmtree(WORK / f"content-{args.postings}", ignore_errors=True)


def _empty(s3: S3Client, bucket: str) -> None:
    keys = list(bucket_objects(s3, bucket))
    for start in range(0, len(keys), 1000):
        batch = keys[start : start + 1000]
        s3.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
        )


if __name__ == "__main__":
    main()
