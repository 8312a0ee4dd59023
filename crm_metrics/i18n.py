"""The message catalogue: English source text, Persian translations in gettext ``.po`` files.

Every user-facing string of the app and the reports is written in English in the code, marked
with a translation call (``t``, ``tn``, ``tp``, or :func:`N_` where the text is only named), and
translated from ``crm_metrics/locale/fa/LC_MESSAGES/*.po``. The ``.po`` files are compiled in
memory by Babel the first time a language is used (nothing registers text at import time).
Extraction: ``pybabel extract -F babel.cfg -o messages.pot .``.

>>> fa = translator("fa")
>>> translator("en").text("{n} of {total}", n=3, total=1200)
'3 of 1200'
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .normalize import to_persian_digits

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: dict[str, str] = {"en": "English", "fa": "فارسی"}
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is only named (registries); translated where shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for extraction; whoever shows it translates it in that context."""
    return message


_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_GROUPING = re.compile(r"(?<=\d),(?=\d{3})")
_PERCENT = re.compile(r"(?<=\d)\s?%")


def persian_number_text(text: str) -> str:
    """``1,234.5%`` → ``۱٬۲۳۴٫۵٪``: Persian digits, and ٬ ٫ ٪ only between or after digits."""
    text = _DECIMAL.sub("٫", text)
    text = _GROUPING.sub("٬", text)
    text = _PERCENT.sub("٪", text)
    return to_persian_digits(text)


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    """All ``.po`` files of ``lang`` compiled in memory and merged (English: the source text)."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    if lang == SOURCE_LANGUAGE or not folder.is_dir():
        return gettext.NullTranslations()
    merged: Translations | None = None
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=po_path.stem)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        part = Translations(buffer, domain=po_path.stem)
        merged = part if merged is None else merged.merge(part)
    return merged if merged is not None else gettext.NullTranslations()


@dataclass(frozen=True, slots=True)
class Translator:
    """Messages of one language: ``text``, ``plural`` and ``context`` fill ``{placeholders}``.

    Parameters are written the language's way: in Persian, digits become Persian digits with
    ٬ ٫ ٪ (text parameters keep their own characters apart from digits).
    """

    lang: str

    @property
    def rtl(self) -> bool:
        return self.lang == "fa"

    def digits(self, value: Any) -> str:
        """``value`` as text with the language's digits."""
        text = str(value)
        return persian_number_text(text) if self.lang == "fa" else text

    def _fill(self, template: str, params: dict[str, Any]) -> str:
        if not params:
            return template
        return template.format(**{key: self.digits(value) for key, value in params.items()})

    def text(self, message: str, /, **params: Any) -> str:
        """``message`` translated, placeholders filled."""
        return self._fill(_catalogue(self.lang).gettext(message), params)

    def plural(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """The plural form for ``n`` (the language's plural rule); ``{n}`` is available to fill."""
        return self._fill(_catalogue(self.lang).ngettext(singular, plural, n), {"n": n, **params})

    def context(self, context: str, message: str, /, **params: Any) -> str:
        """``message`` translated in ``context`` (for an English word with two Persian meanings)."""
        return self._fill(_catalogue(self.lang).pgettext(context, message), params)

    def raw(self, message: str) -> str:
        """``message`` translated, with no placeholder filling (templates formatted later)."""
        return _catalogue(self.lang).gettext(message)


@cache
def translator(lang: str) -> Translator:
    """The translator of ``lang`` (``en`` or ``fa``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    return Translator(lang)
