"""Translation states as users meet them: edit the English, see exactly its translations go stale."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from drafter import store
from drafter.errors import DrafterError, ValidationError
from drafter.merge import merge_principle
from drafter.merge_translations import merge_source_records as merge_records
from drafter.model import Document, Principle, Translation
from drafter.translations import (
    confirm,
    source_hash,
    states,
    translation_state,
)
from drafter.workspace import Workspace
from tests.conftest import git, run_cli

TEXT = "The child shall be registered immediately after birth."
FR = "L'enfant est enregistré aussitôt sa naissance."
ES = "El niño será inscrito inmediatamente después de su nacimiento."


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Two principles, French and Spanish translations written through drafter, saved."""
    ws = Workspace.init(tmp_path / "ws", "Principles")
    ws.write_principle(
        Principle(
            id="registration",
            title="Birth registration",
            text=TEXT,
            items=("without delay", "free of charge"),
            translations={
                "fr": Translation(
                    title="Enregistrement des naissances",
                    text=FR,
                    items=("sans délai", "gratuitement"),
                ),
                "es": Translation(title="Inscripción del nacimiento", text=ES),
            },
        )
    )
    ws.write_principle(
        Principle(
            id="identity",
            title="Right to identity",
            text="Every child has a right to an identity; see [[principle:registration]].",
            translations={"fr": Translation(title="Droit à l'identité")},
        )
    )
    doc = ws.document()
    ws.write_document(replace(doc, translations=("fr", "es"), order=("registration", "identity")))
    ws.save("Two principles in three languages")
    return ws


def _edit(ws: Workspace, pid: str, **fields: object) -> None:
    _, p = ws.principle(pid)
    ws.write_principle(replace(p, **fields))  # type: ignore[arg-type]


def _json(ws: Workspace, *args: str) -> dict[str, dict[str, dict[str, object]]]:
    result = run_cli("-C", str(ws.root), "translations", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {(r["principle"], r["lang"]): r for r in data["translations"]}  # type: ignore[misc]


# --------------------------------------------------------------------------- the YAML keys


def test_writing_a_translation_records_the_source_it_translates(ws: Workspace) -> None:
    text = (ws.root / "principles/registration.yaml").read_text()
    fr_record = (
        f"    source: {{title: {source_hash('Birth registration')}, text: {source_hash(TEXT)}, "
        f"items: {source_hash('without delay' + chr(10) + 'free of charge')}}}\n"
    )
    assert fr_record in text
    assert text.endswith(fr_record)  # fr comes after es; source is the translation's last key
    es_record = (
        f"    source: {{title: {source_hash('Birth registration')}, text: {source_hash(TEXT)}}}\n"
    )
    assert es_record in text


def test_records_round_trip_to_the_same_bytes(ws: Workspace) -> None:
    data = (ws.root / "principles/registration.yaml").read_bytes()
    p = store.parse_principle("principles/registration.yaml", data)
    assert store.dump_principle(p).encode() == data


def test_an_old_file_without_records_still_loads_and_reads_as_unconfirmed() -> None:
    old = (
        "id: a\ntitle: Title\nstatus: draft\ntext: Words.\n"
        "translations:\n  fr:\n    title: Titre\n    text: Mots.\n"
    )
    p = store.parse_principle("principles/a.yaml", old)
    assert p.translations["fr"].source == {}
    row = translation_state(p, "fr")
    assert row.state == "stale"
    assert row.fields["text"].unconfirmed
    assert store.dump_principle(p) == old  # nothing invented on the way back out


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("source: {text: zz}", "translations.fr.source.text: 'zz' is not a source hash"),
        ("source: {body: 3f9a2c1b}", "unknown key 'body' in translations.fr.source"),
        ("source: [3f9a2c1b]", "translations.fr.source: expected a mapping"),
    ],
)
def test_a_bad_record_is_named_with_file_and_line(record: str, message: str) -> None:
    text = f"id: a\ntitle: T\ntranslations:\n  fr:\n    title: Titre\n    {record}\n"
    with pytest.raises(ValidationError) as caught:
        store.parse_principle("principles/a.yaml", text)
    assert f"principles/a.yaml:6: {message}" in str(caught.value)


