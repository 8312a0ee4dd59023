#!/usr/bin/env python3
"""Generate CRM Pulse's bundled sample data: the CRM exports of "Pars Negar".

The generator is the ``generator`` package next to this file (see its ``__init__``).

Run:  python sample_data/generate.py [--out DIR]
"""

from generator.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
