"""A self-contained HTML summary of an audit document (every value escaped).

Rendered with Jinja2 autoescaping: text from the uploaded files (names, comments,
file names) can never become markup.
"""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from .normalize import to_persian_digits

_TEXT = {
    "en": {
        "title": "CRM audit", "period": "Period", "as_of": "Data up to", "datasets": "Datasets read",
        "file": "File", "rows": "Rows", "loaded": "Loaded", "rejected": "Rejected", "detected": "Detected",
        "kpis": "Scorecard", "kpi": "Measure", "value": "Value", "n": "Based on", "reason": "Why missing",
        "findings": "Findings", "check": "Check", "severity": "Severity", "count": "Count", "message": "Message",
        "fix": "Fix", "unreadable": "Files that could not be read", "clusters": "Duplicate clusters",
        "none": "None.",
    },
    "fa": {
        "title": "ممیزی CRM", "period": "دوره", "as_of": "داده‌ها تا", "datasets": "مجموعه‌داده‌های خوانده‌شده",
        "file": "فایل", "rows": "ردیف‌ها", "loaded": "بارگذاری‌شده", "rejected": "ردشده", "detected": "تشخیص",
        "kpis": "کارنامه شاخص‌ها", "kpi": "شاخص", "value": "مقدار", "n": "بر پایه", "reason": "علت نبود مقدار",
        "findings": "یافته‌ها", "check": "بررسی", "severity": "شدت", "count": "تعداد", "message": "شرح",
        "fix": "اقدام اصلاحی", "unreadable": "فایل‌هایی که خوانده نشدند", "clusters": "خوشه‌های تکراری",
        "none": "هیچ.",
    },
}

_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}" dir="{{ 'rtl' if lang == 'fa' else 'ltr' }}">
<head><meta charset="utf-8"><title>{{ t.title }} {{ doc.period.label }}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font-family:Vazirmatn,Tahoma,"Segoe UI",sans-serif;margin:2rem;color:#1f2937}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}
th,td{border:1px solid #d1d5db;padding:.35rem .5rem;text-align:start;vertical-align:top;unicode-bidi:plaintext}
th{background:#f3f4f6} .high{color:#b91c1c} .medium{color:#b45309} .low{color:#4b5563}
</style></head>
<body>
<h1>{{ t.title }} — {{ doc.period.label }}</h1>
<p>{{ t.period }}: {{ num(doc.period.start) }} … {{ num(doc.period.end) }} · {{ t.as_of }}: {{ num(doc.as_of) }}</p>
<h2>{{ t.kpis }}</h2>
<table><tr><th>{{ t.kpi }}</th><th>{{ t.value }}</th><th>{{ t.n }}</th><th>{{ t.reason }}</th></tr>
{% for name, k in doc.kpis.items() %}<tr><td>{{ name }}</td><td>{{ num(fmt(k.value)) }}</td>
<td>{{ num(k.n if k.n is defined else (k.customers_at_start if k.customers_at_start is defined else '')) }}</td><td>{{ k.reason or '' }}</td></tr>
{% endfor %}</table>
<h2>{{ t.datasets }}</h2>
<table><tr><th>{{ t.file }}</th><th>{{ t.rows }}</th><th>{{ t.loaded }}</th><th>{{ t.rejected }}</th><th>{{ t.detected }}</th></tr>
{% for name, d in doc.datasets.items() %}<tr><td>{{ d.file }} ({{ name }})</td><td>{{ num(d.data_rows) }}</td><td>{{ num(d.rows_loaded) }}</td>
<td>{{ num(d.rows_rejected) }}</td><td>{% for k, v in d.detected.items() %}{{ k }}: {{ v }}<br>{% endfor %}</td></tr>
{% endfor %}</table>
{% if doc.unreadable_files %}<h2>{{ t.unreadable }}</h2><ul>{% for e in doc.unreadable_files %}<li>{{ e.file }}: {{ e.reason }} {{ e.fix }}</li>{% endfor %}</ul>{% endif %}
<h2>{{ t.findings }}</h2>
{% if doc.findings %}<table><tr><th>{{ t.check }}</th><th>{{ t.severity }}</th><th>{{ t.count }}</th><th>{{ t.message }}</th><th>{{ t.fix }}</th></tr>
{% for f in doc.findings %}<tr><td>{{ f.dataset }} · {{ f.check }}</td><td class="{{ f.severity }}">{{ f.severity }}</td><td>{{ num(f.count) }}</td>
<td>{{ f.message }}</td><td>{{ f.fix or '' }}</td></tr>{% endfor %}</table>{% else %}<p>{{ t.none }}</p>{% endif %}
<h2>{{ t.clusters }}</h2><p>{{ num(doc.duplicate_clusters | length) }}</p>
</body></html>
"""


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def render_summary(doc: dict, *, lang: str = "en") -> str:
    """The HTML summary of an audit document, in English or Persian (right to left)."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(_TEMPLATE)
    num = (lambda v: to_persian_digits(str(v))) if lang == "fa" else (lambda v: str(v))
    return template.render(doc=doc, lang=lang, t=_TEXT[lang], fmt=_fmt, num=num)
