"""JSON-LD dicts: every property Google requires or recommends, in the format it expects."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import jinja2
import pycountry
import pytest
from bs4 import BeautifulSoup
from careers.catalog import Catalog, FaqEntry, Job, Question
from careers.jsonld import (
    EMPLOYMENT_TYPES,
    JOB_TAGS,
    breadcrumbs,
    clean_description,
    clean_html,
    faq_page,
    job_posting,
    organization,
    website,
)
from careers.models import Faq, Location, Posting
from conftest import SETTINGS, SITEURL, XSS

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
ABSOLUTE = re.compile(r"^https?://[^/\s]+/\S*$")


def locations() -> dict[str, Location]:
    raw = {
        "paris": ("Paris", "1 Rue de Rivoli", "75001", "Île-de-France", "fr"),
        "berlin": ("Berlin", "Alexanderplatz 1", "10178", "Berlin", "DE"),
    }
    return {
        key: Location.model_validate(
            {"city": c, "street": s, "postal_code": p, "region": r, "country": k}
        )
        for key, (c, s, p, r, k) in raw.items()
    }


def make_job(
    job_id: str = "backend-engineer", html: str = "<p>Build things.</p>", **meta: Any
) -> Job:
    """A Job from string values, as the YAML BaseLoader hands them to the models."""
    data: dict[str, Any] = {
        "title": "Backend Engineer",
        "contract": "permanent",
        "tribes": ["platform"],
        "locations": ["paris"],
        "date_posted": "2030-01-15",
    }
    data.update(meta)
    data = {key: value for key, value in data.items() if value is not None}
    return Job(job_id, f"content/jobs/{job_id}.md", Posting.model_validate(data), html)


def make_catalog(*jobs: Job, today: str = "2030-02-01") -> Catalog:
    return Catalog(
        today=dt.date.fromisoformat(today),
        jobs={job.id: job for job in jobs},
        locations=locations(),
    )


def posting_for(job: Job, today: str = "2030-02-01") -> dict[str, Any]:
    return job_posting(job, make_catalog(job, today=today), SETTINGS)


def assert_plain_json(value: Any, where: str = "$") -> None:
    """Only JSON's own types (exactly: no StrEnum, Decimal or date sneaking through)."""
    assert type(value) in (str, int, float, bool, list, dict), f"{where}: {type(value)}"
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str, f"{where}: key {key!r}"
            assert_plain_json(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_plain_json(item, f"{where}[{index}]")


def test_job_posting_has_required_and_recommended_properties_in_google_formats() -> None:
    job = make_job(
        valid_through="2030-12-31",
        salary={"min": "42000", "max": "55000", "currency": "eur", "per": "year"},
        skills=["Python", "Django"],
    )
    data = posting_for(job)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Backend Engineer"
    assert data["description"] == "<p>Build things.</p>"
    assert DATE.match(data["datePosted"]) and data["datePosted"] == "2030-01-15"
    assert DATETIME.match(data["validThrough"])
    assert data["validThrough"] == "2030-12-31T23:59:59+01:00"
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Example Corp",
        "sameAs": ["https://www.example.com/", "https://www.linkedin.com/company/example/"],
        "logo": "https://careers.example.com/theme/images/logo.png",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "1 Rue de Rivoli",
            "addressLocality": "Paris",
            "addressRegion": "Île-de-France",
            "postalCode": "75001",
            "addressCountry": "FR",
        },
    }
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data
    assert data["baseSalary"]["@type"] == "MonetaryAmount"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Example Corp",
        "value": "backend-engineer",
    }
    assert data["directApply"] is False
    assert data["url"] == "https://careers.example.com/jobs/backend-engineer/"
    assert data["skills"] == "Python, Django"
    for url in [
        data["url"],
        data["hiringOrganization"]["logo"],
        *data["hiringOrganization"]["sameAs"],
    ]:
        assert ABSOLUTE.match(url), url
    assert_plain_json(data)
    assert json.loads(json.dumps(data)) == data


