/**
 * provePolicy: SMT proofs over one policy document (see README "Proofs over policies (SMT)").
 *
 * | code | query | answer reported |
 * |---|---|---|
 * | `unreachable` | cond(R) | UNSAT → proven (R never matches) |
 * | `conflict` | cond(R) ∧ cond(S), different decisions | SAT → witness; deny-overrides picks the stronger |
 * | `shadowed` | cond(R) ∧ ¬cond(S), S at least as strong | UNSAT → proven (R never changes the outcome), with a witness of both matching |
 * | `law-override-attempt` | cond(R) ∧ ¬law≥(R+1) | UNSAT (and cond(R) SAT) → R only matches where the law pack decides more strongly: R tries to weaken a law; the witness shows it fails |
 * | `law-preservation` | law says ≥ k ∧ final < k, this policy, this combiner | UNSAT → proven; SAT → violated (witness) |
 * | `law-preservation-any-policy` | the same over a symbolic policy (free matches, decisions, default) | UNSAT → proven for every tenant policy |
 *
 * A timeout is `unknown`, never a finding. A SAT witness is evaluated with the real `evaluate`; one that
 * does not show what it claims is `unconfirmed`, never a finding.
 */
import { PolicyRuleSchema, compilePolicy, createBundle, decisionStrength, parsePolicyValue, validatePolicyDocument, type Condition, type PolicyDocument, type PolicyRule } from "@nethical/core";
import type { Bool } from "z3-solver";
import { denyOverrides, lawWeakened, symbolicPolicy, type Combiner, type CombinerInputs } from "./combiner.ts";
import { createEncoding, type Approximation, type Encoding } from "./encode.ts";
import { matchedRules, runWitness, witnessFriendly, witnessOf, type Witness } from "./witness.ts";
import { checkWithin, z3Context } from "./z3.ts";

export type ProofCode = "unreachable" | "conflict" | "shadowed" | "law-override-attempt" | "law-preservation" | "law-preservation-any-policy";
/** proven: UNSAT; confirmed: SAT and evaluate shows it; unconfirmed: SAT but evaluate does not; violated: a property's counterexample. */
export type ProofStatus = "proven" | "confirmed" | "unconfirmed" | "unknown" | "violated";

export interface ProofFinding {
  code: ProofCode;
  status: ProofStatus;
  rules: string[];
  message: string;
  witness?: Witness;
  /** What evaluate said on the witness. */
  evaluated?: { decision: string; matched: string[]; confirmed: boolean };
}

export interface ProofReport {
  findings: ProofFinding[];
  /** Solver times of every query, ms. */
  queryMs: number[];
  unknown: number;
  approximations: Approximation[];
  /** Rules the prover could not use (invalid on their own). */
  skipped: number;
}

export interface ProveOptions {
  /** Per-query solver budget (default 2000 ms). */
  timeoutMs?: number;
  format?: "json" | "yaml";
  /** Test-only: another combiner (a planted mutation must make law-preservation fail). */
  combiner?: Combiner;
}

interface Prepared {
  rule: PolicyRule;
  when: Bool<"main">;
  strength: number;
  pins: ReadonlySet<string> | undefined;
}

/**
 * Prove what can be proven about a policy (text or a parsed value).
 *
 * @example
 * const report = await provePolicy(await readFile("broken.yaml", "utf8"), { timeoutMs: 2000 });
 * report.findings.filter((f) => f.code === "unreachable").map((f) => f.rules[0]); // ["prod-and-staging"]
 */
