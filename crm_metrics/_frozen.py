"""A read-only mapping that survives pickling (Streamlit's cache pickles results; MappingProxyType cannot)."""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict whose contents cannot change after construction.

    >>> d = FrozenDict(a=1)
    >>> d["b"] = 2
    Traceback (most recent call last):
    ...
    TypeError: FrozenDict is read-only
    >>> import pickle; pickle.loads(pickle.dumps(d)) == {"a": 1}
    True
    """

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("FrozenDict is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __reduce__(self) -> tuple[type[FrozenDict[Any, Any]], tuple[dict[K, V]]]:
        return (FrozenDict, (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"
