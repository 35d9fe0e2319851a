"""The signed tree head: its shape check, the exact bytes its Ed25519 signature covers
(``shared/src/merkle/tree-head-bytes.ts``), and the signature check against a pinned key.

The signed bytes (UTF-8, every line ending in "\\n", decimal integers, hashes in padded base64)::

    nethical/tree-head/v1
    log_id <log_id>
    tree_size <tree_size>
    root_hash <root_hash>
    timestamp <timestamp>
    key_id <key_id>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from . import ed25519
from .encoding import b64decode_strict, b64url_decode_strict

__all__ = ["PinnedKey", "pinned_key", "tree_head_bytes", "tree_head_shape_problem", "verify_tree_head_signature"]

TREE_HEAD_HEADER = "nethical/tree-head/v1"
_LOG_ID = re.compile(r"^[^\x00-\x1f\x7f]{1,256}$")
_KEY_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_MAX_SAFE = 2**53 - 1


@dataclass(frozen=True)
class PinnedKey:
    """The audit log's public key, pinned: its key id and the 32 raw Ed25519 public key bytes."""

    key_id: str
    public_key: bytes


def pinned_key(value: Mapping[str, Any]) -> PinnedKey:
    """The pinned key from ``public_key`` as ``GET /v2/audit/tree-head`` shows it (``{key_id, jwk}``
    with an Ed25519 OKP JWK), obtained once out of band. Raises ValueError for anything else.

    Example:
        >>> pinned_key({"key_id": "audit-dev-1a2b", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}})
        PinnedKey(key_id='audit-dev-1a2b', public_key=b'...')
    """
    if isinstance(value, PinnedKey):
        return value
    key_id = value.get("key_id") if isinstance(value, Mapping) else None
    jwk = value.get("jwk") if isinstance(value, Mapping) else None
    if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
        raise ValueError("key ids are 1–128 characters of [A-Za-z0-9._:-]")
    if not isinstance(jwk, Mapping) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise ValueError("the pinned key must be an Ed25519 OKP JWK")
    try:
        raw = b64url_decode_strict(jwk.get("x"))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValueError("JWK x must be the 32-byte public key in base64url")
    return PinnedKey(key_id, raw)


def _is_count(n: object) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= _MAX_SAFE


def _is_b64_of(text: object, size: int) -> bool:
    try:
        return len(b64decode_strict(text)) == size
    except ValueError:
        return False


def tree_head_shape_problem(head: object) -> Optional[str]:
    """The first problem with an untrusted signed tree head's shape, or None when well formed.

    Example:
        >>> tree_head_shape_problem({"log_id": "acme", "tree_size": -1})
        'tree_size must be a non-negative safe integer'
    """
    if not isinstance(head, Mapping):
        return "tree head is not an object"
    if not isinstance(head.get("log_id"), str) or not _LOG_ID.match(head["log_id"]):
        return "log_id must be 1–256 characters without control characters"
    if not _is_count(head.get("tree_size")):
        return "tree_size must be a non-negative safe integer"
    if not _is_b64_of(head.get("root_hash"), 32):
        return "root_hash must be a 32-byte hash in padded base64"
    if not _is_count(head.get("timestamp")):
        return "timestamp must be a non-negative safe integer"
    if not isinstance(head.get("key_id"), str) or not _KEY_ID.match(head["key_id"]):
        return "key_id must be 1–128 characters of [A-Za-z0-9._:-]"
    if not _is_b64_of(head.get("signature"), 64):
        return "signature must be a 64-byte Ed25519 signature in padded base64"
    return None


def tree_head_bytes(head: Mapping[str, Any]) -> bytes:
    """The exact bytes a tree head signature covers (fields already checked).

    Example:
        >>> tree_head_bytes(head).decode()
        'nethical/tree-head/v1\\nlog_id acme\\n…key_id audit-2026\\n'
    """
    text = (
        f"{TREE_HEAD_HEADER}\nlog_id {head['log_id']}\ntree_size {head['tree_size']}\n"
        f"root_hash {head['root_hash']}\ntimestamp {head['timestamp']}\nkey_id {head['key_id']}\n"
    )
    return text.encode("utf-8")


def verify_tree_head_signature(head: object, pinned: PinnedKey) -> Optional[str]:
    """Check a signed tree head's shape and its Ed25519 signature with the pinned key. None when it
    verifies, else the reason. Never raises.

    Example:
        >>> verify_tree_head_signature(answer["tree_head"], pinned) is None
        True
    """
    problem = tree_head_shape_problem(head)
    if problem is not None:
        return f"tree head is malformed: {problem}"
    assert isinstance(head, Mapping)
    if head["key_id"] != pinned.key_id:
        return f'tree head is signed by unknown key "{head["key_id"]}"'
    try:
        ok = ed25519.verify(pinned.public_key, tree_head_bytes(head), b64decode_strict(head["signature"]))
    except ValueError as error:
        return f"tree head signature could not be checked: {error}"
    return None if ok else f'tree head signature does not verify with key "{head["key_id"]}"'
