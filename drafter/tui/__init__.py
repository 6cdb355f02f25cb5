"""The terminal UI: a Textual app over the workspace core (no business logic lives here)."""
