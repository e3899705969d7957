"""Settings for the deployable build: `invoke publish` (then `invoke deploy`)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = "https://careers.example.com"
CAREERS_DRAFTS = False

# --- deploy (`invoke deploy`; see docs/deploy.md) ---------------------------------------
# Credentials never go here: boto3 finds them (environment, profile, instance role).
DEPLOY_BUCKET = os.environ.get("DEPLOY_BUCKET")  # e.g. "careers-example-com"
DEPLOY_PREFIX = os.environ.get("DEPLOY_PREFIX", "")  # "" = the whole bucket
DEPLOY_REGION = os.environ.get("DEPLOY_REGION")  # None = boto3's usual chain
DEPLOY_ENDPOINT_URL = os.environ.get("DEPLOY_ENDPOINT_URL")  # S3-compatible stores
DEPLOY_CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("DEPLOY_CLOUDFRONT_DISTRIBUTION_ID")
DEPLOY_MAX_DELETES = 256  # more removals than this are refused unless --force
