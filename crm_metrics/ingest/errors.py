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


def unexpected(file: str, err: BaseException) -> ReadError:
    """Any other failure while reading one file, as that file's error (the other files are still read)."""
    if isinstance(err, MemoryError):
        return ReadError(
            file,
            "needs more memory to read than is available.",
            rule="too_large_to_read",
            fix="Split the export by date range, or export it as CSV UTF-8.",
        )
    detail = (str(err).strip().splitlines() or [""])[0][:200]
    return ReadError(
        file,
        f"could not be read because of an unexpected {type(err).__name__}" + (f" ({detail})." if detail else "."),
        rule="unexpected_error",
        fix="Export the file again; if it persists, report it with the file.",
    )
