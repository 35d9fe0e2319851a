/**
 * SAT model → a concrete action: an EvaluateRequest and a partial agent snapshot, built from the model's
 * field values and, for each finding atom the model counts, a detector sample text that really produces
 * such a finding (the analysis's `pickSample`). `runWitness` evaluates it with the real `evaluate`; a
 * witness is only reported as a finding when the caller's check on that response holds.
 */
import type { Arith, Bool, Model } from "z3-solver";
import {
  ACTION_TYPES,
  EvaluateRequestSchema,
  KNOWN_SUBTYPES,
  evaluate,
  type CompiledPolicy,
  type EvaluateRequest,
  type EvaluateResponse,
  type Finding,
} from "@nethical/core";
import { agentStateFrom, assignField, newDraft } from "@nethical/core/analysis/draft.ts";
import { pickSample } from "@nethical/core/analysis/finding-samples.ts";
import { regexWitness } from "@nethical/core/analysis/regex-witness.ts";
import type { PartialAgentState } from "@nethical/core";
import { TAG, type Encoding, type FieldVars } from "./encode.ts";
import type { Atom } from "./atoms.ts";

/**
 * Levels of extra constraints (tightest first) that steer the solver to models `witnessOf` can build (only used to look for a witness
 * after a SAT answer, never in a proof): findings only of atoms that have a sample text, at most two of
 * each, a known or policy-named action type, the example agent id when no condition reads it.
 *
 * @example
 * const friendly = witnessFriendly(enc, ["payment"]);
 */
export function witnessFriendly(enc: Encoding, policyActionTypes: readonly string[]): Bool<"main">[][] {
  const z = enc.z;
  const base: Bool<"main">[] = [];
  const types = [...new Set([...ACTION_TYPES, ...policyActionTypes])];
  const actionType = enc.field("action_type").str;
  const counts: Arith<"main">[] = [];
  for (const atom of enc.atoms) {
    const count = enc.counts.get(atom.key)!;
    const withSample = types.filter((t) => pickSample((f) => inAtom(f, atom), t) !== undefined);
    if (withSample.length === 0) base.push(count.eq(0));
    else {
      counts.push(count);
      base.push(count.ge(0), count.le(2), z.Or(count.eq(0), ...withSample.map((t) => actionType.eq(z.String.val(t)))));
    }
  }
  base.push(z.Or(...types.map((t) => actionType.eq(z.String.val(t)))));
  for (const v of enc.fields.values()) {
    if (v.field === "agent_id") base.push(v.str.eq(z.String.val("agent-1")));
    else base.push(v.str.length().le(64));
    if (v.field === "tool.name") base.push(v.str.length().ge(1)); // the request schema wants a name
  }
  const total = counts.length === 0 ? z.Int.val(0) : counts.reduce((a, b) => a.add(b));
  // Fewest findings first: every extra sample text can bring findings (and rules) the claim did not ask for.
  return [[...base, total.le(1)], [...base, total.le(3)], base];
}

export interface Witness {
  request: EvaluateRequest;
  agent?: PartialAgentState;
}

const TEXT_SLOTS = ["stated_intent", "action", "tool.arguments.text"] as const;

/**
 * The concrete action of a model, or undefined when it cannot be built (e.g. no sample text for a finding
 * the model needs, or a value the request schema rejects).
 *
 * @example
 * const w = witnessOf(enc, solver.model());
 */
