"""JSON output that is always valid JSON: never `NaN` or `Infinity`.

Python's `json` writes non-finite numbers as `NaN` and `Infinity`, which no
JSON parser has to accept. Every JSON document the handbook writes goes
through `dumps`: a non-finite number inside it (a value written `.nan` in an
old revision, say) is written as its YAML spelling, as text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any


def finite(value: Any) -> Any:
    """`value` with every NaN or infinite float replaced by `.nan`, `.inf` or `-.inf`."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dumps(document: Any, indent: int | None = None, sort_keys: bool = False,
          separators: tuple[str, str] | None = None,
          default: Callable[[Any], Any] | None = None) -> str:
    """JSON text of `document` (UTF-8 characters kept), refusing NaN and infinities."""
    return json.dumps(finite(document), ensure_ascii=False, allow_nan=False, indent=indent,
                      sort_keys=sort_keys, separators=separators, default=default)
