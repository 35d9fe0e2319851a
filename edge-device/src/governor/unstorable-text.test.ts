/**
 * Red-team defect 2 on the device: a string the decision log or the server's store would refuse or alter
 * (NUL, an unpaired surrogate) is refused before it is decided, in-process and over the local API, so it
 * can never hold back the upload of the log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { acceptBundle } from "../device.ts";
import { deviceApi } from "../http/http-api.ts";
import { tempDir, testConfig, testDevice, testSigner } from "../testing/fixtures.ts";
import { InvalidRequestError } from "./governor.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

async function device() {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  const { device } = await testDevice(testConfig(dir, s.trusted));
  cleanup.push(() => {
    device.close();
    remove();
  });
  expect((await acceptBundle(device, await s.bundle(1))).status).toBe("accepted");
  return device;
}

describe("the device refuses text it could not store", () => {
  it("throws InvalidRequestError naming the field, and logs nothing", async () => {
    const d = await device();
    const before = d.log.pendingCount;
    for (const agent_id of ["nul\u0000agent", "sur\ud800agent"]) {
      expect(() => d.governor.evaluate({ agent_id, action: "move arm", action_type: "actuation" })).toThrow(InvalidRequestError);
    }
    try {
      d.governor.evaluate({ agent_id: "a", action: "x", action_type: "tool_call", tool: { name: "t", arguments: { q: "\u0000" } } });
    } catch (error) {
      expect((error as InvalidRequestError).issues).toEqual([{ path: "tool.arguments.q", message: "contains a NUL character (U+0000)" }]);
    }
    expect(d.log.pendingCount).toBe(before);
  });

  it("answers 400 invalid-text over the local API", async () => {
    const d = await device();
    const app = deviceApi(d.governor, () => ({}));
    const res = await app.request("/v2/evaluate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"agent_id":"nul\\u0000agent","action":"move arm","action_type":"actuation"}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe("urn:nethical:problem:invalid-text");
  });
});