export async function provePolicy(input: string | unknown, options: ProveOptions = {}): Promise<ProofReport> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const combiner = options.combiner ?? denyOverrides;
  const raw = typeof input === "string" ? parsePolicyValue(input, options.format) : input;
  const { document, skipped } = usableDocument(raw);
  const compiled = compilePolicy(await createBundle("smt-proof", 1, document));
  const z = await z3Context();
  const minScores = collectMinScores(document.rules.map((r) => r.when));
  const enc = createEncoding(z, minScores);
  const rules: Prepared[] = document.rules.map((rule) => ({ rule, when: enc.condition(rule.when), strength: decisionStrength(rule.then.decision), pins: pins(rule.when) }));
  const inputs: CombinerInputs = {
    lawAtLeast: enc.lawAtLeast,
    rateLimited: enc.rateLimited,
    terminated: enc.terminated,
    budgetSpent: enc.budgetSpent,
    rules: rules.map((r, order) => ({ matched: r.when, strength: z.Int.val(r.strength), priority: r.rule.priority ?? 0, order })),
    defaultStrength: z.Int.val(decisionStrength(document.default.decision)),
  };
  const finalAtLeast = combiner(z, inputs);
  const weakened = lawWeakened(z, inputs, finalAtLeast);
  const lawAbove = [1, 2, 3].map((k) => enc.lawAtLeast(k));
  const solver = new z.Solver();
  solver.add(...enc.background);

  const findings: ProofFinding[] = [];
  const queryMs: number[] = [];
  let unknown = 0;
  const ask = async (assertions: Bool<"main">[], onSat?: () => Shown) => {
    const r = await checkWithin(solver, assertions, timeoutMs, onSat);
    queryMs.push(r.ms);
    if (r.answer === "unknown") unknown++;
    return r;
  };
  const friendly = witnessFriendly(enc, policyActionTypes(document.rules.map((r) => r.when)));
  /**
   * SAT → look again under witness-friendly constraints, tightest first, until evaluate confirms a witness
   * (each level is a sub-case, so a model there is a model of the query); else the plain model's witness.
   */
  const askWitness = async (assertions: Bool<"main">[], onSat: () => Shown, knownSat = false): Promise<{ answer: string; value?: Shown }> => {
    const first = knownSat ? { answer: "sat" } : await ask(assertions);
    if (first.answer !== "sat") return { answer: first.answer };
    let best: Shown | undefined;
    for (const level of friendly) {
      const nice = await checkWithin(solver, [...assertions, ...level], timeoutMs, onSat);
      if (nice.answer !== "sat" || nice.value === undefined) continue;
      if (nice.value.evaluated?.confirmed === true) return { answer: "sat", value: nice.value };
      best ??= nice.value;
    }
    if (best === undefined) best = (await checkWithin(solver, assertions, timeoutMs, onSat)).value;
    return best === undefined ? { answer: "sat" } : { answer: "sat", value: best };
  };
  const witnessed = (claim: (matched: string[], decision: string) => boolean) => (): Shown => {
    const witness = witnessOf(enc, solver.model());
    if (witness === undefined) return { witness: undefined, evaluated: undefined };
    const response = runWitness(compiled, witness);
    const matched = matchedRules(response);
    return { witness, evaluated: { decision: response.decision, matched, confirmed: claim(matched, response.decision) } };
  };
  const unknownFinding = (code: ProofCode, ids: string[], what: string): ProofFinding => ({
    code,
    status: "unknown",
    rules: ids,
    message: `${what}: unknown (the solver found no answer within ${timeoutMs} ms)`,
  });

  const reachable: Prepared[] = [];
  for (const r of rules) {
    const res = await ask([r.when]);
    if (res.answer === "unsat") findings.push({ code: "unreachable", status: "proven", rules: [r.rule.id], message: `${r.rule.id} can never match (UNSAT)` });
    else if (res.answer === "unknown") findings.push(unknownFinding("unreachable", [r.rule.id], `whether ${r.rule.id} can match`));
    if (res.answer !== "unsat") reachable.push(r);
  }

  for (let i = 0; i < reachable.length; i++) {
    for (let j = i + 1; j < reachable.length; j++) {
      const a = reachable[i] as Prepared;
      const b = reachable[j] as Prepared;
      if (a.pins !== undefined && b.pins !== undefined && ![...a.pins].some((t) => b.pins?.has(t))) continue;
      const ids = [a.rule.id, b.rule.id];
      const overlap = await ask([a.when, b.when]);
      if (overlap.answer === "unknown") {
        findings.push(unknownFinding("conflict", ids, `whether ${ids.join(" and ")} overlap`));
        continue;
      }
      if (overlap.answer === "unsat") continue;
      // The witness (both rules match) is searched once, only when there is something to report.
      let shown: Shown | undefined;
      const example = async () => (shown ??= (await askWitness([a.when, b.when], witnessed((m) => m.includes(a.rule.id) && m.includes(b.rule.id)), true)).value ?? {});
      const status = (e: Shown): ProofStatus => (e.evaluated?.confirmed === true ? "confirmed" : "unconfirmed");
      for (const [r, s] of [[a, b], [b, a]] as const) {
        if (s.strength < r.strength) continue;
        const implied = await ask([r.when, z.Not(s.when)]);
        if (implied.answer === "unsat") {
          const ex = await example();
          findings.push({
            code: "shadowed",
            status: "proven",
            rules: [r.rule.id, s.rule.id],
            message: `${r.rule.id} (${r.rule.then.decision}) never changes the outcome: whenever it matches, ${s.rule.id} (${s.rule.then.decision}) matches too (UNSAT of ${r.rule.id} ∧ ¬${s.rule.id}); witness of both ${status(ex) === "confirmed" ? "confirmed" : "not confirmed"} by evaluate`,
            ...witnessFields(ex),
          });
        } else if (implied.answer === "unknown") findings.push(unknownFinding("shadowed", [r.rule.id, s.rule.id], `whether ${s.rule.id} shadows ${r.rule.id}`));
      }
      if (a.strength !== b.strength) {
        const [weak, strong] = a.strength < b.strength ? [a, b] : [b, a];
        const ex = await example();
        findings.push({
          code: "conflict",
          status: status(ex),
          rules: ids,
          message: `${weak.rule.id} (${weak.rule.then.decision}) and ${strong.rule.id} (${strong.rule.then.decision}) both match the witness; deny-overrides decides ${strong.rule.then.decision}`,
          ...witnessFields(ex),
        });
      }
    }
  }

  for (const r of reachable) {
    if (r.strength >= 3) continue;
    const stronger = lawAbove[r.strength] as Bool<"main">;
    const only = await ask([r.when, z.Not(stronger)]);
    if (only.answer === "unknown") {
      findings.push(unknownFinding("law-override-attempt", [r.rule.id], `whether ${r.rule.id} only matches where a law decides more strongly`));
      continue;
    }
    if (only.answer === "sat") continue;
    let k = r.strength + 1;
    for (let higher = 3; higher > k; higher--) {
      if ((await ask([r.when, z.Not(lawAbove[higher - 1] as Bool<"main">)])).answer === "unsat") {
        k = higher;
        break;
      }
    }
    const ex = await askWitness([r.when, stronger], witnessed((m, d) => m.includes(r.rule.id) && decisionStrength(d as never) > r.strength));
    // UNSAT both ways: the rule cannot match at all, so it weakens nothing (its reachability query timed
    // out, or it would not be here; that query's own finding says so).
    if (ex.answer === "unsat") continue;
    findings.push({
      code: "law-override-attempt",
      status: ex.answer === "sat" ? (ex.value?.evaluated?.confirmed === true ? "confirmed" : "unconfirmed") : "unknown",
      rules: [r.rule.id],
      message: `${r.rule.id} (${r.rule.then.decision}) only matches where the law pack decides at least ${DECISIONS[k]} (UNSAT of ${r.rule.id} ∧ law < ${DECISIONS[k]}): it tries to weaken a law, and cannot (see law-preservation)`,
      ...witnessFields(ex.value),
    });
  }

  const preserved = await askWitness([weakened], witnessed(() => true));
  findings.push(
    preserved.answer === "unsat"
      ? { code: "law-preservation", status: "proven", rules: [], message: "no action makes this policy's final decision weaker than the law pack's (findings, rate limit, sticky TERMINATE): UNSAT" }
      : preserved.answer === "unknown"
        ? unknownFinding("law-preservation", [], "law preservation for this policy")
        : { code: "law-preservation", status: "violated", rules: [], message: "the combiner lets this policy weaken a law-pack decision: counterexample below", ...witnessFields(preserved.value) },
  );

  const sym = symbolicPolicy(z, 8);
  const anyPolicy = await ask([...sym.facts, lawWeakened(z, sym.inputs, combiner(z, sym.inputs))]);
  findings.push(
    anyPolicy.answer === "unsat"
      ? { code: "law-preservation-any-policy", status: "proven", rules: [], message: "for every tenant policy (free rule matches, decisions and default): the combiner never makes the final decision weaker than the law pack's: UNSAT" }
      : anyPolicy.answer === "unknown"
        ? unknownFinding("law-preservation-any-policy", [], "law preservation for every policy")
        : { code: "law-preservation-any-policy", status: "violated", rules: [], message: "the combiner lets some tenant policy weaken a law-pack decision (SAT)" },
  );
  return { findings, queryMs, unknown, approximations: [...enc.approximations].sort(), skipped };
}

