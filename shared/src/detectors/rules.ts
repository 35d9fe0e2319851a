/**
 * A tiny rule engine shared by the pattern-based detectors: each rule is a precompiled global regex with a
 * subtype, a base score and how talk-about context applies. Rules are scanned once, left to right.
 */
import type { Finding, FindingType } from "../schemas/finding.ts";
import { applyTalk, talkFactor, type TalkMode } from "./talk-about.ts";
import { anchorPositions, compileAnchor, compileTriggers, compileTriggersAll, isGateOpen, openGates, type TriggerIds } from "./triggers.ts";
import { makeFinding, roundScore, type DetectorInput } from "./types.ts";

/** One pattern rule. `re` must carry the `g` flag (and `d` when `group` is set). */
export interface PatternRule {
  subtype?: string;
  re: RegExp;
  score: number;
  talk: TalkMode;
  /** Report the span of this capture group instead of the whole match. */
  group?: number;
  /**
   * Stems (see triggers.ts) of which every match contains at least one; the rule only runs when one
   * occurred in the text. Leave out for rules that are cheap to scan anyway.
   */
  triggers?: readonly string[];
  /** Instead of `triggers`: every list must have one stem in the text (e.g. a verb list and a victim list). */
  triggersAll?: readonly (readonly string[])[];
  /**
   * Every match starts exactly at one of the stems of `triggers` (or of the first `triggersAll` list) at a
   * word start: the rule is then only tried there (sticky), instead of at every position. Big speed-up for
   * rules that open with a long verb alternation; `trigger-gating.test.ts` checks it changes nothing.
   */
  anchored?: boolean;
  /** Filled by registerRules: the compiled trigger ids. */
  triggerIds?: TriggerIds;
  /** Filled by registerRules for anchored rules. */
  anchorId?: number;
  /** Filled by registerRules for anchored rules: a sticky copy of `re`. */
  sticky?: RegExp;
}

/**
 * Register the trigger stems of `rules` and return the rules (call once at module load).
 *
 * @example
 * export const RULES = registerRules([{ subtype: "x", re: /\bfoo\b/gi, score: 0.9, talk: "full", triggers: ["foo"] }]);
 */
export function registerRules(rules: readonly PatternRule[]): readonly PatternRule[] {
  // One object shape for every rule keeps the scan loop's property reads monomorphic (fast).
  const compiled: readonly PatternRule[] = Object.freeze(
    rules.map((r) => ({
      subtype: r.subtype,
      re: r.re,
      score: r.score,
      talk: r.talk,
      group: r.group,
      triggers: r.triggers,
      triggersAll: r.triggersAll,
      triggerIds:
        r.triggersAll !== undefined ? compileTriggersAll(r.triggersAll) : r.triggers === undefined ? -1 : compileTriggers(r.triggers),
      anchored: r.anchored,
      anchorId: r.anchored === true ? compileAnchor(r.triggers ?? r.triggersAll?.[0] ?? []) : undefined,
      sticky: r.anchored === true ? new RegExp(r.re.source, `${r.re.flags.replace("g", "")}y`) : undefined,
    })),
  );
  gatesOf.set(compiled, Int32Array.from(compiled, (r) => r.triggerIds ?? -1));
  return compiled;
}

/** Which rule (its regex) produced a finding: the identity of a cue for corroborate. */
const cueOf = new WeakMap<Finding, RegExp>();

/** Gate id per rule, aligned with each registered rules array (read once per scan, then one byte per rule). */
const gatesOf = new WeakMap<readonly PatternRule[], Int32Array>();

/** At most this many findings per rule and input: bounds the work on adversarial text. */
export const MAX_MATCHES_PER_RULE = 64;

/**
 * Scan `input.text` with every rule and push the findings into `out`.
 * `noTalk` disables talk-about lowering (e.g. for text that is about to be executed).
 *
 * @example
 * const out: Finding[] = [];
 * scanRules({ text: "DROP TABLE users;" }, "DANGEROUS_CODE", "dangerous_code",
 *   [{ subtype: "destructive_sql", re: /\bdrop\s+table\b/gi, score: 0.9, talk: "full" }], out);
 * // out[0] → { type: "DANGEROUS_CODE", subtype: "destructive_sql", start: 0, end: 10, score: 0.9, … }
 */
