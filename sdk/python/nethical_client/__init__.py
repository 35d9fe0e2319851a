"""The Nethical API client for Python, standard library only: evaluate, batch, recorded decisions, the
audit log with client-side proof verification against a pinned key (RFC 6962 Merkle proofs, Ed25519 in
pure Python), retries on 429/503, and ``guard`` for agent tools.

Example:
    >>> from nethical_client import Client, guard
    >>> client = Client("http://127.0.0.1:8787", api_key)
    >>> client.evaluate({"agent_id": "a", "action": "ls", "action_type": "code_execution"})["decision"]
    'ALLOW'
"""

from .audit_proofs import audit_leaf_hash, verify_consistency_proof, verify_event_proof
from .client import Client, DecisionMeta
from .errors import ApprovalDeniedError, BlockedError, GuardRefusal, NethicalApiError, ProofVerificationError, TerminatedError
from .guard import ApprovalRequest, GuardContext, guard, scan_tool_output
from .redact import REDACTED, apply_span_obligations, redact_spans
from .retry_policy import DEFAULT_RETRY, RetryOptions
from .transport import RetryEvent, new_request_id
from .tree_head import PinnedKey, pinned_key, tree_head_bytes, verify_tree_head_signature

__version__ = "0.1.0"

__all__ = [
    "Client",
    "DecisionMeta",
    "guard",
    "scan_tool_output",
    "GuardContext",
    "ApprovalRequest",
    "NethicalApiError",
    "ProofVerificationError",
    "GuardRefusal",
    "BlockedError",
    "TerminatedError",
    "ApprovalDeniedError",
    "RetryOptions",
    "DEFAULT_RETRY",
    "RetryEvent",
    "new_request_id",
    "PinnedKey",
    "pinned_key",
    "tree_head_bytes",
    "verify_tree_head_signature",
    "verify_event_proof",
    "verify_consistency_proof",
    "audit_leaf_hash",
    "apply_span_obligations",
    "redact_spans",
    "REDACTED",
]
