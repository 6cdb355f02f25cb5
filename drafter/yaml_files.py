"""The YAML form of principles, meetings and drafter.yaml: read with file:line, written alike.

Loading walks YAML *nodes* rather than constructed values, so every problem carries a
line number, text fields keep exactly what the user typed (``title: 2017`` stays the
text "2017", ``yes`` stays "yes"), duplicate keys are caught, and no tag is ever
executed. Writing is deterministic: the same model always gives the same bytes.
:mod:`drafter.store` loads this module only when a file must really be read or written
(an editor opening a workspace it has read before needs neither, nor PyYAML).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml

from drafter.errors import Problem
from drafter.model import (
    STATUSES,
    Document,
    DocumentText,
    Meeting,
    Parsed,
    Principle,
    Translation,
    is_valid_language,
)
from drafter.yaml_nodes import NULL, Reader, collect, kind_of, parse

try:  # the libyaml C dumper is ~17x faster; fall back silently
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

PRINCIPLE_KEYS = ("id", "title", "status", "text", "items", "commentary", "tags", "translations")
TRANSLATION_KEYS = ("title", "text", "items", "commentary", "source")
#: inside ``source:``, the translated fields whose source text is recorded, in this order
SOURCE_RECORD_KEYS = ("title", "text", "items", "commentary")
_SOURCE_HASH_RE = re.compile(r"[0-9a-f]{8,64}\Z")
DOCUMENT_TEXT_KEYS = ("title", "preamble")
DOCUMENT_KEYS = (
    *("title", "language", "translations", "preamble", "translated", "order", "current_meeting"),
    *("secretariat", "symbol", "original_language_note"),
)
MEETING_KEYS = ("id", "name", "place", "start", "end", "participants", "notes")


# --------------------------------------------------------------------------- writing


class _FlowList(list):  # type: ignore[type-arg]
    """A short list written on one line: ``tags: [identity, parentage]``."""


class _FlowMap(dict):  # type: ignore[type-arg]
    """A short mapping written on one line: ``source: {title: 3f9a2c1b, text: 0b12ac44}``."""


class _Dumper(_BaseDumper):
    pass


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    if "\n" in value:
        # A block scalar ending in one newline ("|"); the loader strips it again.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_flow_list(dumper: _Dumper, value: _FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_FlowList, _represent_flow_list)
_Dumper.add_representer(
    _FlowMap,
    lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True),
)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """Any mapping in drafter's written form (texts as blocks, nothing wrapped)."""
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2_000_000_000,  # never wrap text
        indent=2,
    )


def _translation_data(tr: Translation) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if tr.title:
        data["title"] = tr.title
    if tr.text:
        data["text"] = tr.text
    if tr.items:
        data["items"] = list(tr.items)
    if tr.commentary:
        data["commentary"] = tr.commentary
    # which source text each field translates: only for fields that are translated
    source = {key: tr.source[key] for key in SOURCE_RECORD_KEYS if key in data and key in tr.source}
    if source:
        data["source"] = _FlowMap(source)
    return data


def dump_principle(p: Principle) -> str:
    data: dict[str, Any] = {"id": p.id, "title": p.title, "status": p.status, "text": p.text}
    if p.items:
        data["items"] = list(p.items)
    if p.commentary:
        data["commentary"] = p.commentary
    if p.tags:
        data["tags"] = _FlowList(p.tags)
    translations = {
        lang: _translation_data(tr)
        for lang, tr in sorted(p.translations.items())
        if _translation_data(tr)
    }
    if translations:
        data["translations"] = translations
    return dump_yaml(data)


def dump_document(d: Document) -> str:
    data: dict[str, Any] = {"title": d.title, "language": d.language}
    if d.translations:
        data["translations"] = _FlowList(d.translations)
    if d.preamble:
        data["preamble"] = d.preamble
    translated = {
        lang: {k: v for k, v in (("title", t.title), ("preamble", t.preamble)) if v}
        for lang, t in sorted(d.translated.items())
        if t.title or t.preamble
    }
    if translated:
        data["translated"] = translated
    data["order"] = list(d.order)
    if d.current_meeting:
        data["current_meeting"] = d.current_meeting
    if d.secretariat:
        data["secretariat"] = d.secretariat
    if d.symbol:
        data["symbol"] = d.symbol
    if d.original_language_note:
        data["original_language_note"] = True
    return dump_yaml(data)


