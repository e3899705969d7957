"""Development settings: `invoke build`, `invoke serve`, `invoke livereload`.

Every setting an engineer may change is here; publishconf.py adds what differs
for the deployable build. The careers plugin reads the COMPANY_*, CAREERS_* and
JOBS_* settings below (documented in docs/settings.md).
"""

from __future__ import annotations

# --- company identity (used on every page and in the JSON-LD) --------------------------
COMPANY_NAME = "Back Market"
COMPANY_URL = "https://www.backmarket.com/"
COMPANY_LOGO = "theme/images/logo.png"  # path in the built site; made absolute with SITEURL
COMPANY_SAME_AS = [
    "https://www.linkedin.com/company/back-market/",
    "https://twitter.com/backmarket",
    "https://www.instagram.com/backmarket/",
]
SITENAME = "Back Market Careers"
# Absolute URL of the site, used for canonical links, JSON-LD, feeds and the sitemap.
# Pages link to each other with root-relative URLs, so a preview works on any host.
SITEURL = "http://127.0.0.1:8000"
DEFAULT_LANG = "en"
TIMEZONE = "Europe/Paris"

# --- careers content ------------------------------------------------------------------
# Where candidates apply when a posting sets neither `apply_url` nor `apply_email`.
# Set both to None to make one of them required in every posting.
CAREERS_APPLY_URL: str | None = None
CAREERS_APPLY_EMAIL: str | None = "careers@example.com"
# Google's `directApply`: True when the apply link leads to a short application on this site.
CAREERS_DIRECT_APPLY = False
# How many jobs the home page lists, and how many related jobs a job page shows.
CAREERS_HOME_JOBS = 6
CAREERS_RELATED_JOBS = 5
# The date used to close postings past `valid_through`; None means the real date.
# `invoke build --today 2027-01-31` overrides it.
CAREERS_TODAY: str | None = None
# Show draft postings (with a banner); `invoke build --drafts` sets it.
CAREERS_DRAFTS = False

# --- Pelican --------------------------------------------------------------------------
PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["careers"]
OUTPUT_PATH = "output/"
# Only the careers generator reads content/: no articles, no Pelican pages.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
# Blog outputs are switched off.
DIRECT_TEMPLATES: list[str] = []
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION: list[str] = []
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}
