"""Ed25519 signature verification (RFC 8032 §5.1.7), pure Python, verification only.

The standard library has no Ed25519, and the client must stay dependency-free, so the tree head
signature is checked here: edwards25519 in extended coordinates, SHA-512 from hashlib. It is the
cofactorless check ([S]B = R + [k]A, compared as encodings) that OpenSSL and WebCrypto implement, so a
signature the Worker's WebCrypto accepts is accepted here and vice versa. Non-canonical encodings
(y >= p, S >= L) are refused. Not constant-time: it only handles public data.
"""

from __future__ import annotations

import hashlib

__all__ = ["verify", "Ed25519KeyError"]

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


class Ed25519KeyError(ValueError):
    """A public key that is not 32 bytes or not the encoding of a curve point."""


def _add(p1: tuple[int, int, int, int], p2: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % _P
    b = (y1 + x1) * (y2 + x2) % _P
    c = 2 * t1 * t2 * _D % _P
    d = 2 * z1 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(scalar: int, point: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    result = (0, 1, 1, 0)
    while scalar > 0:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _encode(point: tuple[int, int, int, int]) -> bytes:
    x, y, z, _ = point
    zi = pow(z, _P - 2, _P)
    x, y = x * zi % _P, y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _decode(encoded: bytes) -> tuple[int, int, int, int] | None:
    if len(encoded) != 32:
        return None
    value = int.from_bytes(encoded, "little")
    sign = value >> 255
    y = value & ((1 << 255) - 1)
    if y >= _P:
        return None
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    vx2 = v * x * x % _P
    if vx2 == (-u) % _P:
        x = x * _SQRT_M1 % _P
    elif vx2 != u:
        return None
    if x == 0 and sign == 1:
        return None
    if (x & 1) != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_B = _decode(_GY.to_bytes(32, "little"))
assert _B is not None


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``message`` by ``public_key``.

    Returns False for a wrong, tampered or malformed signature; raises Ed25519KeyError only when the
    public key itself is unusable.

    Example:
        >>> verify(bytes.fromhex("d75a98...511a"), b"", bytes.fromhex("e55643...100b"))  # RFC 8032 test 1
        True
    """
    a = _decode(bytes(public_key))
    if a is None:
        raise Ed25519KeyError("not an Ed25519 public key (32 bytes encoding a curve point)")
    if len(signature) != 64:
        return False
    r_bytes, s_bytes = bytes(signature[:32]), bytes(signature[32:])
    s = int.from_bytes(s_bytes, "little")
    if s >= _L or _decode(r_bytes) is None:
        return False
    k = int.from_bytes(hashlib.sha512(r_bytes + bytes(public_key) + bytes(message)).digest(), "little") % _L
    neg_a = ((_P - a[0]) % _P, a[1], a[2], (_P - a[3]) % _P)
    return _encode(_add(_mul(s, _B), _mul(k, neg_a))) == r_bytes
