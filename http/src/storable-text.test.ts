/**
 * Red-team defect 2 at the HTTP edge: a NUL or an unpaired surrogate anywhere in a JSON body, or in the
 * decoded URL, is refused with 400 `invalid-text` naming the field and never the value.
 */
import { describe, expect, it } from "vitest";
import { BODY_LIMITS, readJsonBody } from "./body.ts";
import { ProblemError } from "./problem.ts";
import { unusableUrlPart } from "./storable-url.ts";

const post = (body: string) => new Request("http://x/v2/evaluate", { method: "POST", headers: { "content-type": "application/json" }, body });

async function problemOf(body: string): Promise<ProblemError> {
  try {
    await readJsonBody(post(body), BODY_LIMITS.evaluate);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("text hygiene in request bodies", () => {
  it.each([
    ['{"agent_id":"nul\\u0000agent","action":"x","action_type":"query"}', "agent_id", "NUL"],
    ['{"agent_id":"sur\\ud800agent","action":"x","action_type":"query"}', "agent_id", "unpaired"],
    ['{"agent_id":"a","action":"x","action_type":"query","tool":{"name":"t","arguments":{"q":["ok","\\udc00"]}}}', "tool.arguments.q.1", "unpaired"],
    ['{"agent_id":"a","action":"x","action_type":"query","context":{"k\\u0000":1}}', "context.(key)", "NUL"],
  ])("%s → 400 naming %s", async (body, path, what) => {
    const problem = await problemOf(body);
    expect(problem.status).toBe(400);
    expect(problem.slug).toBe("invalid-text");
    expect(problem.extensions).toEqual({ errors: [{ path, message: expect.stringContaining(what) }] });
    expect(problem.detail).not.toContain("agent\u0000");
    expect(JSON.stringify(problem.extensions)).not.toMatch(/nul.agent|sur.agent/);
  });

  it("accepts paired surrogates (emoji) and ordinary text", async () => {
    const value = await readJsonBody(post('{"agent_id":"robot 😀 中文","action":"x","action_type":"query"}'), BODY_LIMITS.evaluate);
    expect(value).toEqual({ agent_id: "robot 😀 中文", action: "x", action_type: "query" });
  });
});

describe("text hygiene in URLs", () => {
  it("refuses NUL, unpaired surrogates and undecodable escapes in the path or query", () => {
    expect(unusableUrlPart(new URL("http://x/v2/agents/a%00b"))).toContain("NUL");
    expect(unusableUrlPart(new URL("http://x/v2/agents/a%ED%A0%80b"))).toBe("the path is not valid percent-encoded UTF-8");
    expect(unusableUrlPart(new URL("http://x/v2/decisions?agent_id=%00"))).toContain("query contains a NUL");
    expect(unusableUrlPart(new URL("http://x/v2/agents/robot-%F0%9F%98%80"))).toBeUndefined();
  });
});

describe("truncated bodies", () => {
  it("answers 400 incomplete-body, not a 500, when the body stream breaks off (red-team defect 7)", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"agent_id":"a","act'));
        controller.error(new Error("connection reset"));
      },
    });
    const request = new Request("http://x/v2/evaluate", { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    await expect(readJsonBody(request, BODY_LIMITS.evaluate)).rejects.toMatchObject({ slug: "incomplete-body", status: 400 });
  });
});
