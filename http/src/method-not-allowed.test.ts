import { describe, expect, it } from "vitest";
import { allowedMethods } from "./method-not-allowed.ts";

const routes = [
  { method: "ALL", path: "/v2/*" },
  { method: "POST", path: "/v2/evaluate" },
  { method: "GET", path: "/v2/agents/:agent_id" },
  { method: "POST", path: "/v2/agents/:agent_id/reinstate" },
  { method: "GET", path: "/v2/policies/active" },
  { method: "PUT", path: "/v2/policies/active" },
];

describe("allowedMethods", () => {
  it("lists the methods registered for a path, ignoring middleware", () => {
    expect(allowedMethods(routes, "/v2/evaluate")).toEqual(["POST"]);
    expect(allowedMethods(routes, "/v2/policies/active")).toEqual(["GET", "HEAD", "PUT"]);
  });

  it("matches path parameters as one segment", () => {
    expect(allowedMethods(routes, "/v2/agents/robot-7")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods(routes, "/v2/agents/robot-7/reinstate")).toEqual(["POST"]);
    expect(allowedMethods(routes, "/v2/agents/a/b/c")).toEqual([]);
  });

  it("returns nothing for unknown paths (a 404, not a 405)", () => {
    expect(allowedMethods(routes, "/v2/nope")).toEqual([]);
  });
});
