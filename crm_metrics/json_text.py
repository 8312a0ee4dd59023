"""JSON text of plain values, fast, exactly as ``json.dumps(value, ensure_ascii=False, indent=1)`` writes it.

The standard library indents in pure Python (its C encoder only writes unindented JSON), which
took about 4 s for the 92 MB audit of a million contacts. :func:`dumps` lets orjson serialise in
native code and then makes its text the standard library's, byte for byte:

- orjson indents by two spaces. Every line break of JSON text is structural (one inside a
  string is written ``\\n``), so half of the spaces after each line break are dropped: when no
  string holds two spaces in a row (the unindented text has none), by replacing each two
  spaces with one; else line by line.
- orjson spells floats below 1e-4 differently (``0.00001``, ``3e-6`` for Python's ``1e-05``,
  ``3e-06``). Such a number, where a number can stand (after ``": "`` or alone on a line), is
  written again with ``repr``: both are the shortest text that reads back as the same float.

What orjson refuses (an integer beyond 64 bits, a key that is not a string, a lone surrogate)
goes to the standard library. One difference remains: NaN and infinity, which the standard
library refuses with ``allow_nan=False``, are written as ``null``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import orjson

_NUMBER_BYTES = frozenset(b"0123456789.-+e")
_ODD_MARKERS = (b"0.0000", b"e-", b"e+")  # in every number orjson and repr spell differently
_LINE_BREAK, _SPACE, _BACKSLASH = 0x0A, 0x20, 0x5C


def dumps(value: Any) -> bytes:
    """``json.dumps(value, ensure_ascii=False, indent=1)`` as UTF-8 bytes (NaN written as null)."""
    try:
        compact = orjson.dumps(value)  # spaces only inside strings
    except TypeError:
        return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    spaced = b"  " in compact
    odd = any(marker in compact for marker in _ODD_MARKERS)
    del compact
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    text = _halve_indent(text) if spaced else text.replace(b"  ", b" ")
    return _python_floats(text) if odd else text


def _halve_indent(text: bytes) -> bytes:
    """Each line's leading 2k spaces cut to k (whatever the strings hold)."""
    raw = np.frombuffer(text, dtype=np.uint8)
    keep = np.ones(len(raw), dtype=bool)
    lines = np.flatnonzero(raw == _LINE_BREAK)
    depth = 0
    while len(lines):  # lines indented deeper than ``depth`` levels (two spaces each)
        first = lines + 2 * depth + 1
        inside = first + 1 < len(raw)
        lines, first = lines[inside], first[inside]
        lines = lines[(raw[first] == _SPACE) & (raw[first + 1] == _SPACE)]
        keep[lines + depth + 1] = False
        depth += 1
    return raw[keep].tobytes() if depth else text


def _python_floats(text: bytes) -> bytes:
    """Numbers orjson spells differently from ``repr`` (``0.0000…``, any exponent) respelled."""
    fixes: dict[int, tuple[int, bytes]] = {}
    for marker in _ODD_MARKERS:
        at = text.find(marker)
        while at >= 0:
            span = _number_around(text, at)
            if span is not None and span[0] not in fixes:
                start, end = span
                spelled = repr(float(text[start:end])).encode()
                if spelled != text[start:end]:
                    fixes[start] = (end, spelled)
            at = text.find(marker, at + 1)
    if not fixes:
        return text
    parts, done = [], 0
    for start in sorted(fixes):
        end, spelled = fixes[start]
        parts += [text[done:start], spelled]
        done = end
    parts.append(text[done:])
    return b"".join(parts)


def _number_around(text: bytes, at: int) -> tuple[int, int] | None:
    """The span of the number token containing byte ``at`` when it stands where a JSON number
    can (a value after ``": "``, or alone on its line in an array), else None (inside a string)."""
    start, end = at, at
    while start > 0 and text[start - 1] in _NUMBER_BYTES:
        start -= 1
    while end < len(text) and text[end] in _NUMBER_BYTES:
        end += 1
    if end < len(text) and text[end] not in b",\n":
        return None
    if start == 0:
        return start, end  # the whole text is this number
    if text[max(0, start - 3) : start] == b'": ' and _closes_string(text, start - 3):
        return start, end
    line = text.rfind(b"\n", 0, start)
    if line >= 0 and text[line + 1 : start].strip(b" ") == b"":
        return start, end
    return None


def _closes_string(text: bytes, quote: int) -> bool:
    """Whether the ``"`` at ``quote`` ends a string (an even number of backslashes before it)."""
    escapes = quote
    while escapes > 0 and text[escapes - 1] == _BACKSLASH:
        escapes -= 1
    return (quote - escapes) % 2 == 0
