import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { runDetectors } from "./detectors/index.ts";
import { evaluate } from "./evaluate.ts";
import { createBundle } from "./policy/bundle.ts";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.ts";
import { defaultPolicy } from "./policy/default-policy.ts";
import { scanRequest } from "./policy/scan-request.ts";
import { FRAGMENTS, arbAgent, arbRequest } from "./policy/testing/requests.ts";
import { isPiiType } from "./policy/vocabulary.ts";
import type { EvaluateRequest } from "./schemas/action.ts";
import type { Finding } from "./schemas/finding.ts";

let policy: CompiledPolicy;
beforeAll(async () => {
  policy = compilePolicy(await createBundle("acme", 1, defaultPolicy()));
});

/** The text a finding points at (action, stated intent or a tool argument string). */
function coveredText(request: EvaluateRequest, f: Finding): string {
  let source: unknown = request.action;
  if (f.field === "stated_intent") source = request.stated_intent;
  else if (f.field?.startsWith("tool.arguments.")) {
    source = f.field
      .slice("tool.arguments.".length)
      .split(".")
      .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], request.tool?.arguments);
  }
  return typeof source === "string" ? source.slice(f.start, f.end) : "";
}

describe("explanations never contain detected PII or secrets", () => {
  // @req CTL-audit-no-raw-pii
  it("holds for generated requests", () => {
    let checked = 0;
    fc.assert(
      fc.property(arbRequest, arbAgent, (request, agent) => {
        const response = evaluate(request, policy, agent, 1_700_000_000_000);
        const published = JSON.stringify({ explanation: response.explanation, violations: response.violations, obligations: response.obligations });
        for (const f of scanRequest(request, runDetectors)) {
          if (!isPiiType(f.type) && f.type !== "SECRET") continue;
          const secret = coveredText(request, f);
          if (secret.length < 6) continue;
          checked++;
          expect(published.includes(secret), `${f.type} leaked`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(50);
  });

  it("holds for every sensitive fragment on its own, in every field", () => {
    for (const fragment of FRAGMENTS) {
      const request: EvaluateRequest = {
        agent_id: "a",
        action: fragment,
        action_type: "tool_call",
        tool: { name: "email", arguments: { body: fragment } },
        stated_intent: fragment,
      };
      const response = evaluate(request, policy, { requests: 0, violations: 0, decisions: { ALLOW: 0, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 }, window_requests: 0, rate_limited: false, terminated: false }, 0);
      const published = JSON.stringify(response);
      for (const f of scanRequest(request, runDetectors)) {
        if ((isPiiType(f.type) || f.type === "SECRET") && coveredText(request, f).length >= 6) {
          expect(published.includes(coveredText(request, f)), `${f.type} leaked from ${f.field ?? "action"}`).toBe(false);
        }
      }
    }
  });
});
