"""Model parameters: a frozen pydantic base, switch codes derived from names, kernel records.

Every model's `Params` subclasses `ModelParams`: unknown names, non-finite numbers and values out
of their documented range are errors. Open choices of a published model are `switch_*` fields
typed as `Literal[...]`; a compiled kernel compares them with integer codes derived from the
switch's name and value (`switch_enum`), so no code depends on the order a list was written in.
"""

from __future__ import annotations

import re
import zlib
from collections import namedtuple
from enum import IntEnum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError

from foedus.errors import ParameterError


class ModelParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True)

    @classmethod
    def parse(cls, overrides: dict[str, Any] | None = None, **more: Any):
        """Validated parameters; bad input raises ParameterError naming each field."""
        try:
            return cls(**{**(overrides or {}), **more})
        except ValidationError as exc:
            raise ParameterError(describe_validation(exc)) from None

    @classmethod
    def switch_values(cls) -> dict[str, tuple[str, ...]]:
        """Each Literal-typed field and the values it accepts."""
        return {
            name: get_args(f.annotation)
            for name, f in cls.model_fields.items()
            if get_origin(f.annotation) is Literal
        }


def describe_validation(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(map(str, e["loc"])) or "(all)"
        found = "" if e["type"] == "missing" else f" (found {e['input']!r})"
        parts.append(f"parameter {where}: {e['msg']}{found}")
    return "; ".join(parts)


def switch_code(field: str, value: str) -> int:
    """A stable integer for `field=value`: the same in every process and release."""
    return zlib.crc32(f"{field}={value}".encode()) & 0x7FFFFFFF


def switch_enum(params: type[ModelParams], field: str) -> type[IntEnum]:
    """An IntEnum of a Literal switch, members named by value (`opponent_both` -> OPPONENT_BOTH)."""
    values = params.switch_values()[field]
    members = {re.sub(r"\W", "_", str(v)).upper(): switch_code(field, str(v)) for v in values}
    name = "".join(part.title() for part in field.removeprefix("switch_").split("_"))
    return IntEnum(name, members, module=params.__module__)


def kernel_fields(params: type[ModelParams]) -> list[str]:
    """Fields a compiled kernel sees: numbers, booleans and switches (not names or text)."""
    return [
        name
        for name, f in params.model_fields.items()
        if get_origin(f.annotation) is Literal or f.annotation in (bool, int, float)
    ]


def kernel_record_type(params: type[ModelParams], name: str, module: str, extra: tuple[str, ...] = ()):
    """A named tuple with one field per kernel field (plus `extra`), for compiled kernels."""
    cls = namedtuple(name, [*kernel_fields(params), *extra])
    cls.__module__ = module  # picklable by reference, as Numba's cache requires
    return cls


def kernel_record(p: ModelParams, record_type, **extra):
    """Parameters as the kernel's named tuple: switches as codes, ints as int, floats as float."""
    switches = type(p).switch_values()
    values = {}
    for name in kernel_fields(type(p)):
        v = getattr(p, name)
        if name in switches:
            values[name] = switch_code(name, v)
        elif isinstance(v, bool):
            values[name] = bool(v)
        elif isinstance(v, int):
            values[name] = int(v)
        else:
            values[name] = float(v)
    return record_type(**values, **extra)
