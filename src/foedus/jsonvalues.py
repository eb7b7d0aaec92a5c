"""Values as strict JSON holds them, for the command line's `--json` and the web API alike."""

from __future__ import annotations

import math


def strict(value):
    """A value JSON can hold exactly: NaN and infinities become null; dates and paths text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [strict(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return strict(value.item())
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
