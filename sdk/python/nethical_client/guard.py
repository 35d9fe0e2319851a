"""``guard``: put Nethical in front of an agent's tool, with the TypeScript ``guard()``'s semantics. Each
call is evaluated first (``action_type`` ``tool_call``, the tool's name and arguments), then:

- ALLOW: the tool runs with the arguments as given;
- RESTRICT: the span obligations are applied (``redact`` replaces the flagged spans in the arguments, the
  action text or an input; ``quarantine_input`` removes instructions from an input), and a
  ``require_human_approval`` asks the caller's ``approve`` callback: no (or no callback) →
  ApprovalDeniedError; an approver's name → the call is evaluated again with
  ``context.approval.approved_by`` set, so the approval is recorded with the decision; then the tool runs
  with the redacted arguments;
- BLOCK → BlockedError, TERMINATE → TerminatedError; the tool does not run.

The other obligations (``sandbox``, ``rate_limit``, ``log_only``) reach the tool in its
:class:`GuardContext` (a parameter named ``guard_context``): only the caller knows how to sandbox or pace
its tools. With ``scan_output``, a string the tool returns is evaluated as a ``tool_output`` input before
the agent sees it.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Union

from .errors import ApprovalDeniedError, BlockedError, TerminatedError
from .redact import REDACTED, apply_span_obligations

if TYPE_CHECKING:
    from .client import Client

__all__ = ["guard", "scan_tool_output", "GuardContext", "ApprovalRequest"]

#: The parameter through which a decorated tool receives its GuardContext.
CONTEXT_PARAMETER = "guard_context"


@dataclass(frozen=True)
class ApprovalRequest:
    """What ``approve`` is asked."""

    agent_id: str
    tool: str
    #: The arguments as they would run (redactions applied).
    args: Dict[str, Any]
    #: The obligation's reason, when the rule gave one.
    reason: Optional[str]
    decision: Dict[str, Any]


@dataclass(frozen=True)
class GuardContext:
    """What the tool receives besides its arguments."""

    #: The decision the call ran under (after an approval, the re-evaluated one).
    decision: Dict[str, Any]
    #: Every obligation of that decision, for the caller to honour (``sandbox``, ``rate_limit``…).
    obligations: List[Dict[str, Any]]
    #: Fields that were redacted before the call (``tool.arguments.to``, ``action``…).
    redacted: List[str]
    #: The action text after redaction.
    action: str
    #: Who approved, when an approval was required.
    approved_by: Optional[str]


Approver = Callable[[ApprovalRequest], Union[str, bool, None]]


def _refuse(response: Mapping[str, Any]) -> None:
    if response.get("decision") == "TERMINATE":
        raise TerminatedError(response)
    if response.get("decision") == "BLOCK":
        raise BlockedError(response)


def _decide(
    client: "Client",
    agent_id: str,
    tool: str,
    args: Dict[str, Any],
    action_type: str,
    describe: Optional[Callable[[Dict[str, Any]], str]],
    context: Optional[Callable[[Dict[str, Any]], Dict[str, Any]]],
    approve: Optional[Approver],
    marker: str,
) -> tuple:
    extra = context(args) if context is not None else None
    request: Dict[str, Any] = {
        "agent_id": agent_id,
        "action": describe(args) if describe is not None else tool,
        "action_type": action_type,
        "tool": {"name": tool, "arguments": args},
    }
    if extra is not None:
        request["context"] = extra
    decision = client.evaluate(request)
    _refuse(decision)
    applied = apply_span_obligations(request, decision.get("obligations", []), marker)
    approved_by: Optional[str] = None
    approval = next((o for o in decision.get("obligations", []) if o.get("type") == "require_human_approval"), None)
    if approval is not None:
        answer = approve(ApprovalRequest(agent_id, tool, applied.request["tool"]["arguments"], approval.get("reason"), decision)) if approve else None
        if answer is None or answer is False:
            raise ApprovalDeniedError(decision)
        if answer is not True:
            approved_by = str(answer)
            approved = {**request, "context": {**(request.get("context") or {}), "approval": {"approved_by": approved_by}}}
            decision = client.evaluate(approved)
            _refuse(decision)
            applied = apply_span_obligations(approved, decision.get("obligations", []), marker)
    ctx = GuardContext(decision, list(decision.get("obligations", [])), applied.redacted, applied.request["action"], approved_by)
    return applied.request["tool"]["arguments"], ctx


def scan_tool_output(client: "Client", agent_id: str, tool: str, output: str, marker: str = REDACTED) -> str:
    """Evaluate a tool's output as untrusted input (``inputs[0]``, source ``tool_output``) and return it
    with the decision's redactions and quarantined instructions applied; BLOCK/TERMINATE raise.

    Example:
        >>> safe = scan_tool_output(client, "agent-1", "fetch_page", html)
    """
    request = {
        "agent_id": agent_id,
        "action": f"read the output of {tool}",
        "action_type": "query",
        "inputs": [{"source": "tool_output", "name": tool, "content": output}],
    }
    decision = client.evaluate(request)
    _refuse(decision)
    return apply_span_obligations(request, decision.get("obligations", []), marker).request["inputs"][0]["content"]


def guard(
    client: "Client",
    *,
    agent_id: str,
    tool: Optional[str] = None,
    run: Optional[Callable[..., Any]] = None,
    action_type: str = "tool_call",
    describe: Optional[Callable[[Dict[str, Any]], str]] = None,
    context: Optional[Callable[[Dict[str, Any]], Dict[str, Any]]] = None,
    approve: Optional[Approver] = None,
    scan_output: bool = False,
    marker: str = REDACTED,
) -> Any:
    """Wrap a tool so that every call goes through Nethical first.

    As a function (the TypeScript form), ``run(args, context)`` is the tool and the result takes one
    argument dict. As a decorator (no ``run``), the function's keyword arguments are the tool's arguments,
    its name the tool's name unless ``tool`` is given, and a parameter named ``guard_context`` receives
    the :class:`GuardContext`. ``approve`` returns the approver's name (recorded with the decision),
    ``True`` (approved, not recorded) or ``False``/``None``.

    Example:
        >>> @guard(client, agent_id="mail-agent", approve=lambda req: ask_on_slack(req.reason))
        ... def send_email(to: str, body: str) -> str:
        ...     return mailer.send(to, body)
        >>> send_email(to="sam@acme.test", body="…")  # runs, runs redacted, or raises BlockedError / TerminatedError
        >>> search = guard(client, agent_id="a", tool="search", run=lambda args, ctx: do_search(args["query"]))
        >>> search({"query": "weather"})
    """

    def finish(result: Any, tool_name: str) -> Any:
        if not scan_output or not isinstance(result, str) or result == "":
            return result
        return scan_tool_output(client, agent_id, tool_name, result, marker)

    if run is not None:
        if tool is None:
            raise TypeError("guard(..., run=...) needs the tool's name (tool=)")
        name: str = tool

        def guarded(args: Mapping[str, Any]) -> Any:
            final, ctx = _decide(client, agent_id, name, dict(args), action_type, describe, context, approve, marker)
            return finish(run(final, ctx), name)

        return guarded

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(fn)
        for p in signature.parameters.values():
            if p.kind in (p.POSITIONAL_ONLY, p.VAR_POSITIONAL):
                raise TypeError(f"guard: {fn.__name__} takes {p.name} positionally only; a guarded tool's arguments must have names")
        wants_context = CONTEXT_PARAMETER in signature.parameters
        name = tool or fn.__name__

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind_partial(*args, **kwargs)
            bound.apply_defaults()
            given: Dict[str, Any] = {}
            for key, value in bound.arguments.items():
                if key == CONTEXT_PARAMETER:
                    continue
                if signature.parameters[key].kind == inspect.Parameter.VAR_KEYWORD:
                    given.update(value)
                else:
                    given[key] = value
            final, ctx = _decide(client, agent_id, name, given, action_type, describe, context, approve, marker)
            return finish(fn(**final, **({CONTEXT_PARAMETER: ctx} if wants_context else {})), name)

        return wrapper

    return decorator
