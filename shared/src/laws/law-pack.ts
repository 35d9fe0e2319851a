/**
 * The built-in law pack: the 25 Fundamental Laws, each with what enforces it automatically. Deeply frozen:
 * nothing at run time can change or remove a law or its rules.
 *
 * A law is `automatic` when the pack itself checks it on every request (through detector findings or the
 * agent's state). The others (e.g. 1 due-process termination, 10 explainability, 15 auditing) are duties of
 * the people and platform around the agent, or need judgement no automatic check can give: they say so with
 * `enforced_by: null, automatic: false` rather than pretend.
 */
import { deepFreeze, type DeepReadonly } from "../util/deep-freeze.ts";
import { AGENT_STATE_RULES, LAW_RULES } from "./law-rules.ts";
import { LAW_TEXTS, type LawCategory } from "./law-text.ts";

export interface Law {
  id: number;
  title: string;
  category: LawCategory;
  description: string;
  /** Detector findings (`TYPE` or `TYPE/subtype`) and law-pack rule ids that enforce this law; null if none. */
  enforced_by: { detectors: string[]; rules: string[] } | null;
  automatic: boolean;
}

function build(): Law[] {
  return LAW_TEXTS.map((text) => {
    const findingRules = LAW_RULES.filter((r) => r.law === text.id);
    const stateRules = Object.values(AGENT_STATE_RULES).filter((r) => r.law === text.id);
    const detectors = [...new Set(findingRules.map((r) => (r.subtype === undefined ? r.type : `${r.type}/${r.subtype}`)))];
    const rules = [...findingRules.map((r) => r.id), ...stateRules.map((r) => r.id)];
    const enforced = rules.length > 0;
    return { ...text, enforced_by: enforced ? { detectors, rules } : null, automatic: enforced };
  });
}

/** The 25 laws, ids 1–25 in order, immutable. */
export const FUNDAMENTAL_LAWS: DeepReadonly<Law[]> = deepFreeze(build());

/**
 * One law by number.
 *
 * @example
 * getLaw(21)?.title; // "Primacy of Human Safety"
 */
export function getLaw(id: number): DeepReadonly<Law> | undefined {
  return FUNDAMENTAL_LAWS[id - 1];
}
