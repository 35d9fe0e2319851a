/**
 * Peer adapter: llm_guardrail (three TF-IDF + logistic-regression models shipped in the package, offline):
 * injection → PROMPT_INJECTION, jailbreak → JAILBREAK, malicious → HARMFUL_CONTENT, each with the model's
 * threat probability as score.
 */
import type { Finding } from "@nethical/core/schemas/finding.ts";
import { wholeText, type PeerAdapter } from "./types.ts";
import { installedVersion } from "./version.ts";

const NAME = "llm_guardrail";

interface Check {
  confidence: number;
  probabilities?: { threat?: number };
}

/** The adapter. */
export const llmGuardrailPeer: PeerAdapter = {
  name: NAME,
  version: installedVersion(NAME),
  async probe() {
    try {
      const m = await import("llm_guardrail");
      await m.checkAll("probe");
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  },
  async threat(text: string): Promise<Finding[]> {
    const m = await import("llm_guardrail");
    const r = (await m.checkAll(text)) as { injection: Check; jailbreak: Check; malicious: Check };
    const p = (c: Check) => c.probabilities?.threat ?? c.confidence;
    return [
      wholeText("PROMPT_INJECTION", p(r.injection), text, NAME),
      wholeText("JAILBREAK", p(r.jailbreak), text, NAME),
      wholeText("HARMFUL_CONTENT", p(r.malicious), text, NAME),
    ];
  },
};
