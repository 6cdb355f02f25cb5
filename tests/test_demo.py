"""The bundled sample and `drafter demo`: four meetings as publicly recorded, a trilingual draft."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drafter.model import CROSS_REF_RE, TEXT_FIELDS, Draft
from drafter.sample import build_demo, load_history, load_working_draft
from drafter.workspace import Workspace
from tests.conftest import REPO, git, run_cli

MEETINGS = ["2017-03-london", "2017-05-verona", "2017-10-geneva", "2018-02-zurich"]
CORE, EXPERTS = "Core group meeting", "Experts' Group meeting"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return build_demo(tmp_path_factory.mktemp("demo") / "surrogacy-principles")


def test_demo_command_builds_the_workspace(tmp_path: Path) -> None:
    result = run_cli("-C", str(tmp_path), "demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"Created demo workspace {tmp_path / 'surrogacy-principles'} (17 principles, 4 meetings)"
    )
    again = run_cli("-C", str(tmp_path), "demo")
    assert again.returncode == 1
    assert "already exists and is not empty" in again.stderr


def test_one_tag_per_meeting_on_the_meeting_dates(demo: Workspace) -> None:
    tags = git(
        demo.root,
        "for-each-ref",
        "--format=%(refname:short) %(taggerdate:short) %(objecttype)",
        "refs/tags",
    ).split("\n")
    assert [t for t in tags if t] == [
        "meeting/2017-03-london 2017-03-11 tag",
        "meeting/2017-05-verona 2017-05-20 tag",
        "meeting/2017-10-geneva 2017-10-31 tag",
        "meeting/2018-02-zurich 2018-02-02 tag",
    ]
    assert git(demo.root, "fsck", "--strict", "--full") == ""
    assert git(demo.root, "status", "--porcelain") == ""


def test_principle_counts_grow_from_london_to_zurich(demo: Workspace) -> None:
    counts = [len(demo.draft(m).principles) for m in MEETINGS]
    assert counts[0] == 7 and counts[-1] == 16
    assert counts == sorted(counts)
    assert len(demo.draft().principles) == 17
    assert demo.check() == []
    for meeting in MEETINGS:
        assert demo.draft(meeting).document.current_meeting is None


def test_meetings_follow_the_public_record(demo: Workspace) -> None:
    meetings = demo.draft().meetings
    assert [
        (m.id, m.name, m.place, m.start.isoformat() if m.start else "", str(m.end))
        for m in demo.draft().meetings_by_date()
    ] == [
        ("2017-03-london", CORE, "London, United Kingdom", "2017-03-10", "2017-03-11"),
        ("2017-05-verona", EXPERTS, "Verona, Italy", "2017-05-18", "2017-05-20"),
        ("2017-10-geneva", CORE, "Geneva, Switzerland", "2017-10-30", "2017-10-31"),
        ("2018-02-zurich", EXPERTS, "Zurich, Switzerland", "2018-01-31", "2018-02-02"),
    ]
    london, verona, geneva, zurich = (meetings[m].notes for m in MEETINGS)
    assert "core group" in london and "law firm" in london
    assert "First meeting of the wider Experts' Group" in verona
    assert "University of Verona" in verona and "about thirty experts and observers" in verona
    assert len(meetings["2017-05-verona"].participants) >= 25
    assert "core group" in geneva
    assert "Second meeting of the Experts' Group" in zurich and "University of Zurich" in zurich
    assert "sixteen principles" in zurich and "Regional consultations" in zurich
    # core group meetings are small; the Experts' Group is the wider body
    core = set(meetings["2017-03-london"].participants)
    assert core == set(meetings["2017-10-geneva"].participants)
    assert core < set(meetings["2018-02-zurich"].participants)
    listing = run_cli("-C", str(demo.root), "meeting", "list").stdout.splitlines()
    assert [CORE in line for line in listing] == [True, False, True, False]
    assert [EXPERTS in line for line in listing] == [False, True, False, True]


def _titles(draft: Draft) -> list[str]:
    return [p.title for _n, p in draft.ordered()]


def test_london_drafted_the_seven_recorded_principles(demo: Workspace) -> None:
    london = demo.draft("2017-03-london")
    assert len(london.principles) == 7
    titles = _titles(london)
    for wanted in (
        "Best interests of the child",
        "Legal parentage",
        "Financial transactions",
        "The child as an independent rights holder",
        "Consent of the surrogate mother",
        "Non-discrimination",
    ):
        assert wanted in titles
    assert {"best-interests", "legal-parentage", "non-discrimination"} <= set(london.principles)
    assert all(p.status != "agreed" for p in london.principles.values())


def test_geneva_brought_in_what_the_core_group_stressed(demo: Workspace) -> None:
    verona, geneva = demo.draft("2017-05-verona"), demo.draft("2017-10-geneva")
    titles = _titles(geneva)
    assert titles[0] == "Human dignity"
    for wanted in (
        "Prevention of the sale of children",
        "Right to identity",
        "Access to information about origins",
        "Arrangements that are not completed",
        "Rights of the surrogate mother and of the intending parents",
    ):
        assert wanted in titles
    assert not {"Human dignity", "Right to identity"} & set(_titles(verona))
    identity = geneva.principles["right-to-identity"].text
    assert all(word in identity for word in ("name", "nationality", "family relations"))
    sale = "prevention-of-sale"
    assert geneva.principles[sale].text != verona.principles[sale].text


def test_history_has_realistic_changes(demo: Workspace) -> None:
    london, verona, geneva, zurich = (demo.draft(m) for m in MEETINGS)
    # one principle split in two between Verona and Geneva
    removed = set(verona.principles) - set(geneva.principles)
    added = set(geneva.principles) - set(verona.principles)
    assert removed == {"identity-and-origins"}
    assert {"right-to-identity", "access-to-origins"} <= added
    # one principle retitled (same id, new title) at Zurich
    assert [
        (geneva.principles[p].title, zurich.principles[p].title)
        for p in sorted(set(zurich.principles) & set(geneva.principles))
        if zurich.principles[p].title != geneva.principles[p].title
    ] == [("Role of intermediaries", "Regulation of intermediaries and agencies")]
    # some principles reordered
    common = [p for p in verona.document.order if p in geneva.principles]
    assert common != [p for p in geneva.document.order if p in verona.principles]
    # statuses move towards agreed; some text stays bracketed or under discussion
    assert sum(p.status == "agreed" for p in zurich.principles.values()) > sum(
        p.status == "agreed" for p in london.principles.values()
    )
    statuses = {p.status for p in zurich.principles.values()}
    assert {"agreed", "bracketed", "under-discussion"} <= statuses
    bracketed = zurich.principles["financial-transactions"]
    assert bracketed.status == "bracketed" and bracketed.text.count("[Any payment") == 2
    # reworded text, translations, cross-references
    assert any(
        verona.principles[p].text != london.principles[p].text
        for p in london.principles
        if p in verona.principles
    )
    assert any(p.translations for p in zurich.principles.values())
    assert any("[[principle:" in p.text + p.commentary for p in zurich.principles.values())


def _field(source: object, name: str) -> object:
    return getattr(source, name)


def test_the_zurich_draft_is_fully_translated_into_french_and_spanish(demo: Workspace) -> None:
    zurich = demo.draft("2018-02-zurich")
    assert zurich.document.translations == ("fr", "es")
    for p in zurich.principles.values():
        assert set(p.translations) == {"fr", "es"}, p.id
        for lang, tr in p.translations.items():
            for name in TEXT_FIELDS:
                english, translated = _field(p, name), _field(tr, name)
                where = f"{p.id} {lang} {name}"
                assert bool(translated) == bool(english), where
                if name != "title":  # "Non-discrimination" is French too
                    assert translated != english, where
                if name == "items":
                    assert len(tr.items) == len(p.items), where
                    # bracketed items stay bracketed in every language
                    assert [i.startswith("[") for i in tr.items] == [
                        i.startswith("[") for i in p.items
                    ], where
                # a translation refers to the same principles as the English
                assert sorted(CROSS_REF_RE.findall(p.field_text(name))) == sorted(
                    CROSS_REF_RE.findall(p.field_text(name, lang))
                ), where
            assert tr.text.count("\n\n") == p.text.count("\n\n"), f"{p.id} {lang} paragraphs"


def test_translations_use_the_established_legal_vocabulary(demo: Workspace) -> None:
    zurich = demo.draft("2018-02-zurich")

    def corpus(lang: str) -> str:
        return "\n".join(
            p.field_text(f, lang) for p in zurich.principles.values() for f in TEXT_FIELDS
        )

    french, spanish = corpus("fr"), corpus("es")
    for term in ("Intérêt supérieur de l'enfant", "mère porteuse", "gestation pour autrui"):
        assert term in french, term
    assert "parents d'intention" in french and "filiation" in french
    for term in ("Interés superior del niño", "gestación por sustitución", "madre gestante"):
        assert term in spanish, term
    assert "padres de intención" in spanish and "filiación" in spanish
    for text in (french, spanish):  # no English left behind (ids in references aside)
        text = CROSS_REF_RE.sub("", text)
        for english in (" the ", "surrogate", " shall ", "intending parents", " child"):
            assert english not in text, english


def test_the_working_draft_after_zurich_has_stale_and_missing_translations(
    demo: Workspace,
) -> None:
    zurich, working = demo.draft("2018-02-zurich"), demo.draft()
    assert set(working.principles) - set(zurich.principles) == {"records-preservation"}
    new = working.principles["records-preservation"]
    assert new.translations == {} and new.text and new.items and new.commentary
    changed = {
        (pid, name)
        for pid, p in zurich.principles.items()
        for name in TEXT_FIELDS
        if _field(working.principles[pid], name) != _field(p, name)
    }
    assert changed == {
        ("best-interests", "items"),
        ("access-to-origins", "text"),
        ("surrogate-consent", "text"),
    }
    # the English moved on; no translation followed it
    for pid, p in zurich.principles.items():
        assert working.principles[pid].translations == p.translations, pid
    assert "[[principle:records-preservation]]" in working.principles["access-to-origins"].text
    # the changes are saved after the Zurich meeting, with no meeting open
    after = git(
        demo.root,
        "log",
        "--format=%an|%ad|%(trailers:key=Meeting,valueonly,separator=)",
        "--date=short",
        "meeting/2018-02-zurich..HEAD",
    ).splitlines()
    assert len(after) == 3
    assert all(line.endswith("|") and line.split("|")[1] > "2018-02-02" for line in after)
    assert len({line.split("|")[0] for line in after}) == 3


def test_commits_are_authored_by_members_with_meeting_trailers(demo: Workspace) -> None:
    log = git(
        demo.root,
        "log",
        "--format=%an|%ad|%(trailers:key=Meeting,valueonly,separator=)",
        "--date=short",
        "meeting/2018-02-zurich",
    ).splitlines()
    authors = {line.split("|")[0] for line in log}
    assert len(authors) >= 3
    assert all(line.split("|")[2] in MEETINGS for line in log[:-1]), (
        "every save after creation is recorded for a meeting"
    )
    for meeting in MEETINGS:
        assert len({x.split("|")[0] for x in log if x.endswith("|" + meeting)}) >= 2, meeting
    groups = demo.log()
    assert [g.meeting for g in groups] == [None, *reversed(MEETINGS)]
    assert len(groups[0].revisions) == 3 and not groups[0].tagged


def test_list_at_each_meeting_from_the_cli(demo: Workspace) -> None:
    london = run_cli("-C", str(demo.root), "list", "--at", "2017-03-london").stdout.splitlines()
    assert len(london) == 1 + 7
    assert london[1].split()[:2] == ["1.", "Best"]
    zurich = run_cli("-C", str(demo.root), "list", "--at", "2018-02-zurich").stdout.splitlines()
    assert len(zurich) == 1 + 16
    assert zurich[1].split()[:3] == ["1.", "Human", "dignity"]
    working = run_cli("-C", str(demo.root), "list").stdout.splitlines()
    assert len(working) == 1 + 17


def test_history_file_matches_the_snapshots() -> None:
    history = load_history()
    assert [h.meeting.id for h in history] == MEETINGS
    for item in history:
        assert item.commits, item.meeting.id
        assert item.meeting.start and item.meeting.end and item.meeting.start <= item.meeting.end
        assert all(c.when.date() <= item.meeting.end for c in item.commits), item.meeting.id
    work = load_working_draft()
    assert work is not None and work.snapshot == "after-zurich" and len(work.commits) == 3
    assert all(c.when.date() > history[-1].meeting.end for c in work.commits)


@pytest.mark.slow
def test_the_sample_and_every_package_ship_inside_the_built_package(tmp_path: Path) -> None:
    # build from a copy of the tracked files: an old build/ folder in the checkout would
    # otherwise slip stale sample files into the wheel
    source = tmp_path / "source"
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        if (REPO / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, source / rel)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.skip(f"could not build a wheel here: {built.stderr.strip().splitlines()[-1:]}")
    wheel = next(tmp_path.glob("drafter-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {str(p.relative_to(REPO)) for p in (REPO / "drafter").rglob("__init__.py")}
    assert packages <= names, f"not in the wheel: {sorted(packages - names)}"
    assert "drafter/sample_data/history.yaml" in names
    assert "drafter/sample_data/2018-02-zurich/drafter.yaml" in names
    assert sum(n.startswith("drafter/sample_data/2018-02-zurich/principles/") for n in names) == 16
    assert sum(n.startswith("drafter/sample_data/after-zurich/principles/") for n in names) == 17


def test_every_commit_of_the_demo_is_a_valid_document(demo: Workspace) -> None:
    from drafter.store import build_draft

    for rev in demo.history.revisions():
        _draft, problems = build_draft(demo.history.tree_files(demo.history.resolve(rev.sha)))
        assert problems == [], f"{rev.subject}: {problems[0]}"


def test_sample_files_are_in_canonical_form() -> None:
    """Loading and saving any snapshot changes no bytes (so the demo's diffs show only edits)."""
    from drafter import store
    from drafter.sample import sample_root

    snapshots = [h.snapshot for h in load_history()]
    work = load_working_draft()
    assert work is not None
    for name in [*snapshots, work.snapshot]:
        folder = sample_root().joinpath(name)
        data = folder.joinpath("drafter.yaml").read_bytes()
        assert store.dump_document(store.parse_document("drafter.yaml", data)).encode() == data
        for entry in folder.joinpath("principles").iterdir():
            data = entry.read_bytes()
            principle = store.parse_principle(f"principles/{entry.name}", data)
            assert store.dump_principle(principle).encode() == data, f"{name}/{entry.name}"
