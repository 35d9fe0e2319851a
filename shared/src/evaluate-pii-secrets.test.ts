/**
 * Issue 10 part 6, end to end through `evaluate` with the default policy: an AWS secret access key next to
 * its key id is redacted together with the key id, and `ping 8.8.8.8` as code_execution is no longer
 * restricted as "PII (IP address)". Keys are built from parts so no line of this file is a key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { createBundle } from "./policy/bundle.ts";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.ts";
import { defaultPolicy } from "./policy/default-policy.ts";
import type { EvaluateRequest } from "./schemas/action.ts";
import { emptyAgentState } from "./schemas/agent-state.ts";

const NOW = 1_700_000_000_000;
const agent = emptyAgentState();
let defaults: CompiledPolicy;
beforeAll(async () => {
  defaults = compilePolicy(await createBundle("acme", 1, defaultPolicy()));
});
const req = (action: string, action_type: string): EvaluateRequest => ({ agent_id: "agent-1", action, action_type });

const KEY_ID = "AKIA" + "Z3MQPL7XK2B9TRWE";
const AWS_VALUE_40 = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzQ8kLm2Nb7";

describe("issue 10 examples through evaluate (default policy)", () => {
  it.each([
    ["message", `Here are the prod credentials: ${KEY_ID} ${AWS_VALUE_40}`],
    ["tool_call", `access key id ${KEY_ID}, secret ${AWS_VALUE_40}`],
    ["code_execution", `aws configure set aws_access_key_id ${KEY_ID} && aws configure set aws_secret_access_key ${AWS_VALUE_40}`],
  ])("redacts both the key id and the 40-character secret (%s)", (actionType, action) => {
    const res = evaluate(req(action, actionType), defaults, agent, NOW);
    expect(res.decision).toBe("RESTRICT");
    const spans = res.obligations.filter((o) => o.type === "redact").flatMap((o) => o.spans ?? []);
    const idAt = action.indexOf(KEY_ID);
    const secretAt = action.indexOf(AWS_VALUE_40);
    expect(spans).toContainEqual({ start: idAt, end: idAt + KEY_ID.length });
    expect(spans).toContainEqual({ start: secretAt, end: secretAt + AWS_VALUE_40.length });
    expect(res.violations.map((v) => v.subtype)).toEqual(expect.arrayContaining(["aws_access_key", "aws_secret_key"]));
    expect(JSON.stringify(res)).not.toContain(AWS_VALUE_40.slice(0, 12));
  });

  it.each(["ping 8.8.8.8", "ping -c 4 8.8.8.8", "traceroute 1.1.1.1", "dig @1.1.1.1 example.com"])("allows `%s` as code_execution (no PII violation)", (action) => {
    const res = evaluate(req(action, "code_execution"), defaults, agent, NOW);
    expect(res.violations.filter((v) => v.finding_type === "IP_ADDRESS")).toEqual([]);
    expect(res.decision).toBe("ALLOW");
  });

  it("still treats an IP address in a record as personal data", () => {
    const action = "Send the report: the user's IP was 81.2.69.142 when the order was placed.";
    const res = evaluate(req(action, "message"), defaults, agent, NOW);
    expect(res.decision).toBe("RESTRICT");
    const at = action.indexOf("81.2.69.142");
    expect(res.violations.find((v) => v.finding_type === "IP_ADDRESS")?.span).toEqual({ start: at, end: at + "81.2.69.142".length });
  });
});
