"""Shared export vocabulary and options: the words drafter writes, and what the user chose."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

Progress = Callable[[int, int], None]
Piece = tuple[str, str]


@dataclass(frozen=True)
class Vocabulary:
    """The few words the exporter writes itself, in the language being exported."""

    principle: str
    commentary: str
    contents: str
    toc_hint: str
    page: str
    of: str
    changes_from: str
    changes_to: str
    under_discussion: str = "Under discussion"
    versions: str = "Meetings"
    meeting: str = "Meeting"
    dates: str = "Dates"
    place: str = "Place"
    original: str = "Original"
    changes_by_principle: str = "Changes by principle"
    translation_pending: str = "[Translation pending]"
    changed_by: str = "Changed by"
    code: str = "en"  # dates are written in this language
    agreed: str = "Draft agreed at {}"
    working: str = "Working draft, {}"
    exported: str = "Exported on {}."
    pending_one: str = "1 principle is not yet translated."
    pending_many: str = "{} principles are not yet translated."


VOCABULARIES: dict[str, Vocabulary] = {
    "en": Vocabulary(
        "Principle",
        "Commentary",
        "Contents",
        "Right-click here and choose Update Field to show the table of contents.",
        "Page",
        "of",
        "Tracked changes from",
        "to",
    ),
    "fr": Vocabulary(
        "Principe",
        "Commentaire",
        "Table des matières",
        "Cliquez ici avec le bouton droit et choisissez Mettre à jour les champs "
        "pour afficher la table des matières.",
        "Page",
        "sur",
        "Modifications suivies de",
        "à",
        under_discussion="En discussion",
        versions="Réunions",
        meeting="Réunion",
        dates="Dates",
        place="Lieu",
        original="Original",
        changes_by_principle="Modifications par principe",
        changed_by="Modifié par",
        translation_pending="[Traduction en attente]",
        code="fr",
        agreed="Projet adopté : {}",
        working="Projet de travail, {}",
        exported="Exporté le {}.",
        pending_one="1 principe est en attente de traduction.",
        pending_many="{} principes sont en attente de traduction.",
    ),
    "es": Vocabulary(
        "Principio",
        "Comentario",
        "Índice",
        "Haga clic aquí con el botón derecho y elija Actualizar campos para mostrar el índice.",
        "Página",
        "de",
        "Cambios registrados desde",
        "hasta",
        under_discussion="En discusión",
        versions="Reuniones",
        meeting="Reunión",
        dates="Fechas",
        place="Lugar",
        changes_by_principle="Cambios por principio",
        changed_by="Modificado por",
        translation_pending="[Traducción pendiente]",
        code="es",
        agreed="Proyecto aprobado: {}",
        working="Borrador de trabajo, {}",
        exported="Exportado el {}.",
        pending_one="1 principio está pendiente de traducción.",
        pending_many="{} principios están pendientes de traducción.",
    ),
    "de": Vocabulary(
        "Grundsatz",
        "Kommentar",
        "Inhalt",
        "Klicken Sie hier mit der rechten Maustaste und wählen Sie Feld aktualisieren, "
        "um das Inhaltsverzeichnis anzuzeigen.",
        "Seite",
        "von",
        "Nachverfolgte Änderungen von",
        "bis",
        under_discussion="In Beratung",
        versions="Sitzungen",
        meeting="Sitzung",
        dates="Daten",
        place="Ort",
        changes_by_principle="Änderungen nach Grundsatz",
        changed_by="Geändert von",
        translation_pending="[Übersetzung ausstehend]",
        code="de",
        agreed="Entwurf, angenommen: {}",
        working="Arbeitsentwurf, {}",
        exported="Exportiert am {}.",
        pending_one="1 Grundsatz ist noch nicht übersetzt.",
        pending_many="{} Grundsätze sind noch nicht übersetzt.",
    ),
}
WORD_LANGUAGE = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "de": "de-DE", "it": "it-IT"}


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose: language, template, line numbers, table of contents."""

    lang: str | None = None
    template: Path | None = None
    line_numbers: bool = False
    toc: bool = True
    status: bool = True  # bracketed text in [brackets], "Under discussion" under headings


@dataclass(frozen=True)
class TitleInfo:
    """How a revision is named on the title page and in the header."""

    label: str  # "Draft agreed at ..." / "Working draft, 3 May 2024"
    day: date | None = None  # shown on its own line unless the label already says it
    note: str = ""  # a smaller line: when and from what the file was made


@dataclass(frozen=True)
class ChangeStamp:
    """Who made the tracked changes, and when (Word shows both on every change)."""

    author: str
    when: datetime

    def iso(self) -> str:
        when = self.when if self.when.tzinfo else self.when.astimezone()
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def vocabulary(lang: str) -> Vocabulary:
    return VOCABULARIES.get(lang.split("-")[0], VOCABULARIES["en"])


# "Original: English" in the language of the export (names of the source language).
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian"},
    "fr": {"en": "anglais", "fr": "français", "es": "espagnol", "de": "allemand", "it": "italien"},
    "es": {"en": "inglés", "fr": "francés", "es": "español", "de": "alemán", "it": "italiano"},
    "de": {
        "en": "Englisch",
        "fr": "Französisch",
        "es": "Spanisch",
        "de": "Deutsch",
        "it": "Italienisch",
    },
}


def original_note(source: str, export_lang: str, vocab: Vocabulary) -> str:
    """'Original: English' (the language the text was written in), as the export says it."""
    names = LANGUAGE_NAMES.get(export_lang.split("-")[0], LANGUAGE_NAMES["en"])
    name = names.get(source.split("-")[0], source)
    colon = "\u00a0:" if export_lang.startswith("fr") else ":"
    return f"{vocab.original}{colon} {name}"
