"""Deterministic generated content: N realistic postings in our format.

Used by the benchmarks and by tests that need bigger corpora than the example.
The same seed gives byte-identical files. Postings vary like real ones: 600 to
1,200 words, several tribes and locations, every contract, some salaries, some
remote, and (relative to `today`) some closed, expired and draft postings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

TRIBES = {
    "perfect-journey": "Perfect Journey",
    "merchant-care": "Merchant & Care",
    "bucks": "Bucks",
    "platform": "Platform",
    "data": "Data",
    "mobile": "Mobile",
}
LOCATIONS = {
    "paris": ("Paris", "1 Rue de Rivoli", "75001", "Île-de-France", "FR"),
    "bordeaux": ("Bordeaux", "1 Place de la Bourse", "33000", "Nouvelle-Aquitaine", "FR"),
    "barcelona": ("Barcelona", "Plaça de Catalunya 1", "08002", "Catalonia", "ES"),
    "berlin": ("Berlin", "Alexanderplatz 1", "10178", "Berlin", "DE"),
    "new-york": ("New York", "1 Broadway", "10004", "New York", "US"),
    "tokyo": ("Tokyo", "1 Chome Marunouchi", "100-0005", "Tokyo", "JP"),
}
ROLES = [
    "Backend Engineer",
    "Frontend Engineer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Product Designer",
    "Engineering Manager",
    "Data Scientist",
    "Mobile Engineer",
    "Security Engineer",
    "QA Engineer",
    "Product Manager",
    "Machine Learning Engineer",
]
LEVELS = ["Junior", "", "Senior", "Staff", "Lead"]
SKILLS = [
    "Python",
    "Django",
    "Go",
    "Kotlin",
    "TypeScript",
    "Vue.js",
    "PostgreSQL",
    "AWS",
    "Kubernetes",
    "Terraform",
    "Kafka",
    "Airflow",
    "Figma",
    "Swift",
    "Elasticsearch",
]
CONTRACTS = ["permanent", "permanent", "permanent", "fixed-term", "internship", "apprenticeship"]
SENTENCE = (
    "refurbished devices marketplace circular economy customers merchants quality payments "
    "platform reliability data pipelines observability product discovery checkout search "
    "mobile apps squads ownership mentoring roadmap experiments metrics latency resilience "
    "automation infrastructure security privacy accessibility performance growth europe "
    "warranty logistics pricing catalogue recommendations support tooling reviews testing"
)
WORDS = SENTENCE.split()


@dataclass(frozen=True)
class Corpus:
    root: Path
    ids: list[str]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        n = rng.randint(8, 18)
        out.append(_sentence(rng, n))
        count += n
    return " ".join(out)


def body(rng: random.Random, words: int) -> str:
    """A description of about `words` words with the headings and lists real ones have."""
    sections = ["About the team", "What you will do", "You are in the right place if", "Benefits"]
    per = words // (len(sections) + 1)
    parts = [_paragraph(rng, per)]
    for i, heading in enumerate(sections):
        parts.append(f"## {heading}")
        if i % 2:
            items = [f"- {_sentence(rng, rng.randint(6, 14))}" for _ in range(per // 10)]
            parts.append("\n".join(items))
        else:
            parts.append(_paragraph(rng, per))
    return "\n\n".join(parts) + "\n"


def posting(rng: random.Random, index: int, today: dt.date) -> tuple[str, str]:
    """(id, file text) for posting number `index`."""
    role = rng.choice(ROLES)
    level = rng.choice(LEVELS)
    title = f"{level} {role}".strip()
    posting_id = f"{title.lower().replace(' ', '-')}-{index:05d}"
    posted = today - dt.timedelta(days=rng.randint(0, 120))
    lines = [
        "---",
        f"title: {title}",
        f"contract: {rng.choice(CONTRACTS)}",
        f"tribes: [{', '.join(rng.sample(sorted(TRIBES), rng.randint(1, 2)))}]",
    ]
    remote = rng.random()
    if remote < 0.1:
        lines += ["remote: remote", "remote_countries: [FR, DE, ES]"]
    else:
        if remote < 0.4:
            lines.append("remote: hybrid")
        locations = rng.sample(sorted(LOCATIONS), rng.randint(1, 3))
        lines.append(f"locations: [{', '.join(locations)}]")
    if rng.random() < 0.15:
        lines.append("hours: part-time")
    lines.append(f"date_posted: {posted.isoformat()}")
    kind = rng.random()
    if kind < 0.05:
        lines.append("status: closed")
    elif kind < 0.08:
        lines.append("status: draft")
    elif kind < 0.12:
        posted = today - dt.timedelta(days=rng.randint(31, 120))
        lines[-1] = f"date_posted: {posted.isoformat()}"
        lines.append(
            f"valid_through: {(today - dt.timedelta(days=rng.randint(1, 30))).isoformat()}"
        )
    else:
        lines.append(
            f"valid_through: {(today + dt.timedelta(days=rng.randint(10, 365))).isoformat()}"
        )
    if rng.random() < 0.6:
        low = rng.randrange(35_000, 90_000, 1_000)
        lines += [
            "salary:",
            f"  min: {low}",
            f"  max: {low + rng.randrange(5_000, 30_000, 1_000)}",
            "  currency: EUR",
            "  per: year",
        ]
    lines.append(f"skills: [{', '.join(rng.sample(SKILLS, rng.randint(2, 6)))}]")
    if rng.random() < 0.5:
        lines.append("faq: [working-here]")
    lines.append("---")
    text = "\n".join(lines) + "\n" + body(rng, rng.randint(600, 1200))
    return posting_id, text


def generate(root: Path, n: int, *, seed: int = 2026, today: dt.date | None = None) -> Corpus:
    """Write a full content/ tree with `n` postings into `root` (replacing it)."""
    today = today or dt.date(2027, 1, 15)
    rng = random.Random(seed)
    shutil.rmtree(root, ignore_errors=True)
    for folder in ("jobs", "tribes", "faq", "pages"):
        (root / folder).mkdir(parents=True)
    for order, (tribe_id, name) in enumerate(TRIBES.items(), start=1):
        (root / "tribes" / f"{tribe_id}.md").write_text(
            f"---\nname: {name}\nsummary: {_sentence(rng, 12)}\norder: {order}\n---\n"
            f"{_paragraph(rng, 80)}\n",
            "utf-8",
        )
    questions = "\n\n".join(
        f"## {_sentence(rng, 6)[:-1]}?\n\n{_paragraph(rng, 50)}" for _ in range(6)
    )
    (root / "faq" / "working-here.md").write_text(
        f"---\ntitle: Working here\n---\n{questions}\n", "utf-8"
    )
    (root / "pages" / "home.md").write_text(
        f"---\ntitle: Careers\n---\n{_paragraph(rng, 60)}\n", "utf-8"
    )
    (root / "locations.yml").write_text(
        "".join(
            f'{key}:\n  city: {city}\n  street: {street}\n  postal_code: "{code}"\n'
            f"  region: {region}\n  country: {country}\n"
            for key, (city, street, code, region, country) in LOCATIONS.items()
        ),
        "utf-8",
    )
    (root / "process.yml").write_text(
        "steps:\n  - name: Call with a recruiter\n    duration: 30 minutes\n"
        "  - name: Technical interview\n    duration: 1 hour\n",
        "utf-8",
    )
    ids = []
    for index in range(n):
        posting_id, text = posting(rng, index, today)
        (root / "jobs" / f"{posting_id}.md").write_text(text, "utf-8")
        ids.append(posting_id)
    return Corpus(root, ids)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The flat `key: value` lines of a generated posting, and its body."""
    _, head, body = text.split("---\n", 2)
    fields = {}
    for line in head.splitlines():
        if line and not line.startswith(" ") and ": " in line:
            key, value = line.split(": ", 1)
            fields[key] = value
    return fields, body