def test_valid_through_uses_the_offset_of_its_own_date() -> None:
    summer = posting_for(make_job(valid_through="2030-07-14"))
    assert summer["validThrough"] == "2030-07-14T23:59:59+02:00"
    utc = job_posting(
        make_job(valid_through="2030-07-14"),
        make_catalog(make_job(valid_through="2030-07-14")),
        {**SETTINGS, "TIMEZONE": "UTC"},
    )
    assert utc["validThrough"] == "2030-07-14T23:59:59+00:00"


def test_no_valid_through_means_no_property() -> None:
    assert "validThrough" not in posting_for(make_job())


def test_direct_apply_follows_the_setting() -> None:
    job = make_job()
    data = job_posting(job, make_catalog(job), {**SETTINGS, "CAREERS_DIRECT_APPLY": True})
    assert data["directApply"] is True


@pytest.mark.parametrize(
    ("contract", "hours", "expected"),
    [
        ("permanent", "full-time", ["FULL_TIME"]),
        ("permanent", "part-time", ["PART_TIME"]),
        ("fixed-term", "full-time", ["FULL_TIME", "TEMPORARY"]),
        ("fixed-term", "part-time", ["PART_TIME", "TEMPORARY"]),
        ("internship", "full-time", ["INTERN"]),
        ("internship", "part-time", ["INTERN", "PART_TIME"]),
        ("apprenticeship", "full-time", ["FULL_TIME", "INTERN"]),
        ("apprenticeship", "part-time", ["PART_TIME", "INTERN"]),
        ("freelance", "full-time", ["CONTRACTOR"]),
        ("freelance", "part-time", ["CONTRACTOR", "PART_TIME"]),
    ],
)
def test_employment_type_mapping(contract: str, hours: str, expected: list[str]) -> None:
    types = posting_for(make_job(contract=contract, hours=hours))["employmentType"]
    assert types == expected
    assert set(types) <= EMPLOYMENT_TYPES
    assert {
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "TEMPORARY",
        "INTERN",
        "VOLUNTEER",
        "PER_DIEM",
        "OTHER",
    } == EMPLOYMENT_TYPES


def test_several_locations_give_a_list_of_places_with_alpha2_countries() -> None:
    data = posting_for(make_job(locations=["paris", "berlin"]))
    places = data["jobLocation"]
    assert isinstance(places, list) and len(places) == 2
    assert [p["address"]["addressLocality"] for p in places] == ["Paris", "Berlin"]
    for place in places:
        assert place["@type"] == "Place"
        address = place["address"]
        assert address["@type"] == "PostalAddress"
        assert set(address) == {
            "@type",
            "streetAddress",
            "addressLocality",
            "addressRegion",
            "postalCode",
            "addressCountry",
        }
        assert all(address.values())
        country = address["addressCountry"]
        assert len(country) == 2 and pycountry.countries.get(alpha_2=country) is not None


def test_remote_job_without_offices_is_telecommute_with_applicant_countries() -> None:
    job = make_job(remote="remote", locations=None, remote_countries=["fr", "DE", "ES"])
    data = posting_for(job)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "FR"},
        {"@type": "Country", "name": "DE"},
        {"@type": "Country", "name": "ES"},
    ]
    for country in data["applicantLocationRequirements"]:
        assert pycountry.countries.get(alpha_2=country["name"]) is not None
    assert "jobLocation" not in data
    assert_plain_json(data)


def test_remote_job_with_an_office_keeps_the_office() -> None:
    data = posting_for(make_job(remote="remote", remote_countries=["FR"]))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["jobLocation"]["address"]["addressLocality"] == "Paris"


def test_hybrid_job_is_a_physical_job_for_google() -> None:
    data = posting_for(make_job(remote="hybrid"))
    assert data["jobLocation"]["@type"] == "Place"
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data


@pytest.mark.parametrize("per", ["hour", "day", "week", "month", "year"])
def test_salary_becomes_base_salary(per: str) -> None:
    salary = {"min": "42 000", "max": "55000.50", "currency": "eur", "per": per}
    data = posting_for(make_job(salary=salary))
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 42000,
            "maxValue": 55000.5,
            "unitText": per.upper(),
        },
    }
    value = data["baseSalary"]["value"]
    assert type(value["minValue"]) is int
    assert type(value["maxValue"]) is float
    assert value["unitText"] in {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}
    assert pycountry.currencies.get(alpha_3=data["baseSalary"]["currency"]) is not None


