"""``Client``: the Nethical API over the standard library, as the TypeScript ``NethicalClient``: request
ids, timeouts and retries from the transport, idempotent evaluate/batch (the client fills in
``request_id``, so a retried request keeps its decision id), and audit answers verified against a pinned
key before they are returned.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from .audit_proofs import verify_consistency_proof, verify_event_proof
from .errors import ProofVerificationError
from .retry_policy import DEFAULT_RETRY, RetryOptions
from .transport import DEFAULT_TIMEOUT_S, RetryEvent, Transport, new_request_id
from .tree_head import PinnedKey, pinned_key, verify_tree_head_signature

__all__ = ["Client", "DecisionMeta"]

Json = Dict[str, Any]


@dataclass(frozen=True)
class DecisionMeta:
    """The Worker's answer headers around a decision."""

    request_id: str
    policy_version: Optional[str]
    agent_seq: Optional[int]
    audit_event_id: Optional[str]
    #: ``X-Nethical-Degraded`` when the fail-safe answered (``agent_state``, ``policy``, ``budget``).
    degraded: Optional[str]
    #: The agent's token bucket after this decision: ``{"limit", "remaining", "reset_s"}``.
    rate_limit: Optional[Dict[str, int]]


def _int(value: Optional[str]) -> Optional[int]:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except ValueError:
        return None


def _meta_of(headers: Mapping[str, str]) -> DecisionMeta:
    limit, remaining, reset = (_int(headers.get(h)) for h in ("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"))
    return DecisionMeta(
        request_id=headers.get("x-request-id", ""),
        policy_version=headers.get("x-nethical-policy-version"),
        agent_seq=_int(headers.get("x-nethical-agent-seq")),
        audit_event_id=headers.get("x-nethical-audit-event-id"),
        degraded=headers.get("x-nethical-degraded"),
        rate_limit={"limit": limit, "remaining": remaining, "reset_s": reset} if None not in (limit, remaining, reset) else None,  # type: ignore[dict-item]
    )


