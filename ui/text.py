"""Data shown as text: one escape for every data-derived string a Markdown-rendering widget draws.

Streamlit renders ``st.markdown``/``st.write``/``st.caption``, alerts, toasts, titles, expander, tab,
metric and widget labels and radio/pill options as GitHub-flavoured Markdown with its own directives
(``:red[...]``, ``:material/icon:``, ``$math$``). A workspace named ``![x](http://host/p)`` would make every
viewer's browser fetch that URL. :func:`md_escape` backslash-escapes every ASCII punctuation mark those
syntaxes use (CommonMark allows a backslash before any of them and shows the mark alone), and folds line
breaks, so the value is drawn exactly as typed and never as an image, a link, HTML, maths or a heading.

Plain-text places (selectbox and multiselect options, ``st.text``, ``st.code``, grid cells) are not
Markdown and must not be escaped: the backslashes would show.
"""

from __future__ import annotations

import re

# Every ASCII punctuation mark Markdown, GFM, HTML, KaTeX or Streamlit's directives give a meaning to.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$~:^=&\"'/@%])")
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
# GFM turns bare URLs, ``www.`` names and email addresses into links after escapes are read, so an invisible
# WORD JOINER goes where those patterns need a letter: in ``://``, after ``www`` and after ``@``.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(:)(?=//)|\b(www)(?=\.)|(@)", re.IGNORECASE)


def md_escape(value: object) -> str:
    """``value`` as text that Markdown draws literally (one line; ``None`` is empty).

    >>> md_escape("![x](http://127.0.0.1:9/p)").replace(JOINER, "+")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\:+\\\\/\\\\/127\\\\.0\\\\.0\\\\.1\\\\:9\\\\/p\\\\)'
    >>> md_escape("www.x.com a@b.io").replace(JOINER, "+")
    'www+\\\\.x\\\\.com a\\\\@+b\\\\.io'
    >>> md_escape("پارس نگار")
    'پارس نگار'
    >>> md_escape("a\\n# b")
    'a \\\\# b'
    """
    if value is None:
        return ""
    text = _AUTOLINK.sub(lambda m: m.group(0) + JOINER, _BREAKS.sub(" ", str(value)))
    return _SPECIAL.sub(r"\\\1", text)
