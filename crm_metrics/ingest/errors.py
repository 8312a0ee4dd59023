"""The one exception a reader raises: a file that cannot be read at all."""

from __future__ import annotations

from collections.abc import Callable


class ReadError(Exception):
    """A whole file is unusable. ``str(err)`` is one plain sentence naming the file and the reason."""

    def __init__(self, file: str, reason: str, *, rule: str = "unreadable_file", fix: str = "") -> None:
        self.file = file
        self.reason = reason
        self.rule = rule
        self.fix = fix
        super().__init__(f"{file}: {reason}" + (f" {fix}" if fix else ""))

    def __reduce__(self) -> tuple[Callable[[str, str, str, str], ReadError], tuple[str, str, str, str]]:
        """Pickled whole: Streamlit's cache copies loaded data, unreadable files included."""
        return (_read_error, (self.file, self.reason, self.rule, self.fix))


def _read_error(file: str, reason: str, rule: str, fix: str) -> ReadError:
    return ReadError(file, reason, rule=rule, fix=fix)