def _seg(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def _check(reason: Optional[str]) -> None:
    if reason is not None:
        raise ProofVerificationError(reason)


class _Decisions:
    """Recorded decisions (roles auditor, admin)."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def list(self, request_id: Optional[str] = None, **query: Any) -> Json:
        """A page of recorded decisions, oldest first; pass ``next_cursor`` back as ``cursor``.

        Example:
            >>> page = client.decisions.list(decision="BLOCK", limit=20)
            >>> page["decisions"], page.get("next_cursor")
        """
        return self._t.request("GET", "/v2/decisions", query=query, request_id=request_id).body

    def get(self, decision_id: str, request_id: Optional[str] = None) -> Json:
        """One recorded decision with its explanation.

        Example:
            >>> client.decisions.get("3f1c…")["decision"]
            'BLOCK'
        """
        return self._t.request("GET", f"/v2/decisions/{_seg(decision_id)}", request_id=request_id).body


class _Audit:
    """The audit log (roles auditor, admin); every answer verified against the pinned key first."""

    def __init__(self, transport: Transport, pinned: Optional[PinnedKey]) -> None:
        self._t = transport
        self._pinned = pinned

    def _key(self) -> PinnedKey:
        if self._pinned is None:
            raise ProofVerificationError("no audit public key was pinned (pinned_tree_head_key): refusing to return unverified audit data")
        return self._pinned

    def tree_head(self, request_id: Optional[str] = None) -> Json:
        """The latest signed tree head (``{"tree_head", "public_key"}``), its signature verified.

        Example:
            >>> kept = client.audit.tree_head()["tree_head"]  # keep it to check growth later
        """
        key = self._key()
        answer = self._t.request("GET", "/v2/audit/tree-head", request_id=request_id).body
        _check(verify_tree_head_signature(answer.get("tree_head") if isinstance(answer, dict) else None, key))
        return answer

    def event(self, event_id: str, request_id: Optional[str] = None) -> Json:
        """An audit event (by event or decision id) with its inclusion proof, verified: the head's
        signature, the leaf hash recomputed from the event, the proof against the head's root.

        Example:
            >>> proof = client.audit.event(meta.audit_event_id)
            >>> proof["event"]["decision"], proof["leaf_index"]
        """
        key = self._key()
        answer = self._t.request("GET", f"/v2/audit/{_seg(event_id)}", request_id=request_id).body
        _check(verify_event_proof(answer, key) if isinstance(answer, dict) else "the answer is not an object")
        return answer

    def consistency(self, from_: Union[int, Mapping[str, Any]], to: Optional[int] = None, request_id: Optional[str] = None) -> Json:
        """A verified consistency proof from an earlier size (or a tree head you kept: its root must be
        the one the server proves from) to ``to`` (default: the current size).

        Example:
            >>> later = client.audit.consistency(kept)  # ProofVerificationError if the log was rewritten
        """
        key = self._key()
        size = from_ if isinstance(from_, int) else from_["tree_size"]
        query = {"from": size, "to": to}
        answer = self._t.request("GET", "/v2/audit/consistency", query=query, request_id=request_id).body
        _check(verify_consistency_proof(answer, key) if isinstance(answer, dict) else "the answer is not an object")
        if not isinstance(from_, int):
            older = answer["from_tree_head"]
            if older["root_hash"] != from_.get("root_hash") or older["log_id"] != from_.get("log_id"):
                raise ProofVerificationError("the server proved from a different root than the tree head kept by the client: the log was rewritten")
        return answer


class Client:
    """The Nethical API client (standard library only).

    Example:
        >>> client = Client("http://127.0.0.1:8787", os.environ["NETHICAL_KEY"], pinned_tree_head_key=pinned)
        >>> client.evaluate({"agent_id": "robot-1", "action": "ls -la", "action_type": "code_execution"})["decision"]
        'ALLOW'
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        pinned_tree_head_key: Optional[Union[Mapping[str, Any], PinnedKey]] = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        max_retries: int = DEFAULT_RETRY.retries,
        retry: Optional[RetryOptions] = None,
        on_retry: Optional[Callable[[RetryEvent], None]] = None,
    ) -> None:
        """``pinned_tree_head_key`` is the audit log's public key as ``GET /v2/audit/tree-head`` shows it
        under ``public_key`` (``{"key_id", "jwk"}``), obtained once out of band; without it the audit
        methods refuse to run. ``timeout`` is per attempt, in seconds; ``retry`` overrides every retry
        setting (``max_retries`` only the count)."""
        options = retry if retry is not None else RetryOptions(retries=max_retries)
        self._transport = Transport(base_url, api_key, timeout=timeout, retry=options, on_retry=on_retry)
        pinned = pinned_key(pinned_tree_head_key) if pinned_tree_head_key is not None else None
        #: Recorded decisions: ``list(**query)``, ``get(id)``.
        self.decisions = _Decisions(self._transport)
        #: The audit log: ``tree_head()``, ``event(id)``, ``consistency(from_, to)``, all verified.
        self.audit = _Audit(self._transport, pinned)

    def evaluate(self, request: Mapping[str, Any], request_id: Optional[str] = None) -> Json:
        """Evaluate one action. A missing ``request_id`` is filled in, so retries are idempotent.

        Example:
            >>> client.evaluate({"agent_id": "a", "action": "…", "action_type": "tool_call"})["decision"]
        """
        return self.evaluate_with_meta(request, request_id=request_id)[0]

    def evaluate_with_meta(self, request: Mapping[str, Any], request_id: Optional[str] = None) -> Tuple[Json, DecisionMeta]:
        """Evaluate one action; return the decision and the Worker's headers (policy version, agent seq,
        audit event id, rate limit, degraded).

        Example:
            >>> response, meta = client.evaluate_with_meta(request)
            >>> meta.rate_limit["remaining"]
        """
        body = {**request, "request_id": request.get("request_id") or new_request_id()}
        answer = self._transport.request("POST", "/v2/evaluate", body=body, request_id=request_id)
        return answer.body, _meta_of(answer.headers)

    def evaluate_batch(self, requests: Sequence[Mapping[str, Any]], request_id: Optional[str] = None) -> List[Json]:
        """Evaluate up to 100 actions in one request; results in order, each ``{"status": 200,
        "response": …}`` or ``{"status": 422, "problem": …}``.

        Example:
            >>> [r["status"] for r in client.evaluate_batch([req_a, req_b])]
            [200, 200]
        """
        body = {"requests": [{**r, "request_id": r.get("request_id") or new_request_id()} for r in requests]}
        return self._transport.request("POST", "/v2/batch-evaluate", body=body, request_id=request_id).body["results"]

    #: The TypeScript client's name for :meth:`evaluate_batch`.
    batch = evaluate_batch

    def whoami(self, request_id: Optional[str] = None) -> Json:
        """The caller as the Worker sees it (tenant, role, key id); a cheap way to check a key.

        Example:
            >>> client.whoami()["role"]
            'agent'
        """
        return self._transport.request("GET", "/v2/whoami", request_id=request_id).body