# --------------------------------------------------------------------------- states


def test_editing_the_english_makes_exactly_its_translations_stale(ws: Workspace) -> None:
    _edit(ws, "registration", text=TEXT.replace("immediately", "without delay"))
    rows = _json(ws)
    assert {k: r["state"] for k, r in rows.items()} == {
        ("registration", "fr"): "stale",
        ("registration", "es"): "stale",
        ("identity", "fr"): "missing",  # its text was never translated
        ("identity", "es"): "missing",
    }
    fields = rows[("registration", "fr")]["fields"]
    assert fields["title"] == {"state": "current", "source_diff": []}  # type: ignore[index]
    assert fields["items"]["state"] == "current"  # type: ignore[index]
    assert fields["text"] == {  # type: ignore[index]
        "state": "stale",
        "source_diff": [
            ["equal", "The child shall be registered "],
            ["delete", "immediately"],
            ["insert", "without delay"],
            ["equal", " after birth."],
        ],
    }
    assert rows[("identity", "fr")]["fields"] == {  # type: ignore[comparison-overlap]
        "title": {"state": "current", "source_diff": []},
        "text": {"state": "missing", "source_diff": []},
    }


def test_the_diff_reaches_back_to_the_source_that_was_translated(ws: Workspace) -> None:
    """Two saved edits of the English later, the diff still starts from the translated text."""
    _edit(ws, "registration", text=TEXT.replace("shall", "must"))
    ws.save("First edit")
    _edit(ws, "registration", text=TEXT.replace("shall", "must").replace("birth", "its birth"))
    fr = _json(ws, "--lang", "fr")[("registration", "fr")]
    assert fr["fields"]["text"]["source_diff"] == [  # type: ignore[index]
        ["equal", "The child "],
        ["delete", "shall"],
        ["insert", "must"],
        ["equal", " be registered immediately after "],
        ["insert", "its "],
        ["equal", "birth."],
    ]


def test_text_output_names_what_changed_and_how_to_confirm(ws: Workspace) -> None:
    _edit(ws, "registration", text=TEXT.replace("immediately", "without delay"))
    result = run_cli("-C", str(ws.root), "translations", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "fr: 0 current, 1 stale, 1 missing (of 2 principles)",
        "",
        "Principle 1 — Birth registration (registration)",
        "  fr: stale",
        "    text: the English changed since it was translated:",
        "      The child shall be registered [-immediately-]{+without delay+} after birth.",
        "",
        "Principle 2 — Right to identity (identity)",
        "  fr: missing — not translated: text",
    ]


def test_retranslating_makes_it_current_again(ws: Workspace) -> None:
    _edit(ws, "registration", text=TEXT.replace("immediately", "without delay"))
    _, p = ws.principle("registration")
    fr = replace(
        p.translations["fr"], text="L'enfant est enregistré sans délai après sa naissance."
    )
    ws.write_principle(replace(p, translations={**p.translations, "fr": fr}))
    rows = _json(ws)
    assert rows[("registration", "fr")]["state"] == "current"
    assert rows[("registration", "es")]["state"] == "stale"