def _items(value: str) -> list[str]:
    return [v.strip() for v in value.strip("[]").split(",") if v.strip()]


def write_plain(content: Path, pelican: Path, hugo: Path) -> int:
    """The same Markdown bodies as plain Pelican articles and as Hugo content.

    The baselines get every posting (drafts and closed ones too) with what their own
    formats have for it: title, date, a category (the first tribe) and tags (skills).
    Returns the number of files written into each folder.
    """
    for folder in (pelican, hugo):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    count = 0
    for path in sorted((content / "jobs").glob("*.md")):
        fields, text = _front_matter(path.read_text("utf-8"))
        title = fields["title"]
        date = fields["date_posted"]
        tribes = _items(fields["tribes"])
        skills = _items(fields.get("skills", "[]"))
        (pelican / path.name).write_text(
            f"Title: {title}\nDate: {date}\nSlug: {path.stem}\nCategory: {tribes[0]}\n"
            f"Tags: {', '.join(skills)}\n\n{text}",
            "utf-8",
        )
        tags = ", ".join(f'"{s}"' for s in skills)
        (hugo / path.name).write_text(
            f'---\ntitle: "{title}"\ndate: {date}\nslug: {path.stem}\n'
            f'categories: ["{tribes[0]}"]\ntags: [{tags}]\n---\n{text}',
            "utf-8",
        )
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    corpus = generate(args.root, args.n, seed=args.seed)
    print(f"{len(corpus.ids)} postings in {corpus.root}")


if __name__ == "__main__":
    main()
