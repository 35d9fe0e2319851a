"""Applying a RESTRICT's span obligations to what the agent is about to send, as
``sdk/typescript/src/redact.ts``: ``redact`` replaces the spans of one field (``action``,
``tool.arguments.<path>``, ``stated_intent``, ``inputs.<i>.content``) with a marker, and
``quarantine_input`` removes instruction spans from an input's content. Spans are half-open UTF-16
code-unit ranges (the Worker's JavaScript string offsets), converted here so that text outside the Basic
Multilingual Plane (emoji…) is cut where the Worker meant. Pure: the input is never modified.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Tuple

__all__ = ["REDACTED", "redact_spans", "apply_span_obligations", "AppliedObligations"]

#: The default replacement of a redacted span.
REDACTED = "[REDACTED]"
_INPUT_FIELD = re.compile(r"^inputs\.(\d+)\.content$")


def _replace_spans(text: str, edits: Iterable[Tuple[int, int, str]]) -> str:
    merged: List[List[Any]] = []
    for start, end, repl in sorted((e for e in edits if e[1] > e[0]), key=lambda e: (e[0], e[1])):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if merged[-1][2] == "":
                merged[-1][2] = repl
        else:
            merged.append([start, end, repl])
    units = text.encode("utf-16-le", "surrogatepass")
    length = len(units) // 2
    out = bytearray()
    at = 0
    for start, end, repl in merged:
        start, end = min(start, length), min(end, length)
        if end <= start:
            continue
        out += units[at * 2 : start * 2] + repl.encode("utf-16-le", "surrogatepass")
        at = end
    out += units[at * 2 :]
    return out.decode("utf-16-le", "surrogatepass")


def redact_spans(text: str, spans: Iterable[Mapping[str, int]], marker: str = REDACTED) -> str:
    """``text`` with every span (``{"start", "end"}`` in UTF-16 units) replaced by ``marker``; spans
    sorted and merged first, ends past the text clamped.

    Example:
        >>> redact_spans("mail bob@acme.test now", [{"start": 5, "end": 18}])
        'mail [REDACTED] now'
    """
    return _replace_spans(text, [(s["start"], s["end"], marker) for s in spans])


@dataclass
class AppliedObligations:
    """The request as it may be carried out, the fields redacted, and the fields a ``redact`` named that
    the request does not hold as a string (left as they were)."""

    request: Dict[str, Any]
    redacted: List[str] = field(default_factory=list)
    unresolved: List[str] = field(default_factory=list)


def _edit_string(root: Any, path: List[str], edit: Any) -> bool:
    if not path or not isinstance(root, (dict, list)):
        return False
    # Keys may themselves contain dots: try the longest key that exists first.
    for take in range(len(path), 0, -1):
        key = ".".join(path[:take])
        rest = path[take:]
        if isinstance(root, dict):
            if key not in root:
                continue
            holder, slot = root, key
        else:
            if not key.isdigit() or int(key) >= len(root):
                continue
            holder, slot = root, int(key)  # type: ignore[assignment]
        value = holder[slot]
        if not rest:
            if not isinstance(value, str):
                return False
            holder[slot] = edit(value)
            return True
        if _edit_string(value, rest, edit):
            return True
    return False


def apply_span_obligations(request: Mapping[str, Any], obligations: Iterable[Mapping[str, Any]], marker: str = REDACTED) -> AppliedObligations:
    """The request under the decision's ``redact`` and ``quarantine_input`` obligations.

    Example:
        >>> apply_span_obligations({"agent_id": "a", "action": "send", "action_type": "tool_call",
        ...     "tool": {"name": "mail", "arguments": {"to": "bob@acme.test"}}},
        ...     [{"type": "redact", "field": "tool.arguments.to", "spans": [{"start": 0, "end": 13}]}]).request["tool"]["arguments"]
        {'to': '[REDACTED]'}
    """
    # Every obligation's spans index the text as it was evaluated: gather them per field, then edit
    # each field once.
    edits: Dict[str, List[Tuple[int, int, str]]] = {}
    for o in obligations:
        if o.get("type") == "redact":
            target = o.get("field") or "action"
            edits.setdefault(target, []).extend((s["start"], s["end"], marker) for s in o.get("spans", []))
        elif o.get("type") == "quarantine_input":
            edits.setdefault(f"inputs.{o.get('input')}.content", []).extend((s["start"], s["end"], "") for s in o.get("spans", []))
    out: Dict[str, Any] = copy.deepcopy(dict(request))
    applied = AppliedObligations(out)
    for target, spans in edits.items():
        edit = lambda s, spans=spans: _replace_spans(s, spans)  # noqa: E731
        done = False
        if target == "action" and isinstance(out.get("action"), str):
            out["action"] = edit(out["action"])
            done = True
        elif target == "stated_intent" and isinstance(out.get("stated_intent"), str):
            out["stated_intent"] = edit(out["stated_intent"])
            done = True
        elif target.startswith("tool.arguments.") and isinstance(out.get("tool"), dict) and "arguments" in out["tool"]:
            done = _edit_string(out["tool"]["arguments"], target[len("tool.arguments.") :].split("."), edit)
        else:
            m = _INPUT_FIELD.match(target)
            inputs = out.get("inputs")
            if m is not None and isinstance(inputs, list) and int(m.group(1)) < len(inputs) and isinstance(inputs[int(m.group(1))].get("content"), str):
                item = inputs[int(m.group(1))]
                item["content"] = edit(item["content"])
                done = True
        (applied.redacted if done else applied.unresolved).append(target)
    return applied
