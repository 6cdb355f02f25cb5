"""Small modal dialogs: confirm, ask for a line of text, identity, quit, recovery, help."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

T = TypeVar("T")

DEFAULT_MARK = "▸ "
"""Put before the label of the button Enter presses."""


class Dialog(ModalScreen[T], Generic[T]):
    """A centred box over the current screen; Escape cancels (dismisses with None)."""

    title_text = "this dialog"
    """Named in the dialog's help (F1); the dialogs with a title use their title."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_descendant_focus(self) -> None:
        self.mark_default()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.mark_default)

    def mark_default(self) -> None:
        """Mark the button Enter presses with ▸ and bold, so it shows without colour.

        That is the focused button; from a text field, the dialog's primary button.
        """
        buttons = list(self.query(Button))
        focused = self.focused
        default = (
            focused
            if isinstance(focused, Button)
            else next((b for b in buttons if b.variant == "primary"), None)
        )
        for button in buttons:
            plain = str(button.label).removeprefix(DEFAULT_MARK)
            button.label = DEFAULT_MARK + plain if button is default else plain
            button.set_class(button is default, "-default")


class ConfirmDialog(Dialog[bool]):
    """A yes/no question worded plainly; the safe answer has the focus."""

    def __init__(
        self,
        title: str,
        question: str,
        *,
        yes: str = "Yes",
        no: str = "Cancel",
        danger: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="error" if self.danger else "primary")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class TextDialog(Dialog[str]):
    """Asks for one line of text; Enter confirms. ``check`` returns an error to show, or None."""

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        value: str = "",
        placeholder: str = "",
        ok: str = "OK",
        check: Callable[[str], str | None] | None = None,
        details: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.value = value
        self.placeholder = placeholder
        self.ok = ok
        self.check = check
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.prompt, classes="dialog-text")
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Label("", id="error", classes="error")
            if self.details:
                yield Static(self.details, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(self.ok, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        value = self.query_one("#answer", Input).value.strip()
        problem = self.check(value) if self.check else (None if value else "Please type something.")
        if problem:
            self.query_one("#error", Label).update(problem)
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class IdentityDialog(Dialog[tuple[str, str]]):
    """Asks once per computer who the user is, so each revision records its author."""

    title_text = "Who is saving?"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Who is saving?", classes="dialog-title")
            yield Static(
                "Every saved revision records who made it. This computer does not know "
                "your name yet; it will be remembered for next time.",
                classes="dialog-text",
            )
            yield Label("Your name", classes="field-label")
            yield Input(id="name", placeholder="e.g. Maria Rossi")
            yield Label("Your e-mail", classes="field-label")
            yield Input(id="email", placeholder="e.g. maria.rossi@example.org")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Continue", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _next(self) -> None:
        self.query_one("#email", Input).focus()

    @on(Input.Submitted, "#email")
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        email = self.query_one("#email", Input).value.strip()
        if not name:
            self.query_one("#error", Label).update("Please type your name.")
            self.query_one("#name", Input).focus()
        elif "@" not in email or " " in email:
            self.query_one("#error", Label).update("Please type an e-mail address (name@domain).")
            self.query_one("#email", Input).focus()
        else:
            self.dismiss((name, email))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog[str]):
    """A question with several answers, each a button; dismisses with the chosen id."""

    def __init__(
        self,
        title: str,
        text: str,
        choices: Sequence[tuple[str, str, str]],
        *,
        focus: str | None = None,
        details: Sequence[str | Content] = (),
    ) -> None:
        """``choices``: (id, button label, variant); ``details``: lines shown in a box."""
        super().__init__()
        self.title_text = title
        self.text = text
        self.choices = choices
        self.focus_id = focus
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.text, classes="dialog-text")
            if self.details:
                with VerticalScroll(classes="details"):
                    for line in self.details:
                        yield Label(line)
            with Horizontal(classes="buttons"):
                for cid, label, variant in self.choices:
                    yield Button(label, id=cid, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        target = self.focus_id or self.choices[0][0]
        self.query_one(f"#{target}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class HelpDialog(Dialog[None]):
    """Every key of the screen underneath, with what it does; ↑ ↓ scroll, Escape or F1 close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("enter", "cancel", "Close", show=False),
    ]

    def __init__(self, screen_name: str, rows: Sequence[tuple[str, str]], intro: str = "") -> None:
        super().__init__()
        self.screen_name = screen_name
        self.rows = rows
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(f"Keys — {self.screen_name}", classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="hint help-intro")
            with VerticalScroll(id="help-keys"):
                for key, description in self.rows:
                    with Horizontal(classes="help-row"):
                        yield Label(key, classes="help-key")
                        yield Label(description, classes="help-description")
            with Horizontal(classes="help-end"):
                yield Label("↑ ↓ scroll · Escape or F1 closes", classes="hint")
                yield Button("Close", id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        # As tall as the keys need, at most the screen: the list scrolls, the end stays.
        wrapped = sum(1 + len(description) // 58 for _key, description in self.rows)
        intro = 1 + len(self.intro) // 72 + 1 if self.intro else 0
        self.query_one(".help").styles.height = wrapped + intro + 4
        self.query_one("#help-keys", VerticalScroll).focus()

    @on(Button.Pressed)
    def _close(self) -> None:
        self.dismiss(None)
