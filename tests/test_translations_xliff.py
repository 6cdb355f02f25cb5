"""XLIFF for translators: out to a CAT tool, back in, and hostile files refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from drafter.model import Principle, Translation
from drafter.workspace import Workspace
from tests.conftest import git, run_cli

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
TEXT = "The child shall be registered immediately after birth."


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
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
                    text="L'enfant est enregistré aussitôt après sa naissance.",
                )
            },
        )
    )
    ws.write_principle(
        Principle(id="identity", title="Right to identity", text="See [[principle:registration]].")
    )
    ws.write_document(
        replace(ws.document(), translations=("fr", "es"), order=("registration", "identity"))
    )
    ws.save("Two principles")
    return ws


def _export(ws: Workspace, *args: str) -> Path:
    out = ws.root.parent / "fr.xlf"
    result = run_cli(
        "-C", str(ws.root), "translations", "export", "--lang", "fr", "-o", str(out), *args
    )
    assert result.returncode == 0, result.stderr
    return out


def _units(path: Path) -> dict[str, etree._Element]:
    root = etree.parse(str(path)).getroot()
    return {u.get("id"): u for u in root.iterfind(".//x:trans-unit", NS)}


def _translate(path: Path, targets: dict[str, str], state: str = "translated") -> None:
    """What a CAT tool does: fill or replace targets, mark them translated, keep ids."""
    tree = etree.parse(str(path))
    for unit in tree.getroot().iterfind(".//x:trans-unit", NS):
        for prefix, text in targets.items():
            if unit.get("id").startswith(prefix):
                target = unit.find("x:target", NS)
                if target is None:
                    target = etree.SubElement(unit, f"{{{NS['x']}}}target")
                target.text = text
                target.set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _import(ws: Workspace, path: Path) -> tuple[int, str, str]:
    result = run_cli("-C", str(ws.root), "translations", "import", str(path))
    return result.returncode, result.stdout, result.stderr


def _state(ws: Workspace, pid: str, lang: str = "fr") -> str:
    import json

    out = run_cli("-C", str(ws.root), "translations", "--format", "json", "--lang", lang).stdout
    return next(r["state"] for r in json.loads(out)["translations"] if r["principle"] == pid)


def test_export_writes_xliff_1_2_with_source_target_and_what_changed(ws: Workspace) -> None:
    _, p = ws.principle("registration")
    ws.write_principle(replace(p, text=TEXT.replace("immediately", "without delay")))
    units = _units(_export(ws))
    root = etree.parse(str(ws.root.parent / "fr.xlf")).getroot()
    assert (root.get("version"), root.find("x:file", NS).get("target-language")) == ("1.2", "fr")
    assert sorted(units) == sorted(
        [
            f"registration.title.{_hash('Birth registration')}",
            f"registration.text.{_hash(TEXT.replace('immediately', 'without delay'))}",
            f"registration.items-1.{_hash('without delay' + chr(10) + 'free of charge')}",
            f"registration.items-2.{_hash('without delay' + chr(10) + 'free of charge')}",
            f"identity.title.{_hash('Right to identity')}",
            f"identity.text.{_hash('See [[principle:registration]].')}",
        ]
    )
    text_unit = next(u for i, u in units.items() if i.startswith("registration.text."))
    assert text_unit.find("x:source", NS).text == TEXT.replace("immediately", "without delay")
    assert text_unit.find("x:target", NS).text.startswith("L'enfant est enregistré")
    assert text_unit.find("x:target", NS).get("state") == "needs-review-translation"
    assert text_unit.find("x:note", NS).text == (
        "Principle 1 text.\nThe English changed since this was translated ([-deleted-] "
        "{+inserted+}): The child shall be registered [-immediately-]{+without delay+} after birth."
    )
    item = next(u for i, u in units.items() if i.startswith("registration.items-1."))
    assert item.find("x:target", NS) is None
    ref = next(u for i, u in units.items() if i.startswith("identity.text."))
    assert (
        "Keep each cross-reference exactly as written ([[principle:registration]] = Principle 1)"
        in ref.find("x:note", NS).text
    )
    stale_only = _units(_export(ws, "--stale"))
    assert not any(i.startswith("registration.title.") for i in stale_only)  # current: left out
    assert any(i.startswith("registration.text.") for i in stale_only)


def _hash(text: str) -> str:
    from drafter.translations import source_hash

    return source_hash(text)


def test_round_trip_brings_translations_back_current(ws: Workspace) -> None:
    path = _export(ws)
    _translate(
        path,
        {
            "registration.items-1.": "sans délai",
            "registration.items-2.": "gratuitement",
            "identity.title.": "Droit à l'identité",
            "identity.text.": "Voir [[principle:registration]].",
        },
    )
    code, out, err = _import(ws, path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Applied 3 fr translations: Principle 1 items, Principle 2 title, Principle 2 text",
        "Written to the files, not yet saved: review, then drafter save.",
    ]
    _, p = ws.principle("registration")
    assert p.translations["fr"].items == ("sans délai", "gratuitement")
    assert p.translations["fr"].title == "Enregistrement des naissances"  # untouched
    assert _state(ws, "registration") == "current"
    assert _state(ws, "identity") == "current"
    # exported again: the same words come out, marked translated
    again = _units(_export(ws))
    target = next(u for i, u in again.items() if i.startswith("identity.text.")).find(
        "x:target", NS
    )
    assert (target.text, target.get("state")) == ("Voir [[principle:registration]].", "translated")
    assert _import(ws, ws.root.parent / "fr.xlf")[1] == "Nothing changed (5 fields as they were).\n"


def test_a_unit_whose_source_changed_since_the_export_is_reported_not_applied(
    ws: Workspace,
) -> None:
    path = _export(ws)
    _translate(
        path, {"identity.text.": "Voir [[principle:registration]].", "identity.title.": "Identité"}
    )
    _, p = ws.principle("identity")
    ws.write_principle(replace(p, text="See also [[principle:registration]]."))
    code, out, _ = _import(ws, path)
    assert code == 0
    assert (
        "Not applied (the source changed since the export): Principle 2 text (export it again: drafter translations export --lang fr)"
        in out
    )
    assert "Applied 1 fr translations: Principle 2 title" in out
    assert ws.principle("identity")[1].translations["fr"].text == ""


def test_a_reviewed_stale_unit_left_as_it_was_is_confirmed(ws: Workspace) -> None:
    _, p = ws.principle("registration")
    ws.write_principle(replace(p, title="Birth registration."))
    path = _export(ws, "--stale")
    assert _state(ws, "registration") == "stale"
    tree = etree.parse(str(path))
    for target in tree.getroot().iterfind(".//x:target", NS):
        target.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    code, out, _ = _import(ws, path)
    assert code == 0
    assert "Confirmed unchanged: Principle 1 title" in out
    fields = ws.principle("registration")[1].translations["fr"]
    assert fields.title == "Enregistrement des naissances"
    assert _state(ws, "registration") == "missing"  # title current again; items never translated


def test_half_translated_items_and_unknown_references_are_not_applied(ws: Workspace) -> None:
    path = _export(ws)
    _translate(
        path,
        {"registration.items-1.": "sans délai", "identity.text.": "Voir [[principle:nowhere]]."},
    )
    code, out, _ = _import(ws, path)
    assert code == 0
    assert "Not applied: Principle 1 items: only some lettered items are translated" in out
    assert (
        "Not applied: Principle 2 text: cross-reference [[principle:nowhere]] names no principle"
        in out
    )
    assert ws.principle("registration")[1].translations["fr"].items == ()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'target-language="fr"><body><trans-unit id="identity.title.a6b3cd7b"><source>x</source>'
            "<target>&e;</target></trans-unit></body></file></xliff>",
            "{path}: has a DOCTYPE declaration, which drafter refuses in an XLIFF file",
        ),
        ("<xliff><file>", "{path}:1: not well-formed XML"),
        ("<html/>", "{path}: not an XLIFF 1.2 file (its root is 'html')"),
        (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'target-language="fr" original="p" source-language="en" datatype="plaintext"><body>\n'
            '<trans-unit id="../../etc/passwd.text.a6b3cd7b"><source>x</source><target>y</target>'
            "</trans-unit></body></file></xliff>",
            "{path}:2: unit id '../../etc/passwd.text.a6b3cd7b' was not written by drafter",
        ),
        (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'target-language="de" original="p" source-language="en" datatype="plaintext"><body>'
            "</body></file></xliff>",
            "{path}: its target-language 'de' is not a translation language of this document",
        ),
    ],
)
def test_a_hostile_or_foreign_file_is_refused_in_one_line(
    ws: Workspace, content: str, message: str
) -> None:
    path = ws.root.parent / "returned.xlf"
    path.write_text(content)
    before = git(ws.root, "status", "--porcelain")
    code, out, err = _import(ws, path)
    assert code == 1
    assert err.startswith("drafter: " + message.format(path=path))
    assert len(err.splitlines()) == 1
    assert "/etc/passwd" not in out and "root:" not in err
    assert git(ws.root, "status", "--porcelain") == before  # nothing written


def test_export_refuses_a_language_the_document_does_not_list(ws: Workspace) -> None:
    result = run_cli("-C", str(ws.root), "translations", "export", "--lang", "de", "-o", "x.xlf")
    assert result.returncode == 1
    assert result.stderr.startswith("drafter: --lang de: not a translation language")
