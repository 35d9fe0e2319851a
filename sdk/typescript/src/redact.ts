/**
 * Applying a RESTRICT's span obligations to what the agent is about to send: `redact` replaces the spans
 * of one field (the action text, `tool.arguments.<path>`, `stated_intent`, `inputs.<i>.content`) with a
 * marker, and `quarantine_input` removes the instruction spans from an input's content. Spans are
 * half-open UTF-16 ranges, as JavaScript strings index. Pure: the input is never modified.
 */
import type { EvaluateRequest, Obligation } from "@nethical/core";

/** The default replacement of a redacted span. */
export const REDACTED = "[REDACTED]";

type Span = { start: number; end: number };

/** One span of a field to replace (`with` empty: remove it). */
interface SpanEdit {
  start: number;
  end: number;
  with: string;
}

/**
 * `text` with the spans replaced, all at their positions in the original text: overlapping or touching
 * spans become one (a marker wins over a removal), ends past the text are clamped.
 *
 * @example
 * replaceSpans("abcdef", [{ start: 1, end: 2, with: "#" }, { start: 4, end: 6, with: "" }]); // "a#cd"
 */
function replaceSpans(text: string, edits: readonly SpanEdit[]): string {
  const merged: SpanEdit[] = [];
  for (const e of [...edits].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && e.start <= last.end) {
      last.end = Math.max(last.end, e.end);
      if (last.with === "") last.with = e.with;
    } else merged.push({ ...e });
  }
  let out = "";
  let at = 0;
  for (const e of merged) {
    const start = Math.min(e.start, text.length);
    const end = Math.min(e.end, text.length);
    if (end <= start) continue;
    out += text.slice(at, start) + e.with;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * `text` with every span replaced by `marker` (spans sorted and merged first; out-of-range ends clamped).
 *
 * @example
 * redactSpans("mail bob@acme.test now", [{ start: 5, end: 18 }]); // "mail [REDACTED] now"
 */
export function redactSpans(text: string, spans: readonly Span[], marker = REDACTED): string {
  return replaceSpans(text, spans.map((s) => ({ start: s.start, end: s.end, with: marker })));
}

/** What {@link applySpanObligations} changed, by field, and what it could not apply. */
export interface AppliedObligations {
  request: EvaluateRequest;
  /** Fields redacted (`action`, `tool.arguments.to`, `inputs.0.content`, …). */
  redacted: string[];
  /** Fields a `redact` named that the request does not hold as a string (left as they were). */
  unresolved: string[];
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Set the string at `path` (dot-separated keys or array indices) under `root` via `edit`; false when absent. */
function editString(root: unknown, path: string[], edit: (s: string) => string): boolean {
  if (path.length === 0 || root === null || typeof root !== "object") return false;
  // Keys may themselves contain dots: try the longest key that exists first.
  for (let take = path.length; take >= 1; take--) {
    const key = path.slice(0, take).join(".");
    const container = root as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(container, key)) continue;
    const rest = path.slice(take);
    const value = container[key];
    if (rest.length === 0) {
      if (typeof value !== "string") return false;
      container[key] = edit(value);
      return true;
    }
    if (editString(value, rest, edit)) return true;
  }
  return false;
}

/**
 * The request as it may be carried out under the decision's `redact` and `quarantine_input` obligations.
 *
 * @example
 * applySpanObligations({ agent_id: "a", action: "send", action_type: "tool_call", tool: { name: "mail", arguments: { to: "bob@acme.test" } } },
 *   [{ type: "redact", field: "tool.arguments.to", spans: [{ start: 0, end: 13 }] }]).request.tool?.arguments; // { to: "[REDACTED]" }
 */
export function applySpanObligations(request: EvaluateRequest, obligations: readonly Obligation[], marker = REDACTED): AppliedObligations {
  // Every obligation's spans index the text as it was evaluated: gather them per field, then edit each
  // field once.
  const edits = new Map<string, SpanEdit[]>();
  const add = (field: string, spans: readonly Span[], replacement: string) => {
    const list = edits.get(field) ?? [];
    for (const s of spans) list.push({ start: s.start, end: s.end, with: replacement });
    edits.set(field, list);
  };
  for (const o of obligations) {
    if (o.type === "redact") add(o.field ?? "action", o.spans, marker);
    else if (o.type === "quarantine_input") add(`inputs.${o.input}.content`, o.spans, "");
  }
  const out = clone(request);
  const redacted: string[] = [];
  const unresolved: string[] = [];
  for (const [field, list] of edits) {
    const edit = (s: string) => replaceSpans(s, list);
    let done = false;
    if (field === "action") {
      out.action = edit(out.action);
      done = true;
    } else if (field === "stated_intent" && out.stated_intent !== undefined) {
      out.stated_intent = edit(out.stated_intent);
      done = true;
    } else if (field.startsWith("tool.arguments.") && out.tool?.arguments !== undefined) {
      done = editString(out.tool.arguments, field.slice("tool.arguments.".length).split("."), edit);
    } else {
      const m = /^inputs\.(\d+)\.content$/.exec(field);
      const input = m === null ? undefined : out.inputs?.[Number(m[1])];
      if (input !== undefined) {
        input.content = edit(input.content);
        done = true;
      }
    }
    (done ? redacted : unresolved).push(field);
  }
  return { request: out, redacted, unresolved };
}
