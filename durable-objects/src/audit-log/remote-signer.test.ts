/**
 * The AuditLog signing tree heads through a remote signer: a KMS test double (hsm/src/testing/kms-double.ts,
 * a real HTTP server Node starts on 127.0.0.1 through the KMS_DOUBLE service binding) reached over real HTTP
 * with workerd's global fetch, as a KMS would be in production. The AuditLog under test is the real object;
 * only its configuration is swapped inside it (the object reloads its key when its configuration differs).
 *
 * Shown: heads signed by the KMS key verify with the pinned key; a rotation from a software key to the KMS
 * key keeps old heads and exports verifying against GET /v2/audit/keys' list; a failing or lying KMS is
 * `signer_unavailable` and nothing is signed (no fallback), and the alarm tries again later; an ambiguous or incomplete configuration is
 * `misconfigured`; a current key revoked in AUDIT_PUBLIC_KEYS never signs.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, generateSoftwareSigner, verifySegment, verifyTreeHead, type AuditKeyConfig, type ExportedSegment, type TreeHead } from "@nethical/core";
import { durableObjectErrorOf } from "../errors.ts";
import type { AuditLog } from "./audit-log.ts";
import { latestTreeHead } from "./tree-head-table.ts";
import { events, freshLog } from "./testing.ts";

const KMS_KEY = "audit-kms-2027";
const kmsBinding = (env as unknown as { KMS_DOUBLE: Fetcher }).KMS_DOUBLE;

interface Kms {
  id: string;
  url: string;
  auth_token: string;
  public_keys: Record<string, JsonWebKey>;
}

let kms: Kms;

async function manage(path: string, body: unknown): Promise<any> {
  const res = await kmsBinding.fetch(`http://kms${path}`, { method: "POST", body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

async function signCalls(): Promise<number> {
  return ((await (await kmsBinding.fetch(`http://kms/calls?id=${kms.id}`)).json()) as { sign_calls: number }).sign_calls;
}

function remoteConfig(extra: Record<string, string | undefined> = {}): Partial<Env> {
  return {
    AUDIT_SIGNING_KEY: undefined,
    AUDIT_SIGNER_URL: kms.url,
    AUDIT_SIGNER_KEY_ID: KMS_KEY,
    AUDIT_SIGNER_PUBLIC_KEY: JSON.stringify(kms.public_keys[KMS_KEY]),
    AUDIT_SIGNER_TOKEN: kms.auth_token,
    ...extra,
  };
}

/** Give the object under test another configuration (it reloads its key on the next call). */
function configure(instance: AuditLog, config: Partial<Env>): void {
  (instance as unknown as { env: Env }).env = { ...env, ...config } as Env;
}

async function failure(promise: Promise<unknown>) {
  return durableObjectErrorOf(await promise.then(() => null, (e: unknown) => e));
}

beforeAll(async () => {
  kms = await manage("/start", { key_ids: [KMS_KEY] });
});

afterAll(async () => {
  await manage("/stop", { id: kms.id });
});