export function witnessOf(enc: Encoding, model: Model<"main">): Witness | undefined {
  const draft = newDraft();
  const ordered = [...enc.fields.values()].sort((a, b) => rank(a.field) - rank(b.field));
  for (const v of ordered) {
    if (v.field === "risk") continue;
    const value = valueOf(v, model);
    if (value === undefined && !enc.fields.has(v.field)) continue;
    assignField(draft, v.field, value);
  }
  const actionType = draft.request.action_type;
  const actionTexts: string[] = [];
  const inputTexts: string[] = [];
  for (const atom of enc.atoms) {
    const n = Number(model.eval(enc.counts.get(atom.key)!, true).toString());
    if (!(n > 0)) continue;
    const sample = pickSample((f) => inAtom(f, atom), actionType);
    if (sample === undefined) return undefined;
    for (let i = 0; i < Math.min(n, 3); i++) (atom.scope === "action" ? actionTexts : inputTexts).push(sample);
  }
  if (actionTexts.length > 0) {
    const slot = TEXT_SLOTS.find((s) => !enc.fields.has(s));
    if (slot === undefined) return undefined;
    assignField(draft, slot, actionTexts.join("\n"));
  }
  if (inputTexts.length > 0) draft.request.inputs = inputTexts.map((content) => ({ source: "tool_output" as const, content }));
  if (model.eval(enc.terminated, true).toString() === "true") draft.agent.terminated = true;
  if (model.eval(enc.rateLimited, true).toString() === "true") draft.agent.rate_limited = true;
  const parsed = EvaluateRequestSchema.safeParse(draft.request);
  if (!parsed.success) return undefined;
  return Object.keys(draft.agent).length > 0 ? { request: parsed.data, agent: draft.agent } : { request: parsed.data };
}

/**
 * Evaluate a witness with the real engine.
 *
 * @example
 * runWitness(compiled, w).decision; // "BLOCK"
 */
export function runWitness(policy: CompiledPolicy, witness: Witness): EvaluateResponse {
  return evaluate(witness.request, policy, agentStateFrom(witness.agent), 0, { decisionId: "smt-witness" });
}

/**
 * Ids of the tenant rules that matched in a response (its `decided_by` entries of kind `rule`).
 *
 * @example
 * matchedRules(runWitness(compiled, w)); // ["block-secrets", "allow-secrets-to-vault"]
 */
export function matchedRules(response: EvaluateResponse): string[] {
  return response.explanation.decided_by.filter((d) => d.kind === "rule").map((d) => d.id);
}

function inAtom(f: Finding, atom: Atom): boolean {
  if (f.type !== atom.type || f.score < atom.low || (atom.high !== undefined && f.score >= atom.high)) return false;
  return atom.subtype === null ? f.subtype === undefined || !KNOWN.has(`${atom.type}/${f.subtype}`) : f.subtype === atom.subtype;
}

const KNOWN: ReadonlySet<string> = new Set(Object.entries(KNOWN_SUBTYPES as Record<string, readonly string[]>).flatMap(([t, subs]) => subs.map((s) => `${t}/${s}`)));

function rank(field: string): number {
  return field === "tool.name" ? 0 : field.startsWith("tool.") ? 2 : 1;
}

function valueOf(v: FieldVars, model: Model<"main">): unknown {
  const tag = Number(model.eval(v.tag, true).toString());
  switch (tag) {
    case TAG.absent:
      return undefined;
    case TAG.null:
      return null;
    case TAG.boolean:
      return model.eval(v.bool, true).toString() === "true";
    case TAG.number:
      return numberOf(model.eval(v.num, true).toString());
    case TAG.string: {
      for (const [pattern, re] of v.regex) if (model.eval(re, true).toString() === "true") return regexWitness(pattern);
      if (model.eval(v.decimal, true).toString() === "true") return String(numberOf(model.eval(v.decimalValue, true).toString()));
      return stringOf(model.eval(v.str, true).toString());
    }
    default: {
      const has = [...v.arrayHas].filter(([, b]) => model.eval(b, true).toString() === "true").map(([needle]) => needle);
      return has;
    }
  }
}

/** z3 prints rationals as `3`, `(/ 7 2)`, `(- 3)`, `(- (/ 7 2))`, or decimals `0.75`/`0.75?`. */
function numberOf(text: string): number {
  const t = text.replace(/\?$/, "");
  const neg = /^\(- (.*)\)$/.exec(t);
  if (neg !== null) return -numberOf(neg[1] as string);
  const frac = /^\(\/ (\S+) (\S+)\)$/.exec(t);
  if (frac !== null) return Number(frac[1]) / Number(frac[2]);
  return Number(t);
}

/** z3's string literal syntax: `"…"` with `""` for a quote and `\u{XX}` escapes. */
function stringOf(text: string): string {
  const inner = text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
  return inner.replaceAll('""', '"').replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}
