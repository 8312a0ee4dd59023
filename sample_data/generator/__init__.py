"""Generate CRM Pulse's bundled sample data: the CRM exports of "Pars Negar".

Pars Negar is a fictional Iranian software company (B2B and B2C subscriptions, money in
toman). Its exports cover eight complete quarters, 2024-10-01 .. 2026-09-30, and a
partial quarter up to 2026-11-15 (the audit date, ``AS_OF``), so the default review
period is 2026Q3.

The generator is deterministic (fixed seed, no clock, no set iteration), rewrites every
output in the output folder and also writes:

- ``expected.json``: the planted data problems (counts and affected ids) and the KPIs a
  correct reader must compute for 2026Q3 and 2026Q2, computed here from the generator's
  own ground truth, following ``KPI_DEFINITIONS.md`` (not with the product's library);
- ``README.md``: what each file is, what is planted, and the numbers to expect.

Modules: ``config`` (seed, dates, pools), ``helpers`` (formats, the random source, the customer
record), ``core`` (the generator and its run order) with one mixin per step (``staff``,
``customers``, ``planting``, ``activity``, ``surveys``, ``sales``), ``files`` (the exports),
``truth`` (expected.json), ``readme`` and ``cli``.

Run:  python sample_data/generate.py [--out DIR]
"""