def test_confirm_marks_current_without_changing_the_words(ws: Workspace) -> None:
    _edit(ws, "registration", text=TEXT + " It is free.", title="Birth registration.")
    before = ws.principle("registration")[1].translations["fr"]
    result = run_cli(
        "-C", str(ws.root), "translations", "confirm", "registration", "--lang", "fr",
        "--field", "title",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Confirmed the fr translation of Principle 1 (registration): title — now current "
        "(not yet saved: drafter save).\n"
    )
    after = ws.principle("registration")[1].translations["fr"]
    assert (after.title, after.text, after.items) == (before.title, before.text, before.items)
    fields = _json(ws)[("registration", "fr")]["fields"]
    assert fields["title"]["state"] == "current"  # type: ignore[index]
    assert fields["text"]["state"] == "stale"  # type: ignore[index]
    assert (
        run_cli(
            "-C", str(ws.root), "translations", "confirm", "registration", "--lang", "fr"
        ).returncode
        == 0
    )
    assert _json(ws)[("registration", "fr")]["state"] == "current"
    assert _json(ws)[("registration", "es")]["state"] == "stale"
    assert run_cli("-C", str(ws.root), "save", "-m", "Confirm").returncode == 0
    assert "source: {title:" in git(ws.root, "show", "HEAD:principles/registration.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "--lang", "fr"), "drafter: no principle 'nobody'\n"),
        (("registration", "--lang", "de"), "drafter: --lang de: not a translation language of "
         "this document (drafter.yaml lists: fr, es)\n"),
        (("identity", "--lang", "fr", "--field", "text"),
         "drafter: identity: the fr text is not translated: nothing to confirm\n"),
        (("identity", "--lang", "es"), "drafter: identity: there is no es translation to confirm\n"),
        (("../x", "--lang", "fr"), "drafter: principle id '../x' is not allowed: use 1-64 "
         "lower-case letters, digits and hyphens, starting with a letter or digit\n"),
    ],
)  # fmt: skip
def test_confirm_refuses_with_one_clear_line(
    ws: Workspace, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("-C", str(ws.root), "translations", "confirm", *args)
    assert (result.returncode, result.stderr) == (1, message)


def test_a_translation_without_a_record_is_stale_and_says_how_to_confirm(ws: Workspace) -> None:
    path = ws.root / "principles/identity.yaml"
    path.write_text(
        path.read_text().replace(f"    source: {{title: {source_hash('Right to identity')}}}\n", "")
    )
    row = _json(ws, "--principle", "identity")[("identity", "fr")]
    assert row["fields"]["title"] == {"state": "stale", "source_diff": [], "unconfirmed": True}  # type: ignore[index]
    text = run_cli("-C", str(ws.root), "translations", "--principle", "identity").stdout
    assert (
        "    title: nothing records which English text it translates; if it is right, run: "
        "drafter translations confirm identity --lang fr --field title"
    ) in text


def test_renaming_a_principle_keeps_translation_states(ws: Workspace) -> None:
    _, p = ws.principle("identity")
    fr = replace(
        p.translations["fr"],
        text="Tout enfant a droit à une identité ; voir [[principle:registration]].",
    )
    ws.write_principle(replace(p, translations={"fr": fr}))
    _edit(ws, "registration", text="Changed.")
    ws.rename_principle("registration", "birth-registration")
    rows = _json(ws)
    assert rows[("identity", "fr")]["state"] == "current"  # reference rewritten on both sides
    assert rows[("birth-registration", "fr")]["fields"]["text"]["state"] == "stale"  # type: ignore[index]
    text = (ws.root / "principles/identity.yaml").read_text()
    assert "voir [[principle:birth-registration]]" in text
    ws.save("Rename registration")  # the history follows the file to its new name
    diff = _json(ws)[("birth-registration", "fr")]["fields"]["text"]["source_diff"]  # type: ignore[index]
    assert diff == [["delete", TEXT.removesuffix(".")], ["insert", "Changed"], ["equal", "."]]


def test_only_the_languages_listed_in_drafter_yaml_are_rows(ws: Workspace) -> None:
    doc = ws.document()
    ws.write_document(replace(doc, translations=("es",)))
    assert set(_json(ws)) == {("registration", "es"), ("identity", "es")}
    ws.write_document(replace(doc, translations=()))
    result = run_cli("-C", str(ws.root), "translations")
    assert result.stdout.startswith("no translation languages: list them in drafter.yaml")
    assert json.loads(run_cli("-C", str(ws.root), "translations", "--format", "json").stdout) == {
        "translations": []
    }


def test_states_in_process_without_history(ws: Workspace) -> None:
    draft = ws.draft()
    rows = states(None, draft)
    assert [(r.principle, r.lang, r.state) for r in rows] == [
        ("registration", "fr", "current"),
        ("registration", "es", "missing"),  # es has no items
        ("identity", "fr", "missing"),
        ("identity", "es", "missing"),
    ]
    with pytest.raises(DrafterError, match="no principle 'x'"):
        states(None, draft, principle="x")


# --------------------------------------------------------------------------- merge


def test_sync_merges_records_with_the_translation_they_belong_to() -> None:
    base = Principle(
        id="a", title="T", text="Old English.",
        translations={"fr": Translation(text="Vieux.", source={"text": source_hash("Old English.")})},
    )  # fmt: skip
    # Alice re-words the English; Bob polishes the French (still translating the old English)
    alice = replace(base, text="New English.")
    bob = replace(base, translations={"fr": replace(base.translations["fr"], text="Ancien.")})
    merged = merge_principle(base, alice, bob, [])
    assert merged.text == "New English."
    assert merged.translations["fr"].text == "Ancien."
    assert translation_state(merged, "fr").state == "stale"  # Bob translated the old English
    # Alice re-translates to the new English while Bob confirms: both records differ
    assert merge_records({"text": "11111111"}, {"text": "22222222"}, {"text": "33333333"}) == {}
    assert merge_records({"text": "11111111"}, {"text": "11111111"}, {"text": "33333333"}) == {
        "text": "33333333"
    }


def test_confirm_of_a_principle_in_process() -> None:
    p = Principle(id="a", title="T", text="Words.", translations={"fr": Translation(text="Mots.")})
    confirmed, changed = confirm(p, "fr")
    assert changed == ["text"]
    assert translation_state(confirmed, "fr").fields["text"].state == "current"
    assert translation_state(confirmed, "fr").state == "missing"  # the title is not translated


def test_an_empty_document_has_no_rows(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "empty", "Empty")
    ws.write_document(replace(Document(title="Empty"), translations=("fr",)))
    assert _json(ws) == {}


# --------------------------------------------------------------------------- diff --lang


def test_diff_lang_compares_one_translation_between_revisions(ws: Workspace) -> None:
    _, p = ws.principle("registration")
    fr = replace(p.translations["fr"], text=FR.replace("aussitôt", "dès"))
    es = replace(p.translations["es"], title="Inscripción")
    ws.write_principle(
        replace(p, text=TEXT.replace("shall", "must"), translations={"fr": fr, "es": es})
    )
    result = run_cli("-C", str(ws.root), "diff", "HEAD", "--lang", "fr", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    changed = [c for c in data["principles"] if c["change"] != "unchanged"]
    assert changed == [
        {
            "id": "registration",
            "change": "modified",
            "number_from": 1,
            "number_to": 1,
            "title_from": "Enregistrement des naissances",
            "title_to": "Enregistrement des naissances",
            "fields": {
                "translations.fr.text": [
                    ["equal", "L'enfant est enregistré "],
                    ["delete", "aussitôt"],
                    ["insert", "dès"],
                    ["equal", " sa naissance."],
                ]
            },
        }
    ]
    assert data["stats"]["words_inserted"] == 1
    text = run_cli("-C", str(ws.root), "diff", "HEAD", "--lang", "es").stdout
    assert "title (es):" in text and "Inscripción" in text and "must" not in text
    bad = run_cli("-C", str(ws.root), "diff", "HEAD", "--lang", "de")
    assert (bad.returncode, bad.stderr) == (
        1,
        "drafter: --lang de: not a translation language of this document "
        "(drafter.yaml lists: es, fr)\n",
    )


# --------------------------------------------------------------------------- the memo


def test_the_memo_never_changes_an_answer(ws: Workspace) -> None:
    _edit(ws, "registration", text=TEXT.replace("immediately", "without delay"))
    first = run_cli("-C", str(ws.root), "translations", "--format", "json").stdout
    memo = ws.root / ".git" / "drafter-translations.json"
    assert memo.is_file()
    assert run_cli("-C", str(ws.root), "translations", "--format", "json").stdout == first
    memo.write_text("{not json")
    assert run_cli("-C", str(ws.root), "translations", "--format", "json").stdout == first
    # a file changed since the memo was written is read again
    _edit(ws, "registration", text=TEXT)
    rows = _json(ws)
    assert rows[("registration", "fr")]["state"] == "current"
    memo.write_text('{"version": 1, "files": [], "sources": 3}')
    assert _json(ws) == rows
    assert "drafter-translations" not in git(ws.root, "status", "--porcelain")


def test_a_broken_principle_file_is_named_with_its_line(ws: Workspace) -> None:
    path = ws.root / "principles/identity.yaml"
    path.write_text(path.read_text() + "translations: again\n")
    result = run_cli("-C", str(ws.root), "translations")
    assert result.returncode == 1
    assert result.stderr.startswith("drafter: principles/identity.yaml:")
    assert "duplicate key 'translations'" in result.stderr


def test_the_states_command_loads_no_editor_gitpython_word_or_xliff_library(
    ws: Workspace,
) -> None:
    import subprocess
    import sys

    _edit(ws, "registration", text="Changed.")  # a stale field: its diff reads the history
    code = (
        "import sys; from drafter.cli import main; main(['-C', sys.argv[1], 'translations']); "
        "print(sorted(m for m in ('textual', 'git', 'docx', 'translate') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ws.root)], capture_output=True, text=True, check=True
    ).stdout
    assert "[-The child shall be registered immediately after birth-]{+Changed+}." in out
    assert out.splitlines()[-1] == "[]"


def test_translations_from_before_records_are_confirmed_in_bulk_after_checking(
    ws: Workspace,
) -> None:
    """A workspace written before drafter kept records: every translation is unconfirmed."""
    for name in ("registration", "identity"):
        path = ws.root / f"principles/{name}.yaml"
        kept = [line for line in path.read_text().splitlines() if "source: {" not in line]
        path.write_text("\n".join(kept) + "\n")
    _edit(ws, "identity", text="Every child has a right to an identity.")  # not a translation
    assert _json(ws)[("registration", "fr")]["fields"]["text"]["unconfirmed"] is True  # type: ignore[index]
    listing = run_cli("-C", str(ws.root), "translations", "--lang", "fr").stdout
    assert listing.endswith(
        "\n4 fr fields have no record of the text they translate (written before drafter kept "
        "records, or by hand). Once checked, confirm them all with: drafter translations "
        "confirm --lang fr --unconfirmed\n"
    )
    result = run_cli("-C", str(ws.root), "translations", "confirm", "--lang", "fr", "--unconfirmed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Confirmed 2 fr translations (not yet saved: drafter save):",
        "  Principle 1 (registration): title, text, items",
        "  Principle 2 (identity): title",
    ]
    rows = _json(ws)
    assert rows[("registration", "fr")]["state"] == "current"
    assert rows[("registration", "es")]["fields"]["text"]["unconfirmed"] is True  # type: ignore[index]
    again = run_cli("-C", str(ws.root), "translations", "confirm", "--lang", "fr", "--unconfirmed")
    assert again.stdout == "No fr translation was unconfirmed.\n"
    bare = run_cli("-C", str(ws.root), "translations", "confirm", "--lang", "fr")
    assert bare.returncode == 1
    assert bare.stderr.startswith("drafter: confirm: name the principle")