type Shown = { witness?: Witness | undefined; evaluated?: ProofFinding["evaluated"] | undefined };

const DECISIONS = ["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"] as const;

function witnessFields(ex: Shown | undefined): Pick<ProofFinding, "witness" | "evaluated"> {
  const out: Pick<ProofFinding, "witness" | "evaluated"> = {};
  if (ex?.witness !== undefined) out.witness = ex.witness;
  if (ex?.evaluated !== undefined) out.evaluated = ex.evaluated;
  return out;
}

/** The document with only the rules that are valid on their own (duplicate ids skipped); a bad default → ALLOW. */
function usableDocument(raw: unknown): { document: PolicyDocument; skipped: number } {
  const value = (raw ?? {}) as { version?: unknown; name?: unknown; default?: unknown; rules?: unknown };
  const list = Array.isArray(value.rules) ? (value.rules as unknown[]) : [];
  const seen = new Set<string>();
  const rules: PolicyRule[] = [];
  for (const item of list) {
    const parsed = PolicyRuleSchema.safeParse(item);
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    seen.add(parsed.data.id);
    rules.push(parsed.data);
  }
  const base = { version: 1, name: typeof value.name === "string" && value.name !== "" ? value.name : "policy", rules };
  let document: PolicyDocument;
  try {
    document = validatePolicyDocument({ ...base, default: value.default });
  } catch {
    document = validatePolicyDocument({ ...base, default: { decision: "ALLOW" } });
  }
  return { document, skipped: list.length - rules.length };
}

