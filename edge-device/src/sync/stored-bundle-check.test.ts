/**
 * The stored bundle at start: signature, hash, tenant and rollback floor are re-verified every time; the
 * policy's schema check is skipped only when this same build (its build id) validated a bundle with that
 * content hash on this device before. Real SQLite, real Ed25519 signatures, real files.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson, createVerifier, evaluate, emptyAgentState, type Verifier } from "@nethical/core";
import { syntheticPolicy } from "@nethical/core/testing/synthetic-policy.ts";
import { openDeviceDb } from "../log/device-db.ts";
import { tempDir, testSigner } from "../testing/fixtures.ts";
import { BundleKeeper } from "./bundle-keeper.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

async function setup() {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  cleanup.push(remove);
  const file = join(dir, "bundle.json");
  // The trusted key as a verifier that counts its signature checks.
  let checks = 0;
  const [keyId, jwk] = Object.entries(s.trusted)[0]!;
  const inner = createVerifier(keyId, jwk);
  const counting: Verifier = { ...inner, verify: (bytes, signature) => ((checks += 1), inner.verify(bytes, signature)) };
  const keeperOn = (build: string | undefined) => {
    const db = openDeviceDb(join(dir, "device.db"), "FULL");
    cleanup.push(() => db.close());
    return new BundleKeeper(db, file, "acme", { [keyId]: counting }, build);
  };
  return { s, file, keeperOn, checks: () => checks };
}

const request = { agent_id: "a1", action: "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", action_type: "query" as const };

describe("a stored bundle at start", () => {
  it("skips the schema check only in the build that validated it, and decides the same", async () => {
    const { s, keeperOn } = await setup();
    const first = keeperOn("build-a");
    expect((await first.offer(await s.bundle(1, syntheticPolicy(1000)))).status).toBe("accepted");
    expect(first.skippedSchemaCheck).toBe(false);
    const expected = JSON.stringify(evaluate(request, first.current!.compiled, emptyAgentState(), 1));

    const sameBuild = keeperOn("build-a");
    expect(await sameBuild.loadPersisted()).toBe(true);
    expect(sameBuild.skippedSchemaCheck).toBe(true);
    expect(JSON.stringify(evaluate(request, sameBuild.current!.compiled, emptyAgentState(), 1))).toBe(expected);

    // Another build (an upgrade) validates again, and records that it did.
    const upgraded = keeperOn("build-b");
    expect(await upgraded.loadPersisted()).toBe(true);
    expect(upgraded.skippedSchemaCheck).toBe(false);
    const again = keeperOn("build-b");
    expect(await again.loadPersisted()).toBe(true);
    expect(again.skippedSchemaCheck).toBe(true);

    // From the TypeScript source (no build id): always validated.
    const source = keeperOn(undefined);
    expect(await source.loadPersisted()).toBe(true);
    expect(source.skippedSchemaCheck).toBe(false);
    expect(JSON.stringify(evaluate(request, source.current!.compiled, emptyAgentState(), 1))).toBe(expected);
  });

  it("stores the bundle as canonical JSON and re-checks it with one signature check; an older build's file loads too", async () => {
    const { s, file, keeperOn, checks } = await setup();
    const bundle = await s.bundle(1, syntheticPolicy(1000));
    expect((await keeperOn("build-a").offer(bundle)).status).toBe("accepted");
    const stored = readFileSync(file, "utf8");
    expect(stored).toBe(canonicalJson(bundle));
    const before = checks();
    const restarted = keeperOn("build-a");
    expect(await restarted.loadPersisted()).toBe(true);
    expect(checks() - before).toBe(1);
    // A file an older build wrote (JSON.stringify, keys in the order they came): checked the canonical way.
    writeFileSync(file, JSON.stringify({ signature: bundle.signature, ...bundle }));
    const old = keeperOn("build-a");
    expect(await old.loadPersisted()).toBe(true);
    expect(checks() - before).toBe(3);
    expect(JSON.stringify(evaluate(request, old.current!.compiled, emptyAgentState(), 1))).toBe(JSON.stringify(evaluate(request, restarted.current!.compiled, emptyAgentState(), 1)));
  });

  it("still refuses an edited bundle.json in the build that validated the original", async () => {
    const { s, file, keeperOn } = await setup();
    const first = keeperOn("build-a");
    await first.offer(await s.bundle(1, syntheticPolicy(10)));
    const stored = JSON.parse(readFileSync(file, "utf8"));
    // Same hash field (the one the record names), other content: the content hash no longer matches.
    stored.policy.rules = [];
    writeFileSync(file, JSON.stringify(stored));
    const restarted = keeperOn("build-a");
    expect(await restarted.loadPersisted()).toBe(false);
    expect(restarted.current).toBeNull();
    expect(restarted.lastRefusal?.code).toMatch(/bad_signature|hash_mismatch/);
  });
});