def test_fixed_salary_is_a_single_value() -> None:
    salary = {"min": "3000.00", "max": "3000", "currency": "EUR", "per": "month"}
    value = posting_for(make_job(salary=salary))["baseSalary"]["value"]
    assert value == {"@type": "QuantitativeValue", "value": 3000, "unitText": "MONTH"}
    assert type(value["value"]) is int


def test_no_salary_no_base_salary() -> None:
    assert "baseSalary" not in posting_for(make_job())


def test_description_keeps_only_tags_google_reads() -> None:
    html = (
        '<h1 id="top" class="title">Role</h1>\n'
        '<p style="color:red">Join <a href="/tribes/platform/" title="t" onclick="x()">us</a>, '
        '<a href="javascript:alert(1)">not this</a>, <code>code</code> '
        '<a href="https://other.example/x?a=1&amp;b=2">there</a> '
        '<a href="mailto:jobs@example.com">mail</a><!-- secret --></p>\n'
        "<script>alert(1)</script><style>p{}</style>\n"
        "<div><div>Block one</div><div>Block two</div></div>\n"
        "<table><tr><td>a</td><td>b</td></tr></table>\n"
        "<h6>Small</h6><img src=x.png alt=pic>\n"
        "<ul><li><b>bold</b> and <i>italic</i><br>line</li></ul>\n"
        '<ol><li><span class="x">one</span></li></ol><h3>Three</h3><h4>Four</h4><h5>Five</h5>'
    )
    job = make_job(html=html)
    description = posting_for(job)["description"]
    soup = BeautifulSoup(description, "html.parser")
    tags = soup.find_all(True)
    assert {tag.name for tag in tags} <= JOB_TAGS
    for tag in tags:
        if tag.name == "a":
            assert list(tag.attrs) == ["href"]
            assert re.match(r"^(https?|mailto):", tag["href"]), tag["href"]
        else:
            assert tag.attrs == {}, tag
    assert [h.get_text() for h in soup.find_all("h2")] == ["Role"]
    assert [h.get_text() for h in soup.find_all("h5")] == ["Small", "Five"]
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://careers.example.com/tribes/platform/",
        "https://other.example/x?a=1&b=2",
        "mailto:jobs@example.com",
    ]
    text = soup.get_text()
    assert "alert" not in text and "secret" not in text and "p{}" not in text
    assert "not this" in text and "code" in text
    # block containers become paragraphs, table cells stay apart
    assert "<p>Block one</p><p>Block two</p>" in description
    assert "<p>a b </p>" in description
    assert soup.find("strong").get_text() == "bold"
    assert soup.find("em").get_text() == "italic"
    assert soup.find("br") is not None
    # deterministic: the same HTML always cleans to the same string
    assert posting_for(make_job(html=html))["description"] == description
    assert clean_html(html, base_url=SITEURL + "/jobs/x/") == clean_html(
        html, base_url=SITEURL + "/jobs/x/"
    )


def test_script_title_survives_json_and_tojson_in_a_script_tag() -> None:
    job = make_job(title=f"Engineer {XSS}")
    data = posting_for(job)
    assert data["title"] == f"Engineer {XSS}"
    assert json.loads(json.dumps(data))["title"] == f"Engineer {XSS}"

    env = jinja2.Environment(autoescape=True)
    page = env.from_string(
        '<html><head><script type="application/ld+json">{{ data|tojson }}</script></head>'
        "<body></body></html>"
    ).render(data=data)
    soup = BeautifulSoup(page, "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1, "the title closed the script tag"
    assert json.loads(scripts[0].string)["title"] == f"Engineer {XSS}"


@pytest.mark.parametrize(
    ("meta", "today"),
    [
        ({"status": "closed"}, "2030-02-01"),
        ({"status": "draft"}, "2030-02-01"),
        ({"valid_through": "2030-01-31"}, "2030-02-01"),
    ],
)
def test_no_job_posting_for_a_job_that_is_not_open(meta: dict[str, str], today: str) -> None:
    job = make_job(**meta)
    catalog = make_catalog(job, today=today)
    catalog.drafts = True  # even in a preview build
    with pytest.raises(ValueError, match="backend-engineer"):
        job_posting(job, catalog, SETTINGS)


def test_last_day_is_still_open() -> None:
    data = posting_for(make_job(valid_through="2030-02-01"), today="2030-02-01")
    assert data["validThrough"].startswith("2030-02-01T23:59:59")


def test_breadcrumbs_are_absolute_and_numbered() -> None:
    data = breadcrumbs(
        [("Home", "/"), ("Jobs", "/jobs/"), ("Backend Engineer", "/jobs/backend-engineer/")],
        SETTINGS,
    )
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BreadcrumbList"
    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": SITEURL + "/"},
        {"@type": "ListItem", "position": 2, "name": "Jobs", "item": SITEURL + "/jobs/"},
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Backend Engineer",
            "item": SITEURL + "/jobs/backend-engineer/",
        },
    ]
    assert_plain_json(data)