def dump_meeting(m: Meeting) -> str:
    data: dict[str, Any] = {"id": m.id, "name": m.name}
    if m.place:
        data["place"] = m.place
    if m.start:
        data["start"] = m.start
    if m.end:
        data["end"] = m.end
    if m.participants:
        data["participants"] = _FlowList(m.participants)
    if m.notes:
        data["notes"] = m.notes
    return dump_yaml(data)


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-5] if name.endswith(".yaml") else name


def _build_principle(r: Reader, root: yaml.MappingNode) -> Principle:
    f = r.mapping(root, PRINCIPLE_KEYS, ("id", "title"), "a principle")
    pid = r.ident(f["id"][1], "id") if "id" in f else ""
    if pid and pid != _stem(r.path):
        r.add(f["id"][1], f"id {pid!r} differs from the file name {_stem(r.path)!r}")
    status = r.text(f["status"][1], "status") if "status" in f else "draft"
    if status not in STATUSES:
        r.add(f["status"][1], f"status {status!r} is not one of: {', '.join(STATUSES)}")
    translations: dict[str, Translation] = {}
    if "translations" in f:
        node = f["translations"][1]
        if isinstance(node, yaml.MappingNode):
            for lang, tr_node in _languages(r, node, "translations"):
                tf = r.mapping(tr_node, TRANSLATION_KEYS, (), f"translation {lang!r}")
                translations[lang] = Translation(
                    title=r.text(tf["title"][1], "title") if "title" in tf else "",
                    text=r.text(tf["text"][1], "text") if "text" in tf else "",
                    items=r.text_list(tf["items"][1], "items") if "items" in tf else (),
                    commentary=r.text(tf["commentary"][1], "commentary")
                    if "commentary" in tf
                    else "",
                    source=_source_record(r, tf["source"][1], lang) if "source" in tf else {},
                )
        elif not (isinstance(node, yaml.ScalarNode) and node.tag == NULL):
            r.add(node, "translations: expected a mapping of language codes")
    return Principle(
        id=pid,
        title=r.text(f["title"][1], "title") if "title" in f else "",
        status=status,
        text=r.text(f["text"][1], "text") if "text" in f else "",
        items=r.text_list(f["items"][1], "items") if "items" in f else (),
        commentary=r.text(f["commentary"][1], "commentary") if "commentary" in f else "",
        tags=r.text_list(f["tags"][1], "tags") if "tags" in f else (),
        translations=translations,
    )


def _source_record(r: Reader, node: yaml.Node, lang: str) -> dict[str, str]:
    """``translations.<lang>.source``: {field: short hash of the source it translates}."""
    what = f"translations.{lang}.source"
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
        return {}
    if not isinstance(node, yaml.MappingNode):
        r.add(node, f"{what}: expected a mapping such as {{text: 3f9a2c1b}}")
        return {}
    record: dict[str, str] = {}
    for key, (_, value_node) in r.mapping(node, SOURCE_RECORD_KEYS, (), what).items():
        value = r.text(value_node, f"{what}.{key}")
        if _SOURCE_HASH_RE.match(value):
            record[key] = value
        elif value:
            r.add(value_node, f"{what}.{key}: {value!r} is not a source hash (8 hex digits)")
    return record


def _build_document(r: Reader, root: yaml.MappingNode) -> Document:
    f = r.mapping(root, DOCUMENT_KEYS, ("title", "order"), "drafter.yaml")
    language = r.text(f["language"][1], "language") if "language" in f else "en"
    if not is_valid_language(language):
        r.add(f["language"][1], f"language {language!r} is not a language code such as en")
    translations = r.text_list(f["translations"][1], "translations") if "translations" in f else ()
    for lang in translations:
        if not is_valid_language(lang):
            r.add(f["translations"][1], f"translations: {lang!r} is not a language code")
    order: list[str] = []
    if "order" in f:
        node = f["order"][1]
        if isinstance(node, yaml.SequenceNode):
            seen: set[str] = set()  # a list lookup here was quadratic: 2,800 ids took 25 ms
            for entry in node.value:
                pid = r.ident(entry, "order entry")
                if pid in seen:
                    r.add(entry, f"order lists {pid!r} twice")
                elif pid:
                    order.append(pid)
                    seen.add(pid)
        elif not (isinstance(node, yaml.ScalarNode) and node.tag == NULL):
            r.add(node, f"order: expected a list of principle ids, found a {kind_of(node)}")
    current = r.ident(f["current_meeting"][1], "current_meeting") if "current_meeting" in f else ""
    return Document(
        title=r.text(f["title"][1], "title") if "title" in f else "",
        language=language,
        translations=translations,
        preamble=r.text(f["preamble"][1], "preamble") if "preamble" in f else "",
        order=tuple(order),
        current_meeting=current or None,
        secretariat=r.text(f["secretariat"][1], "secretariat") if "secretariat" in f else "",
        symbol=r.text(f["symbol"][1], "symbol") if "symbol" in f else "",
        original_language_note=_flag(r, f, "original_language_note"),
        translated=_document_texts(r, f["translated"][1]) if "translated" in f else {},
    )


