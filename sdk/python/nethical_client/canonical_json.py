"""Canonical JSON exactly as the core writes it (``shared/src/util/canonical-json.ts``): object keys
sorted by UTF-16 code units, no whitespace, strings escaped as ``JSON.stringify`` does, numbers in
ECMAScript's shortest round-trip form (``1`` not ``1.0``, ``1e+21``, ``1e-7``). An audit event's Merkle
leaf is the UTF-8 of this text, so the client recomputes leaf hashes without trusting the log.
"""

from __future__ import annotations

import json
import math

__all__ = ["canonical_json", "js_number"]


def js_number(value: float | int) -> str:
    """A number as ECMAScript's ``Number.prototype.toString`` writes it.

    Example:
        >>> [js_number(1.0), js_number(0.5), js_number(1e21), js_number(1e-7), js_number(-0.0)]
        ['1', '0.5', '1e+21', '1e-7', '0']
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int):
        if abs(value) <= 2**53:
            return str(value)
        value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"non-finite number {value!r} has no JSON form")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr gives the shortest round-trip digits; re-lay them out the ECMAScript way.
    mantissa, _, exponent = repr(abs(value)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    point = len(int_part) + (int(exponent) if exponent else 0)  # decimal point position in int_part+frac
    point -= len(int_part + frac_part) - len((int_part + frac_part).lstrip("0"))
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    exp = f"e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + (digits if k == 1 else digits[0] + "." + digits[1:]) + exp


def _utf16_key(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def _write(value: object, path: str, depth: int) -> str:
    if depth > 512:
        raise ValueError(f"{path}: nested deeper than 512 levels")
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_write(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=_utf16_key)
        parts = []
        for key in keys:
            if not isinstance(key, str):
                raise ValueError(f"{path}: object keys must be strings")
            parts.append(json.dumps(key, ensure_ascii=False) + ":" + _write(value[key], f"{path}.{key}", depth + 1))
        return "{" + ",".join(parts) + "}"
    raise ValueError(f"{path}: {type(value).__name__} has no JSON form")


def canonical_json(value: object) -> str:
    """Serialise ``value`` (parsed JSON: dict, list, str, int, float, bool, None) to canonical JSON.

    Example:
        >>> canonical_json({"b": 1, "a": [True, None, "x"]})
        '{"a":[true,null,"x"],"b":1}'
    """
    return _write(value, "$", 0)