def test_site_url_with_a_trailing_slash_gives_no_double_slash() -> None:
    data = breadcrumbs([("Jobs", "/jobs/")], {**SETTINGS, "SITEURL": SITEURL + "/"})
    assert data["itemListElement"][0]["item"] == SITEURL + "/jobs/"


def test_organization_and_website_for_the_home_page() -> None:
    org = organization(SETTINGS)
    assert org == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Example Corp",
        "url": "https://www.example.com/",
        "logo": "https://careers.example.com/theme/images/logo.png",
        "sameAs": ["https://www.linkedin.com/company/example/"],
    }
    site = website(SETTINGS)
    assert site["@type"] == "WebSite"
    assert site["name"] == "Example Careers"
    assert site["url"] == SITEURL + "/"
    assert site["publisher"]["name"] == "Example Corp"
    assert_plain_json(org)
    assert_plain_json(site)


def test_faq_page_has_questions_with_html_answers() -> None:
    faq = FaqEntry(
        "internships",
        "content/faq/internships.md",
        Faq.model_validate({"title": "Internships"}),
        "",
        (
            Question(
                "paid",
                "Is it paid?",
                '<p>Yes, <strong>paid</strong> <a href="/jobs/">jobs</a>.</p>',
            ),
            Question("when", f"When? {XSS}", "<ol><li>Now</li></ol><script>x()</script>"),
        ),
    )
    data = faq_page(faq, SETTINGS)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    questions = data["mainEntity"]
    assert [q["@type"] for q in questions] == ["Question", "Question"]
    assert [q["name"] for q in questions] == ["Is it paid?", f"When? {XSS}"]
    assert questions[0]["acceptedAnswer"] == {
        "@type": "Answer",
        "text": f'<p>Yes, <strong>paid</strong> <a href="{SITEURL}/jobs/">jobs</a>.</p>',
    }
    assert questions[1]["acceptedAnswer"]["text"] == "<ol><li>Now</li></ol>"
    assert_plain_json(data)


def test_one_parse_gives_the_description_and_the_text_of_two() -> None:
    """cache.describe parses once; it must equal the cleaner and the text extractor alone."""
    from careers import cache

    samples = [
        '<h1 id="top" class="title">Role</h1>\n<p style="c">Join <a href="/t/" onclick="x()">us'
        "</a><!-- secret --></p>\n<style>p{}</style><h6>Small</h6><img src=x.png alt=pic>\n"
        "<ul><li><b>bold</b> and <i>italic</i><br>line</li></ul><ol><li><span>1</span></li></ol>",
        '<h1>T</h1><p>a <b>b</b> <a href="/x">x</a> <a href="javascript:1">j</a></p>'
        "<!-- c --><script>s()</script><table><tr><td>1</td><td>2</td></tr></table>"
        "<div><p>in</p></div><div>inline &amp; &lt;tag&gt;</div><pre><code>x</code></pre>",
        "",
    ]
    for html in samples:
        text, description = cache.describe(html, "https://careers.example.com/jobs/a/")
        assert description == clean_description(html, "https://careers.example.com/jobs/a/")
        assert text == cache._plain_text(html)
        assert cache.describe(html, None) == (text, None)