export function scanRules(
  input: DetectorInput,
  type: FindingType,
  detector: string,
  rules: readonly PatternRule[],
  out: Finding[],
  noTalk = false,
): void {
  const text = input.text;
  const open = openGates(input);
  const gates = gatesOf.get(rules);
  for (let r = 0; r < rules.length; r++) {
    const gate = gates === undefined ? (rules[r]?.triggerIds ?? -1) : (gates[r] ?? -1);
    if (open !== undefined && gate >= 0 && !isGateOpen(open, gate)) continue;
    const rule = rules[r] as PatternRule;
    const sticky = open !== undefined && rule.anchorId !== undefined ? rule.sticky : undefined;
    if (sticky !== undefined) {
      let next = 0;
      let count = 0;
      for (const p of anchorPositions(input, rule.anchorId as number)) {
        if (p < next) continue;
        sticky.lastIndex = p;
        const m = sticky.exec(text);
        if (m === null || m[0].length === 0) continue;
        next = p + m[0].length;
        emit(input, type, detector, rule, m, out, noTalk);
        if (++count >= MAX_MATCHES_PER_RULE) break;
      }
      continue;
    }
    const re = rule.re;
    re.lastIndex = 0;
    let count = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      emit(input, type, detector, rule, m, out, noTalk);
      if (++count >= MAX_MATCHES_PER_RULE) break;
    }
  }
}

function emit(
  input: DetectorInput,
  type: FindingType,
  detector: string,
  rule: PatternRule,
  m: RegExpExecArray,
  out: Finding[],
  noTalk: boolean,
): void {
  let start = m.index;
  let end = start + m[0].length;
  if (rule.group !== undefined) {
    const span = m.indices?.[rule.group];
    if (span === undefined) return;
    [start, end] = span;
  }
  const factor = noTalk ? 1 : talkFactor(input, start, end, rule.talk);
  const finding = makeFinding(type, rule.subtype, start, end, applyTalk(rule.score, factor), detector);
  cueOf.set(finding, rule.re);
  out.push(finding);
}

/**
 * Corroboration for detectors whose cues stack (jailbreaks, attack requests). Within each group (by
 * `groupOf`), when a strong cue (≥ 0.6) and another distinct cue are present, or three distinct weak
 * cues, every cue scoring ≥ 0.35 is raised to the noisy-OR of the best score per distinct cue (max 0.95).
 * A distinct cue is one rule (repeated matches of a rule count once; findings not made by scanRules fall
 * back to their type/subtype/score); talked-about cues (≤ 0.3) neither count nor rise.
 *
 * @example
 * const fs: Finding[] = [
 *   { type: "JAILBREAK", subtype: "roleplay", start: 0, end: 5, score: 0.4, detector: "injection" },
 *   { type: "JAILBREAK", subtype: "dan", start: 9, end: 12, score: 0.8, detector: "injection" },
 * ];
 * corroborate(fs, () => "all"); // fs[0].score === 0.88
 */
export function corroborate(findings: Finding[], groupOf: (f: Finding) => string): void {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.score < 0.35) continue;
    const g = groupOf(f);
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [f]);
    else list.push(f);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const best = new Map<RegExp | string, number>();
    for (const f of list) {
      const key = cueOf.get(f) ?? `${f.type}/${f.subtype ?? ""}/${f.score}`;
      best.set(key, Math.max(best.get(key) ?? 0, f.score));
    }
    if (best.size < 2) continue;
    let strong = false;
    let miss = 1;
    for (const s of best.values()) {
      if (s >= 0.6) strong = true;
      miss *= 1 - s;
    }
    if (!strong && best.size < 3) continue;
    const combined = Math.min(0.95, roundScore(1 - miss));
    for (const f of list) if (f.score < combined) f.score = combined;
  }
}