describe("AuditLog tree heads through a remote (KMS) signer", () => {
  it("signs heads through the KMS over HTTP; they verify with the pinned key; status says remote", async () => {
    const { tenant, stub } = freshLog("kms");
    await runInDurableObject(stub, async (instance: AuditLog) => {
      configure(instance, remoteConfig());
      await instance.append(tenant, events(tenant, 5));
      const calls = await signCalls();
      const { tree_head, public_key } = await instance.treeHead(tenant);
      expect(await signCalls()).toBe(calls + 1);
      expect(tree_head).toMatchObject({ tree_size: 5, key_id: KMS_KEY });
      expect(public_key.jwk.x).toBe(kms.public_keys[KMS_KEY]?.x);
      expect(await verifyTreeHead(tree_head, createVerifier(KMS_KEY, kms.public_keys[KMS_KEY] as JsonWebKey))).toEqual({ ok: true });
      expect((await instance.stats(tenant)).signing_key).toBe("remote");
      // Unpinned: the public key is asked from the service once; the heads are the same kind.
      configure(instance, remoteConfig({ AUDIT_SIGNER_PUBLIC_KEY: undefined }));
      await instance.append(tenant, events(tenant, 1, 5));
      expect((await instance.treeHead(tenant)).tree_head).toMatchObject({ tree_size: 6, key_id: KMS_KEY });
    });
  });

  it("rotation from a software key to the KMS key: the old head keeps its key id, old and new exports verify against the key list", async () => {
    const { tenant, stub } = freshLog("kms-rotate");
    const old = await generateSoftwareSigner("old");
    let before!: ExportedSegment;
    let oldHead!: TreeHead;
    await runInDurableObject(stub, async (instance: AuditLog, state) => {
      configure(instance, { AUDIT_SIGNING_KEY: JSON.stringify(old.privateKeyJwk) });
      await instance.append(tenant, events(tenant, 8));
      before = await instance.exportSegment(tenant, { from_leaf: 0, to_leaf: 8 });
      oldHead = before.tree_head;
      const oldPublic = before.public_key;
      // Rotate: the KMS key signs; the software key is listed as retired (its private half is gone).
      const retired: AuditKeyConfig[] = [{ ...oldPublic, not_after: new Date().toISOString() }];
      configure(instance, remoteConfig({ AUDIT_PUBLIC_KEYS: JSON.stringify(retired) }));
      await instance.append(tenant, events(tenant, 4, 8));
      const after = await instance.exportSegment(tenant, { from_leaf: 0, to_leaf: 12, since_tree_size: 8 });
      expect(after.tree_head.key_id).toBe(KMS_KEY);
      expect(after.previous_tree_head?.key_id).toBe(KMS_KEY); // past sizes are re-signed by the current key
      const list = await instance.keys(tenant);
      expect(list.current_key_id).toBe(KMS_KEY);
      expect(list.keys.map((k) => [k.key_id, k.status])).toEqual([
        [oldPublic.key_id, "retired"],
        [KMS_KEY, "current"],
      ]);
      for (const segment of [before, after]) {
        const report = await verifySegment(segment, { keyList: list.keys });
        expect(report.checks.filter((c) => !c.ok)).toEqual([]);
        expect(report.ok).toBe(true);
      }
      // The stored head of the old key is still there, with its key id, and verifies with the listed key.
      const stored = state.storage.sql.exec<{ head: string }>("SELECT head FROM tree_heads").toArray().map((r) => JSON.parse(r.head) as TreeHead);
      expect(stored.map((h) => h.key_id)).toEqual([oldPublic.key_id, KMS_KEY]);
      expect(await verifyTreeHead(oldHead, createVerifier(oldPublic.key_id, oldPublic.jwk))).toEqual({ ok: true });
      // Revoking the old key after the fact: its earlier head still verifies (with a caveat), GET /keys says revoked.
      configure(instance, remoteConfig({ AUDIT_PUBLIC_KEYS: JSON.stringify([{ ...oldPublic, revoked_at: new Date(Date.now() + 1).toISOString(), revocation_reason: "rotated after a drill" }]) }));
      const revoked = await instance.keys(tenant);
      expect(revoked.keys[0]?.status).toBe("revoked");
      expect((await verifySegment(before, { keyList: revoked.keys })).ok).toBe(true);
    });
  });

  it("a failing, slow-to-fail or lying KMS is signer_unavailable and nothing is signed; never a software fallback", async () => {
    const { tenant, stub } = freshLog("kms-fail");
    await runInDurableObject(stub, async (instance: AuditLog, state) => {
      configure(instance, remoteConfig());
      await instance.append(tenant, events(tenant, 3));
      const first = (await instance.treeHead(tenant)).tree_head;
      await instance.append(tenant, events(tenant, 2, 3));
      for (const [fault, code] of [
        [{ status: 503 }, "unavailable"],
        [{ wrongKey: true }, "bad_signature"],
        [{ answerKeyId: "someone-else" }, "key_mismatch"],
      ] as const) {
        await manage("/fault", { id: kms.id, fault });
        const error = await failure(instance.treeHead(tenant));
        expect(error?.code).toBe("signer_unavailable");
        expect(error?.detail).toContain(`[${code}]`);
        expect(latestTreeHead(state.storage.sql)).toEqual(first); // nothing new stored
      }
      await manage("/fault", { id: kms.id, fault: null });
      expect((await instance.treeHead(tenant)).tree_head).toMatchObject({ tree_size: 5, key_id: KMS_KEY });
      // A wrong token: the service refuses the credentials.
      configure(instance, remoteConfig({ AUDIT_SIGNER_TOKEN: "not-the-token" }));
      await instance.append(tenant, events(tenant, 1, 5));
      expect((await failure(instance.treeHead(tenant)))?.detail).toContain("[unauthorized]");
      // Nothing listening: unreachable, at load time when the key is not pinned.
      configure(instance, remoteConfig({ AUDIT_SIGNER_URL: "http://127.0.0.1:9", AUDIT_SIGNER_PUBLIC_KEY: undefined }));
      expect((await failure(instance.treeHead(tenant)))?.code).toBe("signer_unavailable");
    });
  });

  it("the alarm survives a KMS outage: no head, the alarm is set again, the next alarm after recovery signs", async () => {
    const { tenant, stub } = freshLog("kms-alarm");
    await runInDurableObject(stub, async (instance: AuditLog, state) => {
      configure(instance, remoteConfig());
      await instance.append(tenant, events(tenant, 2));
      await instance.treeHead(tenant);
      await instance.append(tenant, events(tenant, 2, 2));
      await manage("/fault", { id: kms.id, fault: { status: 503 } });
      await state.storage.deleteAlarm();
      await instance.alarm(); // resolves: a failing signer does not fail the alarm (the re-drive still runs)
      expect(latestTreeHead(state.storage.sql)?.tree_size).toBe(2);
      expect(await state.storage.getAlarm()).not.toBeNull();
      await manage("/fault", { id: kms.id, fault: null });
      await instance.alarm();
      expect(latestTreeHead(state.storage.sql)).toMatchObject({ tree_size: 4, key_id: KMS_KEY });
    });
  });

  it("ambiguous or incomplete configuration is misconfigured; a current key revoked in the list does not sign", async () => {
    const { tenant, stub } = freshLog("kms-config");
    const software = await generateSoftwareSigner("x");
    await runInDurableObject(stub, async (instance: AuditLog) => {
      await instance.append(tenant, events(tenant, 1));
      const cases: [Partial<Env>, RegExp][] = [
        [remoteConfig({ AUDIT_SIGNING_KEY: JSON.stringify(software.privateKeyJwk) }), /both AUDIT_SIGNER_URL and AUDIT_SIGNING_KEY/],
        [remoteConfig({ AUDIT_SIGNER_KEY_ID: undefined }), /without AUDIT_SIGNER_KEY_ID/],
        [remoteConfig({ AUDIT_SIGNER_PUBLIC_KEY: "{nope" }), /AUDIT_SIGNER_PUBLIC_KEY is not/],
        [remoteConfig({ AUDIT_PUBLIC_KEYS: "[1]" }), /AUDIT_PUBLIC_KEYS is not a list/],
        [remoteConfig({ AUDIT_PUBLIC_KEYS: JSON.stringify([{ key_id: KMS_KEY, jwk: { kty: "OKP", crv: "Ed25519", x: kms.public_keys[KMS_KEY]?.x }, revoked_at: "2026-01-01T00:00:00Z" }]) }), /is revoked in AUDIT_PUBLIC_KEYS/],
      ];
      for (const [config, message] of cases) {
        configure(instance, config);
        const error = await failure(instance.treeHead(tenant));
        expect(error?.code).toBe("misconfigured");
        expect(error?.detail).toMatch(message);
      }
    });
  });
});
