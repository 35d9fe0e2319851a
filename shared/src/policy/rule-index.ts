/**
 * Rule indexing: a rule whose top-level condition pins `action_type` (eq/in) goes into a bucket per action
 * type; else, if it pins `tool.name` (eq/in), into a bucket per tool name; else into the wildcard list. A
 * condition pins a field when it is the leaf itself or a leaf reached through nested `all`s (a conjunction).
 *
 * Candidate lists are built at compile time, so evaluating one request touches only its action type's bucket,
 * its tool's bucket and the wildcard list: 10 000 rules pinned to other action types cost nothing.
 * Rule order inside each list is declaration order; evaluate sorts the (few) matches for explanations.
 */
import type { Condition } from "./condition-schema.ts";

export interface RuleIndex<R> {
  readonly byActionType: ReadonlyMap<string, readonly R[]>;
  readonly byToolName: ReadonlyMap<string, readonly R[]>;
  readonly wildcard: readonly R[];
}

/**
 * The values a condition pins `field` to (eq/in at the top level or under nested `all`), or undefined.
 *
 * @example
 * pinnedValues({ all: [{ field: "action_type", op: "in", value: ["message", "tool_call"] }] }, "action_type");
 * // ["message", "tool_call"]
 */
export function pinnedValues(cond: Condition, field: "action_type" | "tool.name"): string[] | undefined {
  if ("field" in cond) {
    if (cond.field !== field) return undefined;
    if (cond.op === "eq" && typeof cond.value === "string") return [cond.value];
    if (cond.op === "in" && Array.isArray(cond.value)) return cond.value.filter((v): v is string => typeof v === "string");
    return undefined;
  }
  if ("all" in cond) {
    for (const part of cond.all) {
      const values = pinnedValues(part, field);
      if (values !== undefined) return values;
    }
  }
  return undefined;
}

/**
 * Build the index for rules in declaration order.
 *
 * @example
 * const index = buildRuleIndex(rules, (r) => r.when);
 * index.byActionType.get("message"); // rules pinned to message, in order
 */
export function buildRuleIndex<R>(rules: readonly R[], conditionOf: (rule: R) => Condition): RuleIndex<R> {
  const byActionType = new Map<string, R[]>();
  const byToolName = new Map<string, R[]>();
  const wildcard: R[] = [];
  const put = (map: Map<string, R[]>, keys: readonly string[], rule: R) => {
    for (const key of new Set(keys)) {
      const list = map.get(key);
      if (list === undefined) map.set(key, [rule]);
      else list.push(rule);
    }
  };
  for (const rule of rules) {
    const cond = conditionOf(rule);
    const actionTypes = pinnedValues(cond, "action_type");
    if (actionTypes !== undefined) {
      put(byActionType, actionTypes, rule);
      continue;
    }
    const toolNames = pinnedValues(cond, "tool.name");
    if (toolNames !== undefined) put(byToolName, toolNames, rule);
    else wildcard.push(rule);
  }
  return { byActionType, byToolName, wildcard };
}

const EMPTY: readonly never[] = [];

/**
 * The three candidate lists for a request (no allocation beyond the returned tuple).
 *
 * @example
 * const [byType, byTool, wild] = candidateLists(index, "tool_call", "sql");
 */
export function candidateLists<R>(
  index: RuleIndex<R>,
  actionType: string,
  toolName: string | undefined,
): readonly [readonly R[], readonly R[], readonly R[]] {
  return [
    index.byActionType.get(actionType) ?? EMPTY,
    toolName === undefined ? EMPTY : (index.byToolName.get(toolName) ?? EMPTY),
    index.wildcard,
  ];
}

/**
 * How many rules a request with this action type and tool would test.
 *
 * @example
 * candidateCount(index, "message", undefined); // bucket("message") + wildcard
 */
export function candidateCount<R>(index: RuleIndex<R>, actionType: string, toolName?: string): number {
  const [a, t, w] = candidateLists(index, actionType, toolName);
  return a.length + t.length + w.length;
}
