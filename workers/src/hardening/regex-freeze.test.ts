/**
 * Red-team defect 1 (high), reproduced through the API: a policy regex that froze the whole server for
 * seconds (`.*a.*a.*a.*b` on 260 × "a") is published and activated, and the evaluate that froze it now
 * answers with the policy's own decision; other tenants are answered meanwhile. A policy whose regexes would
 * scan more than the evaluation budget fails safe with BLOCK and `X-Nethical-Degraded: budget`.
 */
import { describe, expect, it } from "vitest";
import { action, createTenant, defaultPolicyWith, evaluate, setPolicy } from "../testing/api.ts";

const regexRule = (id: string, value: string) => ({ id, when: { field: "action", op: "matches", value }, then: { decision: "BLOCK" } });

describe("tenant regexes cannot freeze the Worker", () => {
  it.each([".*a.*a.*a.*b", "[\\s\\S]*x[\\s\\S]*y[\\s\\S]*z[\\s\\S]*w", "\\s+$", "(?:a|b)*c"])("%s is accepted and answers at once", async (pattern) => {
    const { keys } = await createTenant("regex");
    const other = await createTenant("bystander");
    expect((await setPolicy(keys.operator, defaultPolicyWith([regexRule("slow", pattern)]))).status).toBe(200);
    const [slow, bystander] = await Promise.all([
      evaluate(keys.agent, action("r1", { action: "a".repeat(260) })),
      evaluate(other.keys.agent, action("b1")),
    ]);
    expect(slow.status).toBe(200);
    expect(slow.body.decision).toBe("ALLOW");
    expect(slow.headers.get("x-nethical-degraded")).toBeNull();
    expect(bystander.body.decision).toBe("ALLOW");
  });

  it("fails safe when a policy's regexes would scan more than the evaluation budget", async () => {
    const { keys } = await createTenant("budget");
    // 80 rules × a 60 KB action = 4.8 M characters > the 4 M budget.
    const rules = Array.from({ length: 80 }, (_, i) => regexRule(`r${i}`, `never-${i}-[0-9]+`));
    expect((await setPolicy(keys.operator, defaultPolicyWith(rules))).status).toBe(200);
    const res = await evaluate(keys.agent, action("r2", { action: "list the files in the reports folder ".repeat(1600) }));
    expect(res.body.decision).toBe("BLOCK");
    expect(res.headers.get("x-nethical-degraded")).toBe("budget");
    expect(res.body.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "evaluation_budget" });
  });
});