def _languages(
    r: Reader, node: yaml.MappingNode, key: str
) -> Iterator[tuple[str, yaml.MappingNode]]:
    """(language code, its mapping) of a per-language block; bad entries are reported."""
    for lang_node, value in node.value:
        lang = lang_node.value if isinstance(lang_node, yaml.ScalarNode) else ""
        if not is_valid_language(lang):
            r.add(lang_node, f"{key}: {lang!r} is not a language code such as fr")
        elif not isinstance(value, yaml.MappingNode):
            r.add(value, f"{key}.{lang}: expected a mapping")
        else:
            yield lang, value


def _document_texts(r: Reader, node: yaml.Node) -> dict[str, DocumentText]:
    """``translated: {fr: {title: ..., preamble: ...}}``: the title and preamble per language."""
    found: dict[str, DocumentText] = {}
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL:
        return found
    if not isinstance(node, yaml.MappingNode):
        r.add(node, "translated: expected a mapping of language codes")
        return found
    for lang, text_node in _languages(r, node, "translated"):
        tf = r.mapping(text_node, DOCUMENT_TEXT_KEYS, (), f"translated {lang!r}")
        found[lang] = DocumentText(
            title=r.text(tf["title"][1], "title") if "title" in tf else "",
            preamble=r.text(tf["preamble"][1], "preamble") if "preamble" in tf else "",
        )
    return found


def _flag(r: Reader, f: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> bool:
    """An optional true/false value of drafter.yaml."""
    if key not in f:
        return False
    node = f[key][1]
    if isinstance(node, yaml.ScalarNode) and node.value.lower() in ("true", "false"):
        return bool(node.value.lower() == "true")
    r.add(node, f"{key}: expected true or false")
    return False


def _build_meeting(r: Reader, root: yaml.MappingNode) -> Meeting:
    f = r.mapping(root, MEETING_KEYS, ("id", "name"), "a meeting")
    mid = r.ident(f["id"][1], "id") if "id" in f else ""
    if mid and mid != _stem(r.path):
        r.add(f["id"][1], f"id {mid!r} differs from the file name {_stem(r.path)!r}")
    start = r.date_value(f["start"][1], "start") if "start" in f else None
    end = r.date_value(f["end"][1], "end") if "end" in f else None
    if start and end and end < start:
        r.add(f["end"][1], "end is before start")
    return Meeting(
        id=mid,
        name=r.text(f["name"][1], "name") if "name" in f else "",
        place=r.text(f["place"][1], "place") if "place" in f else "",
        start=start,
        end=end,
        participants=r.text_list(f["participants"][1], "participants")
        if "participants" in f
        else (),
        notes=r.text(f["notes"][1], "notes") if "notes" in f else "",
    )


def parse_principle(path: str, text: str | bytes) -> Principle:
    result: Principle = parse(path, text, _build_principle)
    return result


def parse_document(path: str, text: str | bytes) -> Document:
    result: Document = parse(path, text, _build_document)
    return result


def parse_meeting(path: str, text: str | bytes) -> Meeting:
    result: Meeting = parse(path, text, _build_meeting)
    return result


_BUILDERS: dict[type, Callable[[Reader, yaml.MappingNode], Any]] = {
    Principle: _build_principle,
    Document: _build_document,
    Meeting: _build_meeting,
}


def read(path: str, data: bytes, kind: type[Parsed]) -> tuple[Parsed | None, list[Problem]]:
    """A file of ``kind`` and its problems (for a whole draft: none raised)."""
    value: Parsed | None
    value, problems = collect(path, data, _BUILDERS[kind])
    return value, problems
