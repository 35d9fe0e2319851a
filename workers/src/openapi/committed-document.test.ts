/**
 * workers/openapi.json (committed; the TypeScript SDK's types come from it) is exactly what the Worker serves
 * at `GET /v2/openapi.json`. Run `npm run openapi:export` after changing a route description or a schema.
 */
import { describe, expect, it } from "vitest";
import committed from "@nethical/workers/openapi.json";
import { api, bootstrapKey } from "../testing/api.ts";

describe("workers/openapi.json", () => {
  it("equals the document the Worker serves (else run npm run openapi:export)", async () => {
    const res = await api("/v2/openapi.json", { key: bootstrapKey() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(committed);
  });
});
