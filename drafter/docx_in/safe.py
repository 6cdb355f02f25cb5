"""Opening an untrusted .docx: refuse what is not one, what is too big, and what is hostile.

A returned consultation copy comes from outside the group. Before any XML is read the
file must be a zip (not a legacy binary .doc, not a password-protected OLE container),
whole (every member's checksum is verified on reading), and small enough once unpacked
(a zip bomb is refused on its declared sizes, its compression ratio and, because
declared sizes can lie, on the bytes actually inflated). XML is parsed with entity
resolution, DTD loading and network access off, and any DOCTYPE is refused outright.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError

MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all members unpacked together
MAX_MEMBER_BYTES = 128 * 1024 * 1024  # one member unpacked
MAX_RATIO = 200  # unpacked / packed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), b"EncryptionInfo")


class WordFileError(DrafterError):
    """A file that cannot be read as a Word document; the message names file and problem."""


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )


@dataclass
class DocxPackage:
    """The members of a .docx, unpacked and checked, parsed on demand."""

    path: Path
    members: dict[str, bytes]
    _parsed: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def has(self, member: str) -> bool:
        return member in self.members

    def xml(self, member: str) -> Any:
        """The member's root element (lxml), or None when the package has no such member."""
        if member in self._parsed:
            return self._parsed[member]
        data = self.members.get(member)
        if data is None:
            return None
        root = parse_xml(data, f"{self.name}: {member}")
        self._parsed[member] = root
        return root


def parse_xml(data: bytes, where: str) -> Any:
    """Parse XML safely: no entities resolved, no DTD, no network, no DOCTYPE at all."""
    from lxml import etree

    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in data.upper():
        raise WordFileError(f"{where}: refused: the XML declares a DOCTYPE or entities")
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise WordFileError(f"{where}: not well-formed XML ({exc.msg})") from None
    if tree.docinfo.doctype:
        raise WordFileError(f"{where}: refused: the XML declares a DOCTYPE")
    return tree.getroot()


def open_docx(path: str | Path) -> DocxPackage:
    """Every member of a .docx, checked; WordFileError naming the file and problem otherwise."""
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise WordFileError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise WordFileError(f"{name}: is a folder, not a Word file") from None
    except OSError as exc:
        raise WordFileError(f"{name}: cannot be read ({exc.strerror})") from None
    if magic == OLE_MAGIC:
        data = path.read_bytes()
        if any(marker in data for marker in _ENCRYPTED_MARKERS):
            raise WordFileError(
                f"{name}: the Word file is protected by a password: ask the sender for an "
                "unprotected copy, or open it in Word, remove the password and save it again"
            )
        raise WordFileError(
            f"{name}: a Word 97-2003 file (.doc), which drafter cannot read: open it in Word "
            "or LibreOffice and save it as a Word document (.docx)"
        )
    if not magic.startswith(ZIP_MAGIC):
        raise WordFileError(f"{name}: not a Word document (.docx): it is not even a zip file")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise WordFileError(f"{name}: damaged or truncated: the zip file cannot be read") from None
    with archive:
        members = _read_members(archive, name)
    if "[Content_Types].xml" not in members or "word/document.xml" not in members:
        raise WordFileError(
            f"{name}: not a Word document (.docx): the zip holds no word/document.xml"
        )
    return DocxPackage(path, members)


def _read_members(archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise WordFileError(f"{name}: refused: the zip holds {len(infos)} files")
    declared = 0
    for info in infos:
        declared += info.file_size
        if info.flag_bits & 0x1:
            raise WordFileError(f"{name}: refused: the zip is encrypted")
        if info.file_size > MAX_MEMBER_BYTES or declared > MAX_TOTAL_BYTES:
            raise WordFileError(f"{name}: refused: unpacks to more than a Word file can hold")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WordFileError(
                f"{name}: refused: {info.filename} compresses {info.file_size // max(info.compress_size, 1)}"
                " to 1, a zip bomb"
            )
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as handle:
                data = handle.read(info.file_size + 1)  # never trust the declared size
        except zipfile.BadZipFile as exc:
            raise WordFileError(f"{name}: damaged: {info.filename}: {exc}") from None
        except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
            raise WordFileError(f"{name}: cannot be unpacked: {info.filename}: {exc}") from None
        except Exception as exc:  # zlib.error and friends from a corrupt stream
            raise WordFileError(f"{name}: damaged: {info.filename}: {exc}") from None
        if len(data) > info.file_size:
            raise WordFileError(f"{name}: refused: {info.filename} is larger than it declares")
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise WordFileError(f"{name}: refused: unpacks to more than a Word file can hold")
        members[info.filename] = data
    return members
