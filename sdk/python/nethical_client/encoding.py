"""Strict base64 decoders: padded base64 for hashes and signatures (one text form per value, as the
core's ``merkle/base64.ts`` decodes), unpadded base64url for a JWK's ``x``."""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["b64decode_strict", "b64url_decode_strict"]

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def b64decode_strict(text: object) -> bytes:
    """Decode canonical padded base64; raise ValueError for anything else (whitespace, missing padding,
    trailing bits set).

    Example:
        >>> b64decode_strict("+/8=")
        b'\\xfb\\xff'
    """
    if not isinstance(text, str):
        raise ValueError("base64 text must be a string")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"not base64: {error}") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise ValueError("non-canonical base64")
    return raw


def b64url_decode_strict(text: object) -> bytes:
    """Decode canonical unpadded base64url (RFC 7515 §2, as JWK members are written).

    Example:
        >>> b64url_decode_strict("-_8")
        b'\\xfb\\xff'
    """
    if not isinstance(text, str) or not _B64URL.match(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != text:
        raise ValueError("non-canonical base64url")
    return raw
