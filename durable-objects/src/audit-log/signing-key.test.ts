/**
 * Outside development the AuditLog never generates or reuses a development signing key: without
 * AUDIT_SIGNING_KEY, loading the key is a `misconfigured` failure (so no tree head is signed), even when a
 * development key is already kept in the object's storage; with the secret it signs as usual.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "@nethical/core";
import { durableObjectErrorOf } from "../errors.ts";
import { events, freshLog } from "./testing.ts";
import { loadAuditSigningKey } from "./signing-key.ts";

describe("AuditLog signing key outside development", () => {
  for (const environment of ["production", "staging", undefined]) {
    it(`ENVIRONMENT=${environment ?? "unset"} without AUDIT_SIGNING_KEY: misconfigured, nothing generated`, async () => {
      const { stub } = freshLog("prodkey");
      await runInDurableObject(stub, async (_i, state) => {
        const error = await loadAuditSigningKey({ ENVIRONMENT: environment }, state.storage.sql).then(
          () => null,
          (e: unknown) => e,
        );
        expect(durableObjectErrorOf(error)?.code).toBe("misconfigured");
        expect(String(error)).toMatch(/AUDIT_SIGNING_KEY is not set/);
        // No development key was written.
        const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray();
        const kept = tables.length === 0 ? [] : state.storage.sql.exec("SELECT key FROM meta WHERE key = 'dev_signing_key'").toArray();
        expect(kept).toEqual([]);
      });
    });
  }

  it("a development key kept from an earlier development run is not used in production", async () => {
    const { tenant, stub } = freshLog("prodkey-kept");
    await stub.append(tenant, events(tenant, 1));
    await stub.treeHead(tenant); // the development environment of the tests makes and keeps a key
    await runInDurableObject(stub, async (_i, state) => {
      expect((await loadAuditSigningKey({ ENVIRONMENT: "development" }, state.storage.sql)).origin).toBe("development");
      await expect(loadAuditSigningKey({ ENVIRONMENT: "production" }, state.storage.sql)).rejects.toThrow(/misconfigured/);
      await expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY: "", ENVIRONMENT: "production" }, state.storage.sql)).rejects.toThrow(/misconfigured/);
    });
  });

  it("production with AUDIT_SIGNING_KEY signs with that key", async () => {
    const { stub } = freshLog("prodkey-secret");
    const { privateKeyJwk, publicKeyJwk } = await generateSoftwareSigner("x");
    await runInDurableObject(stub, async (_i, state) => {
      const key = await loadAuditSigningKey({ AUDIT_SIGNING_KEY: JSON.stringify(privateKeyJwk), ENVIRONMENT: "production" }, state.storage.sql);
      expect(key.origin).toBe("secret");
      expect(key.publicKey.jwk.x).toBe(publicKeyJwk.x);
      const signature = await key.signer.sign(new TextEncoder().encode("head"));
      expect(signature.byteLength).toBe(64);
    });
  });
});
