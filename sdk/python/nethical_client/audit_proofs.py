"""Client-side checks of what the audit API answers, against a key the caller pinned (never the key the
server sends along), as ``sdk/typescript/src/audit-proofs.ts``: the signed tree head, an event's
inclusion proof (its leaf hash recomputed from the event: SHA-256(0x00 ‖ canonical JSON)), and a
consistency proof between two signed heads. Each returns None when it holds, else the reason.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Union

from .canonical_json import canonical_json
from .encoding import b64decode_strict
from .merkle import hash_leaf, verify_consistency, verify_inclusion
from .tree_head import PinnedKey, verify_tree_head_signature

__all__ = ["audit_leaf_hash", "verify_event_proof", "verify_consistency_proof"]


def audit_leaf_hash(event: Mapping[str, Any]) -> bytes:
    """The RFC 6962 leaf hash of an audit event: SHA-256(0x00 ‖ UTF-8 of its canonical JSON).

    Example:
        >>> audit_leaf_hash(answer["event"]).hex()
        '5c1f…'
    """
    return hash_leaf(canonical_json(event).encode("utf-8"))


def _decode_all(nodes: object) -> Union[List[bytes], str]:
    if not isinstance(nodes, list):
        return "the proof is not an array"
    try:
        return [b64decode_strict(n) for n in nodes]
    except ValueError:
        return "a proof node is not base64"


def verify_event_proof(proof: Mapping[str, Any], pinned: PinnedKey) -> Optional[str]:
    """Check ``GET /v2/audit/{id}``'s answer: the head is signed by the pinned key and the leaf hash
    recomputed from the event sits at ``leaf_index`` in that head's tree.

    Example:
        >>> verify_event_proof(answer, pinned) is None
        True
    """
    head = proof.get("tree_head")
    problem = verify_tree_head_signature(head, pinned)
    if problem is not None:
        return problem
    nodes = _decode_all(proof.get("inclusion_proof"))
    if isinstance(nodes, str):
        return nodes
    try:
        leaf = audit_leaf_hash(proof.get("event"))  # type: ignore[arg-type]
    except ValueError as error:
        return f"the event has no canonical form: {error}"
    reason = verify_inclusion(proof.get("leaf_index"), head["tree_size"], leaf, nodes, b64decode_strict(head["root_hash"]))  # type: ignore[index, arg-type]
    return None if reason is None else f"inclusion: {reason}"


def verify_consistency_proof(proof: Mapping[str, Any], pinned: PinnedKey) -> Optional[str]:
    """Check ``GET /v2/audit/consistency``'s answer: both heads signed by the pinned key, same log, and
    the proof leads from the older root to the newer one.

    Example:
        >>> verify_consistency_proof(answer, pinned) is None
        True
    """
    heads = {}
    for name in ("from_tree_head", "to_tree_head"):
        problem = verify_tree_head_signature(proof.get(name), pinned)
        if problem is not None:
            return f"{name}: {problem}"
        heads[name] = proof[name]
    older, newer = heads["from_tree_head"], heads["to_tree_head"]
    if older["log_id"] != newer["log_id"]:
        return "the two heads belong to different logs"
    nodes = _decode_all(proof.get("proof"))
    if isinstance(nodes, str):
        return nodes
    reason = verify_consistency(
        older["tree_size"], newer["tree_size"], b64decode_strict(older["root_hash"]), b64decode_strict(newer["root_hash"]), nodes
    )
    return None if reason is None else f"consistency: {reason}"
