"""The errors the client raises, as in the TypeScript client (``sdk/typescript/src/errors.ts``):
:class:`NethicalApiError` for any answer that is not a success (with the RFC 9457 problem+json the Worker
sent), :class:`ProofVerificationError` when a proof or signed tree head does not verify against the pinned
key, and the guard's :class:`BlockedError`, :class:`TerminatedError` and :class:`ApprovalDeniedError`,
which carry the decision's id, violations and explanation.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

__all__ = [
    "NethicalApiError",
    "ProofVerificationError",
    "GuardRefusal",
    "BlockedError",
    "TerminatedError",
    "ApprovalDeniedError",
]

_PROBLEM_PREFIX = "urn:nethical:problem:"


class NethicalApiError(Exception):
    """An HTTP answer that is not a success, or a request that never got one (network failure, timeout:
    ``status`` 0). ``problem`` is the problem+json body when the Worker sent one.

    Example:
        >>> try:
        ...     client.evaluate({"agent_id": "a", "action": "x", "action_type": "query", "oops": 1})
        ... except NethicalApiError as e:
        ...     e.status, e.slug  # (422, 'validation-failed')
    """

    def __init__(
        self,
        status: int,
        request_id: str,
        attempts: int,
        problem: Optional[Mapping[str, Any]] = None,
        message: Optional[str] = None,
        retry_after_ms: Optional[float] = None,
    ) -> None:
        if problem is not None:
            what = f"{problem.get('title')}: {problem.get('detail')}"
        else:
            what = message or f"HTTP {status}"
        super().__init__(f"{'no answer' if status == 0 else f'HTTP {status}'} ({what}; request {request_id})")
        #: HTTP status, or 0 when no answer arrived.
        self.status = status
        #: The problem+json body, when there was one.
        self.problem = dict(problem) if problem is not None else None
        #: The ``x-request-id`` the client sent (the Worker echoes it as the problem's ``instance``).
        self.request_id = request_id
        #: How many attempts were made, retries included.
        self.attempts = attempts
        #: The server's Retry-After (or RateLimit reset) in milliseconds, when it sent one.
        self.retry_after_ms = retry_after_ms

    @property
    def slug(self) -> Optional[str]:
        """The problem's slug (``too-many-requests``, ``validation-failed``…) from its ``type`` URN."""
        kind = (self.problem or {}).get("type")
        return kind[len(_PROBLEM_PREFIX):] if isinstance(kind, str) and kind.startswith(_PROBLEM_PREFIX) else None


class ProofVerificationError(Exception):
    """A proof or a signed tree head did not verify client-side; ``reason`` says which check failed.

    Example:
        >>> try:
        ...     client.audit_event(event_id)
        ... except ProofVerificationError as e:
        ...     print(e.reason)
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"audit proof rejected: {reason}")
        self.reason = reason


class GuardRefusal(Exception):
    """What every guard refusal carries: the decision that refused the tool call."""

    def __init__(self, response: Mapping[str, Any], what: str) -> None:
        explanation = response.get("explanation") or {}
        super().__init__(f"{what} (decision {response.get('decision_id')}): {explanation.get('summary', '')}")
        self.decision_id: str = response.get("decision_id", "")
        self.decision: str = response.get("decision", "")
        self.violations: list = list(response.get("violations") or [])
        self.explanation: dict = dict(explanation)
        self.response = dict(response)


class BlockedError(GuardRefusal):
    """The decision was BLOCK: the tool was not run.

    Example:
        >>> try:
        ...     shell(command="rm -rf /")
        ... except BlockedError as e:
        ...     print(e.explanation["summary"])
    """

    def __init__(self, response: Mapping[str, Any]) -> None:
        super().__init__(response, "blocked by Nethical")


class TerminatedError(GuardRefusal):
    """The decision was TERMINATE: the tool was not run and the agent is stopped until an operator
    reinstates it; the agent loop should end.

    Example:
        >>> except TerminatedError: sys.exit(1)
    """

    def __init__(self, response: Mapping[str, Any]) -> None:
        super().__init__(response, "agent terminated by Nethical")


class ApprovalDeniedError(GuardRefusal):
    """A RESTRICT required human approval and the ``approve`` callback said no (or none was given).

    Example:
        >>> except ApprovalDeniedError: tell_user("not approved")
    """

    def __init__(self, response: Mapping[str, Any]) -> None:
        super().__init__(response, "human approval required and not given")
