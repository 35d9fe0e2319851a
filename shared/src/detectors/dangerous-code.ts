/**
 * The dangerous-code detector (type DANGEROUS_CODE): destructive shell/SQL/cloud commands, reverse shells,
 * credential reads and privilege escalation, in commands and in requests to write them. When the action is
 * executable (code_execution / tool_call) a command is "doing" whatever the phrasing; otherwise talk-about
 * context (a question, a negation, an explanation) lowers the score to ≤ 0.3.
 */
import type { Finding } from "../schemas/finding.ts";
import { applyTalk, isExecutable, talkFactor } from "./talk-about.ts";
import { AGENT_ACTION_RULES } from "./dangerous-code-agent-rules.ts";
import { DANGEROUS_CODE_RULES } from "./dangerous-code-rules.ts";
import { findDeleteWithoutWhere, findForcePush, findProfileBackdoor, findPythonReverseShell, findRecursiveRm, type CodeHit } from "./dangerous-code-parse.ts";
import { scanRules } from "./rules.ts";
import { compileTriggers, hitAny } from "./triggers.ts";
import { makeFinding, type Detector, type DetectorInput } from "./types.ts";

const RM = compileTriggers(["rm"]);
const DELETE = compileTriggers(["delete"]);
const GIT = compileTriggers(["git"]);
const SOCKET = compileTriggers(["socket"]);
const PROFILE = compileTriggers(["bashrc", "bash_profile", "bash_login", "profile", "zshrc", "zprofile", "zlogin", "zshenv", "bash.bashrc"]);

/**
 * DANGEROUS_CODE findings for `input.text`.
 *
 * @example
 * detectDangerousCode({ text: "rm -rf /", action_type: "code_execution" })[0].score; // 0.95
 * detectDangerousCode({ text: "What does rm -rf / do?" })[0].score;                 // 0.29
 */
export function detectDangerousCode(input: DetectorInput): Finding[] {
  const text = input.text;
  const out: Finding[] = [];
  const executable = isExecutable(input);
  scanRules(input, "DANGEROUS_CODE", "dangerous_code", DANGEROUS_CODE_RULES, out, executable);
  scanRules(input, "DANGEROUS_CODE", "dangerous_code", AGENT_ACTION_RULES, out, executable);
  const hits: CodeHit[] = [];
  if (hitAny(input, RM)) hits.push(...findRecursiveRm(text));
  if (hitAny(input, DELETE)) hits.push(...findDeleteWithoutWhere(text));
  if (hitAny(input, GIT)) hits.push(...findForcePush(text));
  if (hitAny(input, SOCKET)) hits.push(...findPythonReverseShell(text));
  if (hitAny(input, PROFILE)) hits.push(...findProfileBackdoor(text));
  for (const h of hits) {
    const factor = executable ? 1 : talkFactor(input, h.start, h.end, "full");
    out.push(makeFinding("DANGEROUS_CODE", h.subtype, h.start, h.end, applyTalk(h.score, factor), "dangerous_code"));
  }
  return labelDestruction(out);
}

/**
 * Deleting or shredding a key is credential_destruction, not a read and not merely a recursive delete: a
 * credential_read or recursive_delete finding inside a credential_destruction span (at most its score) is
 * dropped, so `shred -u ~/.ssh/id_rsa` is labelled once, as what it is.
 */
function labelDestruction(out: Finding[]): Finding[] {
  let destruction: Finding[] | undefined;
  for (const f of out) if (f.subtype === "credential_destruction") (destruction ??= []).push(f);
  if (destruction === undefined) return out;
  const kept: Finding[] = [];
  for (const f of out) {
    const covered = (f.subtype === "credential_read" || f.subtype === "recursive_delete") &&
      destruction.some((d) => d.start <= f.start && f.end <= d.end && f.score <= d.score);
    if (!covered) kept.push(f);
  }
  return kept;
}

/** The dangerous-code detector. */
export const dangerousCodeDetector: Detector = {
  id: "dangerous_code",
  types: ["DANGEROUS_CODE"],
  detect: detectDangerousCode,
};
