"""The one exception a reader raises: a file that cannot be read at all."""

from __future__ import annotations


class ReadError(Exception):
    """A whole file is unusable. ``str(err)`` is one plain sentence naming the file and the reason."""

    def __init__(self, file: str, reason: str, *, rule: str = "unreadable_file", fix: str = "") -> None:
        self.file = file
        self.reason = reason
        self.rule = rule
        self.fix = fix
        super().__init__(f"{file}: {reason}" + (f" {fix}" if fix else ""))