function collectMinScores(conditions: readonly Condition[]): number[] {
  const out: number[] = [];
  const walk = (c: Condition): void => {
    if ("finding" in c) {
      if (c.finding.min_score !== undefined) out.push(c.finding.min_score);
    } else if ("not" in c) walk(c.not);
    else if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
  };
  conditions.forEach(walk);
  return out;
}

/** Every string an `action_type` condition names (witnesses may use them). */
function policyActionTypes(conditions: readonly Condition[]): string[] {
  const out: string[] = [];
  const walk = (c: Condition): void => {
    if ("field" in c) {
      if (c.field !== "action_type") return;
      for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (typeof v === "string" && /^[a-z][a-z0-9_]*$/.test(v)) out.push(v);
    } else if ("not" in c) walk(c.not);
    else if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
  };
  conditions.forEach(walk);
  return out;
}

/** The action types a condition is restricted to (top level `eq`/`in` on action_type, through `all`), if any. */
function pins(c: Condition): ReadonlySet<string> | undefined {
  if ("field" in c && c.field === "action_type") {
    if (c.op === "eq" && typeof c.value === "string") return new Set([c.value]);
    if (c.op === "in" && Array.isArray(c.value)) return new Set(c.value.filter((v): v is string => typeof v === "string"));
    return undefined;
  }
  if ("all" in c) {
    let out: Set<string> | undefined;
    for (const part of c.all) {
      const p = pins(part);
      if (p === undefined) continue;
      out = out === undefined ? new Set(p) : new Set([...out].filter((t) => p.has(t)));
    }
    return out;
  }
  return undefined;
}
