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
# Languages postings may be written in (`lang:` in a posting), DEFAULT_LANG first. Each
# has interface translations in theme/translations/<lang>/ (`invoke translations`).
# Default-language postings are at /jobs/<id>/, the others at /<lang>/jobs/<id>/.
CAREERS_LANGUAGES = ["en", "fr"]
# The CLDR locale that formats dates and amounts in each language (default: the
# language itself): British English writes `5 January 2027`.
CAREERS_LOCALES = {"en": "en_GB"}

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

# --- HR workflow (docs/hr-workflow.md) ------------------------------------------------
# The web editor at /admin/ (Decap CMS, installed with npm at build time from
# admin/package-lock.json into CAREERS_ADMIN_CACHE). Off by default.
CAREERS_ADMIN = False
# Decap's git backend: where the editor reads and commits content (github, gitlab, gitea...).
CAREERS_ADMIN_BACKEND = {"name": "github", "repo": "example/careers-site", "branch": "main"}
# True lets the editor save to this clone through `npx decap-server` (local previews only).
CAREERS_ADMIN_LOCAL_BACKEND = False
CAREERS_ADMIN_CACHE = "admin/.cache"
# The editor's config.yml needs a Content-Type for `invoke deploy`.
DEPLOY_CONTENT_TYPES = {".yml": "text/yaml; charset=utf-8"}
# Per-country checks on postings (plugins/careers/compliance.py), by the countries of a
# posting's `locations:` and `remote_countries:`. Each rule's "level" is "warning" (the
# build goes on), "error" (the build stops) or "off". A reminder list, not legal advice.
CAREERS_COMPLIANCE = {
    # EU pay-transparency directive (2023/970): postings for these countries show a salary
    # range. Set "error" once it applies to you. Trainees are covered or not depending on
    # national law, so `internship` is not listed; freelancers are not workers.
    "pay_transparency": {
        "level": "warning",
        # "countries": the 27 EU member states unless listed here (careers.compliance.EU).
        "contracts": ["permanent", "fixed-term", "apprenticeship"],
    },
    # Gender-inclusive job titles (e.g. AGG in Germany): for postings written in one of
    # `languages` for one of these countries, the title contains one of the forms.
    "inclusive_title": {
        "level": "warning",
        # "countries": DE and AT with their accepted forms, e.g. "(m/w/d)", unless listed
        # here as {"DE": {"forms": [...]}} (careers.compliance.DEFAULTS).
        "languages": ["de"],
    },
    # Google's title rules (plugins/careers/titles.py): salary, place, codes, `!`, capitals.
    "google_title": {"level": "warning"},
}

# --- Pelican --------------------------------------------------------------------------
PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# careers.admin writes /admin/ when CAREERS_ADMIN is on (and nothing otherwise).
PLUGINS = ["careers", "careers.admin"]
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
# Builds do not empty output/: the careers writer rewrites only files whose bytes changed
# and then deletes the files this build no longer produces (a deleted posting's page), so
# an unchanged rebuild leaves every file and modification time as it was.
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_RETENTION: list[str] = []
# The careers plugin copies the theme's static files itself (only when changed).
THEME_STATIC_PATHS: list[str] = []
CAREERS_THEME_STATIC_PATHS = ["static"]
# Content-hash cache of rendered Markdown and JSON-LD descriptions (gitignored; safe to
# delete). CAREERS_CACHE = False keeps it in memory only.
CACHE_PATH = "cache"
CAREERS_CACHE = True
# Processes that render Markdown on a cold build: 0 = one per CPU, 1 = serial; fewer
# uncached postings than CAREERS_PARALLEL_MIN render serially (starting workers costs).
CAREERS_WORKERS = 0
CAREERS_PARALLEL_MIN = 64
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    # Jinja's i18n extension ({% trans %}, _()); the careers generator installs each
    # page's catalogue (theme/translations/) before rendering it.
    "extensions": ["jinja2.ext.i18n"],
}
