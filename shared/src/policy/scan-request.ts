/**
 * Running the detectors over everything an action says: the action text, every string value inside
 * `tool.arguments` (findings get `field: "tool.arguments.<path>"`) and the stated intent
 * (`field: "stated_intent"`). The result is sorted by field (action text first), start, end, type, subtype.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import type { Finding } from "../schemas/finding.ts";

/** The detector entry point (detectors/runDetectors), injected so this module stays independent of it. */
export type DetectFn = (input: {
  text: string;
  action_type?: string;
  tool?: { name: string; arguments?: Record<string, unknown> };
  context?: Record<string, unknown>;
  /** False for the extra scans (arguments, intent): whole-request checks such as actuation limits run once. */
  structural?: boolean;
}) => Finding[];

/** Deepest nesting of tool arguments that is scanned (deeper strings are ignored). */
export const MAX_ARGUMENT_DEPTH = 32;

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/**
 * All findings for a request.
 *
 * @example
 * const findings = scanRequest(request, runDetectors);
 */
export function scanRequest(request: EvaluateRequest, detect: DetectFn): readonly Finding[] {
  const actionType = request.action_type;
  const context = request.context;
  const tool = request.tool;
  const main = detect(
    tool === undefined
      ? context === undefined ? { text: request.action, action_type: actionType } : { text: request.action, action_type: actionType, context }
      : context === undefined ? { text: request.action, action_type: actionType, tool } : { text: request.action, action_type: actionType, tool, context },
  );
  const args = tool?.arguments;
  const intent = request.stated_intent;
  if (args === undefined && (intent === undefined || intent.length === 0)) {
    return main.length === 0 ? NO_FINDINGS : main.sort(compareRequestFindings);
  }
  const all: Finding[] = main;
  if (args !== undefined) {
    const scan: ArgScan = { detect, actionType, tool: { name: (tool as { name: string }).name }, context, out: all };
    for (const key of Object.keys(args)) visitArgument(scan, args[key], `tool.arguments.${key}`, 1);
  }
  if (intent !== undefined && intent.length > 0) {
    const found = detect(
      context === undefined
        ? { text: intent, action_type: actionType, structural: false }
        : { text: intent, action_type: actionType, context, structural: false },
    );
    for (const f of found) all.push({ ...f, field: "stated_intent" });
  }
  return all.length === 0 ? NO_FINDINGS : all.sort(compareRequestFindings);
}

interface ArgScan {
  detect: DetectFn;
  actionType: string;
  tool: { name: string };
  context: Record<string, unknown> | undefined;
  out: Finding[];
}

/** Scan every string inside a tool argument value; findings get the value's path as `field`. */
function visitArgument(scan: ArgScan, value: unknown, path: string, depth: number): void {
  if (typeof value === "string") {
    if (value.length === 0) return;
    const input = scan.context === undefined
      ? { text: value, action_type: scan.actionType, tool: scan.tool, structural: false }
      : { text: value, action_type: scan.actionType, tool: scan.tool, context: scan.context, structural: false };
    for (const f of scan.detect(input)) scan.out.push({ ...f, field: path });
  } else if (value !== null && typeof value === "object" && depth < MAX_ARGUMENT_DEPTH) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visitArgument(scan, value[i], `${path}.${i}`, depth + 1);
    else for (const key of Object.keys(value)) visitArgument(scan, (value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

/**
 * Deterministic finding order: field (action text first), start, end, type, subtype, detector.
 *
 * @example
 * findings.sort(compareRequestFindings);
 */
export function compareRequestFindings(a: Finding, b: Finding): number {
  const fa = a.field === undefined || a.field === "action" ? "" : a.field;
  const fb = b.field === undefined || b.field === "action" ? "" : b.field;
  return (
    cmp(fa, fb) ||
    a.start - b.start ||
    a.end - b.end ||
    cmp(a.type, b.type) ||
    cmp(a.subtype ?? "", b.subtype ?? "") ||
    cmp(a.detector, b.detector) ||
    a.score - b.score
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
