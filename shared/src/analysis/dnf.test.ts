import { describe, expect, it } from "vitest";
import { describeLiteral } from "./literal.ts";
import { toDnf } from "./dnf.ts";

const show = (terms: ReturnType<typeof toDnf>) => terms?.map((t) => t.map(describeLiteral));

describe("DNF", () => {
  it("pushes negations to the leaves and canonicalises neq, nin, in [x], exists false and risk", () => {
    expect(show(toDnf({ not: { any: [{ field: "context.a", op: "neq", value: 1 }, { field: "context.b", op: "exists", value: false }] } }))).toEqual([
      ["context.a eq 1", "context.b exists"],
    ]);
    expect(show(toDnf({ all: [{ field: "tool.name", op: "in", value: ["sql"] }, { risk: { gte: 0.5, lt: 0.9 } }] }))).toEqual([
      ["tool.name eq \"sql\"", "risk gte 0.5", "risk lt 0.9"],
    ]);
  });

  it("distributes all over any", () => {
    const a = { field: "context.a", op: "eq" as const, value: 1 };
    const b = { field: "context.b", op: "eq" as const, value: 2 };
    const c = { field: "context.c", op: "eq" as const, value: 3 };
    expect(show(toDnf({ all: [{ any: [a, b] }, c] }))).toEqual([
      ["context.a eq 1", "context.c eq 3"],
      ["context.b eq 2", "context.c eq 3"],
    ]);
  });

  it("keeps true and false apart: all [] is one empty term, any [] is no term", () => {
    expect(toDnf({ all: [] })).toEqual([[]]);
    expect(toDnf({ any: [] })).toEqual([]);
    expect(toDnf({ not: { all: [] } })).toEqual([]);
  });

  it("returns undefined instead of growing past the cap", () => {
    const pair = (i: number) => ({ any: [{ field: `context.a${i}`, op: "exists" as const }, { field: `context.b${i}`, op: "exists" as const }] });
    expect(toDnf({ all: [pair(0), pair(1), pair(2)] }, 8)?.length).toBe(8);
    expect(toDnf({ all: [pair(0), pair(1), pair(2), pair(3)] }, 8)).toBeUndefined();
  });
});
