import { describe, expect, it } from "vitest";
import { runDetectors } from "../detectors/index.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { Finding } from "../schemas/finding.ts";
import { MAX_ARGUMENT_DEPTH, compareRequestFindings, scanRequest } from "./scan-request.ts";

const EMAIL = "jane.doe@acme-corp.com";
const TOKEN = "ghp_R8x2kLm9Qz4vT7yW1nB5cD3fG6hJ0pS2uV8a";

describe("scanRequest", () => {
  it("finds things in the action, every tool argument string and the stated intent, with fields", () => {
    const request: EvaluateRequest = {
      agent_id: "a",
      action: `mail ${EMAIL}`,
      action_type: "tool_call",
      tool: { name: "http_post", arguments: { headers: { auth: `token=${TOKEN}` }, to: [1, EMAIL], retries: 3 } },
      stated_intent: `notify ${EMAIL}`,
    };
    const found = scanRequest(request, runDetectors).map((f) => [f.field ?? "action", f.type, f.start, f.end]);
    expect(found).toEqual([
      ["action", "EMAIL_ADDRESS", 5, 5 + EMAIL.length],
      ["stated_intent", "EMAIL_ADDRESS", 7, 7 + EMAIL.length],
      ["tool.arguments.headers.auth", "SECRET", 6, 6 + TOKEN.length],
      ["tool.arguments.to.1", "EMAIL_ADDRESS", 0, EMAIL.length],
    ]);
  });

  it("returns the detectors' findings for the action text alone when there is nothing else", () => {
    const request: EvaluateRequest = { agent_id: "a", action: "rm -rf / --no-preserve-root", action_type: "code_execution" };
    expect(scanRequest(request, runDetectors)).toEqual(runDetectors({ text: request.action, action_type: "code_execution" }));
    expect(scanRequest({ agent_id: "a", action: "hello", action_type: "query" }, runDetectors)).toEqual([]);
  });

  it("stops at the argument depth limit instead of recursing forever", () => {
    let deep: Record<string, unknown> = { leaf: EMAIL };
    for (let i = 0; i < MAX_ARGUMENT_DEPTH + 5; i++) deep = { d: deep };
    const request: EvaluateRequest = { agent_id: "a", action: "x", action_type: "tool_call", tool: { name: "t", arguments: deep } };
    expect(scanRequest(request, runDetectors)).toEqual([]);
  });
});

describe("compareRequestFindings", () => {
  it("orders by field (action text first), then span, type and subtype", () => {
    const f = (field: string | undefined, start: number, type: Finding["type"]): Finding => ({ type, start, end: start + 1, score: 1, detector: "d", ...(field === undefined ? {} : { field }) });
    const sorted = [f("tool.arguments.b", 0, "SECRET"), f("stated_intent", 0, "US_SSN"), f(undefined, 9, "SECRET"), f("action", 2, "US_SSN"), f(undefined, 2, "SECRET")].sort(compareRequestFindings);
    expect(sorted.map((x) => `${x.field ?? "-"}:${x.start}:${x.type}`)).toEqual(["-:2:SECRET", "action:2:US_SSN", "-:9:SECRET", "stated_intent:0:US_SSN", "tool.arguments.b:0:SECRET"]);
  });
});

describe("whole-request checks run once", () => {
  it("reports an actuation outside its limits once, on the real field, however many arguments are scanned", () => {
    const findings = scanRequest(
      {
        agent_id: "arm",
        action: "move the arm",
        action_type: "actuation",
        tool: { name: "move", arguments: { note: "fast please", mode: "manual" } },
        stated_intent: "finish the job",
        context: { limits: { speed: { max: 2 } }, command: { speed: 9 } },
      },
      runDetectors,
    );
    const limits = findings.filter((f) => f.subtype === "actuation_out_of_limits");
    expect(limits).toHaveLength(1);
    expect(limits[0]?.field).toBe("context.command.speed");
  });
});
