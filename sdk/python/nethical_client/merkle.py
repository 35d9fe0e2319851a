"""RFC 6962 / RFC 9162 Merkle tree hashing and proof verification, mirroring the core's
``shared/src/merkle/verify-inclusion.ts`` and ``verify-consistency.ts`` line by line (same edge cases:
a proof from size 0 proves nothing, equal sizes need an empty proof and equal roots). Every function
returns ``None`` when the claim holds and a reason otherwise; none raises on bad input.
"""

from __future__ import annotations

import hashlib
from typing import Optional, Sequence

__all__ = ["hash_leaf", "hash_children", "verify_inclusion", "verify_consistency", "MAX_PROOF_NODES"]

HASH_SIZE = 32
#: No honest proof has more nodes than a 2^64-leaf tree is deep.
MAX_PROOF_NODES = 64
_MAX_SAFE = 2**53 - 1


def hash_leaf(entry: bytes) -> bytes:
    """SHA-256(0x00 ‖ entry), the RFC 6962 leaf hash.

    Example:
        >>> hash_leaf(b"").hex()[:8]
        '6e340b9c'
    """
    return hashlib.sha256(b"\x00" + bytes(entry)).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right), an interior node.

    Example:
        >>> len(hash_children(bytes(32), bytes(32)))
        32
    """
    return hashlib.sha256(b"\x01" + left + right).digest()


def _is_size(n: object) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= _MAX_SAFE


def _is_hash(h: object) -> bool:
    return isinstance(h, (bytes, bytearray)) and len(h) == HASH_SIZE


def _proof_problem(proof: object) -> Optional[str]:
    if not isinstance(proof, (list, tuple)):
        return "proof is not a list of hashes"
    if len(proof) > MAX_PROOF_NODES:
        return f"proof has {len(proof)} nodes, more than any tree needs"
    for i, node in enumerate(proof):
        if not _is_hash(node):
            return f"proof[{i}] is not a {HASH_SIZE}-byte hash"
    return None


def verify_inclusion(leaf_index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes], root_hash: bytes) -> Optional[str]:
    """Check that ``leaf_hash`` sits at ``leaf_index`` in the tree of ``tree_size`` leaves with root
    ``root_hash`` (RFC 9162 §2.1.3.2). None when it does, else the reason.

    Example:
        >>> verify_inclusion(0, 1, hash_leaf(b"a"), [], hash_leaf(b"a")) is None
        True
    """
    if not _is_size(tree_size):
        return f"tree size {tree_size!r} is not a non-negative safe integer"
    if not _is_size(leaf_index):
        return f"leaf index {leaf_index!r} is not a non-negative safe integer"
    if leaf_index >= tree_size:
        return f"leaf index {leaf_index} is not below tree size {tree_size}"
    if not _is_hash(leaf_hash):
        return "leaf hash is not a 32-byte hash"
    if not _is_hash(root_hash):
        return "root hash is not a 32-byte hash"
    shape = _proof_problem(proof)
    if shape is not None:
        return shape
    fn, sn, r = leaf_index, tree_size - 1, bytes(leaf_hash)
    for p in proof:
        if sn == 0:
            return f"proof has more nodes than a tree of size {tree_size} needs for leaf {leaf_index}"
        if fn % 2 == 1 or fn == sn:
            r = hash_children(bytes(p), r)
            while fn % 2 == 0 and fn != 0:
                fn //= 2
                sn //= 2
        else:
            r = hash_children(r, bytes(p))
        fn //= 2
        sn //= 2
    if sn != 0:
        return f"proof is missing nodes for leaf {leaf_index} in a tree of size {tree_size}"
    if r != bytes(root_hash):
        return "the root computed from the proof does not match the root hash"
    return None


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> Optional[str]:
    """Check that the tree of ``size2`` leaves (root ``root2``) extends the tree of ``size1`` leaves
    (root ``root1``) by appending only (RFC 9162 §2.1.4.2). None when it does, else the reason.

    Example:
        >>> verify_consistency(1, 1, hash_leaf(b"a"), hash_leaf(b"a"), []) is None
        True
    """
    if not _is_size(size1):
        return f"size1 {size1!r} is not a non-negative safe integer"
    if not _is_size(size2):
        return f"size2 {size2!r} is not a non-negative safe integer"
    if size1 > size2:
        return f"size1 {size1} is larger than size2 {size2}: a log never shrinks"
    if size1 == 0:
        return "size1 is 0: consistency with the empty tree proves nothing"
    shape = _proof_problem(proof)
    if shape is not None:
        return shape
    if not isinstance(root1, (bytes, bytearray)) or not isinstance(root2, (bytes, bytearray)):
        return "roots must be bytes"
    if size1 == size2:
        if len(proof) > 0:
            return f"sizes are equal ({size1}) but the proof is not empty"
        return None if bytes(root1) == bytes(root2) else f"sizes are equal ({size1}) but the roots differ"
    if not _is_hash(root1):
        return "root1 is not a 32-byte hash"
    if not _is_hash(root2):
        return "root2 is not a 32-byte hash"
    if len(proof) == 0:
        return f"the proof from size {size1} to {size2} is empty"
    # When size1 is a power of two, root1 is itself the first node of the path.
    nodes = [bytes(root1), *map(bytes, proof)] if size1 & (size1 - 1) == 0 else [bytes(p) for p in proof]
    fn, sn = size1 - 1, size2 - 1
    while fn % 2 == 1:
        fn = (fn - 1) // 2
        sn //= 2
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            return f"proof has more nodes than sizes {size1} → {size2} need"
        if fn % 2 == 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            while fn % 2 == 0 and fn != 0:
                fn //= 2
                sn //= 2
        else:
            sr = hash_children(sr, c)
        fn //= 2
        sn //= 2
    if sn != 0:
        return f"proof is missing nodes for sizes {size1} → {size2}"
    if fr != bytes(root1):
        return "the proof does not reproduce root1"
    if sr != bytes(root2):
        return "the proof does not reproduce root2"
    return None
