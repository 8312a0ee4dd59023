"""``python -m crm_metrics``: see :mod:`crm_metrics.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - the last guard: one sentence, no traceback
        print(f"error: the audit stopped unexpectedly ({type(err).__name__}: {err}).", file=sys.stderr)
        sys.exit(3)
