/**
 * The production environment refuses to serve without its secrets and serves with them, through the real
 * app in workerd (the app's handler called with the test bindings plus per-test overrides: ENVIRONMENT and
 * the secrets). Refusals are 503 problem+json naming the secrets (names only) on every tenant route,
 * authenticated or not, with one structured log line per verdict; /health answers the same 503. The
 * Durable Objects keep the test config's development environment, so the "serves" case hands
 * the Worker the policy key those objects sign with (the development key, exported) as POLICY_SIGNING_KEY.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateSoftwareSigner } from "@nethical/core";
import { PROBLEM_CONTENT_TYPE } from "@nethical/http";
import { createApp } from "../app.ts";
import { action, bootstrapKey, ORIGIN, uniqueTenant } from "../testing/api.ts";
import { REQUIRED_SECRETS } from "./production-config.ts";

const app = createApp();

/** PKCS#8 prefix of an Ed25519 private key (the 32-byte seed follows). */
const PKCS8_ED25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/** The development policy key the test Durable Objects sign with (durable-objects/src/policy/signing-keys.ts), as a private JWK. */
async function devPolicyJwk(): Promise<string> {
  const seed = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`nethical-dev-policy-signing-key\n${bootstrapKey()}`)));
  const key = await crypto.subtle.importKey("pkcs8", new Uint8Array([...PKCS8_ED25519, ...seed]), { name: "Ed25519" }, true, ["sign"]);
  return JSON.stringify(await crypto.subtle.exportKey("jwk", key));
}

async function freshJwk(): Promise<string> {
  return JSON.stringify((await generateSoftwareSigner("k")).privateKeyJwk);
}

type Overrides = Partial<Record<"ENVIRONMENT" | "POLICY_SIGNING_KEY" | "POLICY_SIGNING_KEY_ID" | "AUDIT_SIGNING_KEY" | "DATABASE_URL" | "BOOTSTRAP_ADMIN_KEY", string | undefined>>;

/** The test bindings with `overrides`; an override of `undefined` removes the binding. */
function envWith(overrides: Overrides): Env {
  const out: Record<string, unknown> = { ...env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out as unknown as Env;
}

async function call(bindings: Env, path: string, init: { method?: string; key?: string; json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${ORIGIN}${path}`, { method: init.method ?? (init.json === undefined ? "GET" : "POST"), headers, body: init.json === undefined ? null : JSON.stringify(init.json) }),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

const DB_URL = "postgresql://nethical_app:not-a-real-password@db.example.test/nethical?sslmode=require";

async function productionComplete(environment = "production"): Promise<Overrides> {
  return { ENVIRONMENT: environment, POLICY_SIGNING_KEY: await devPolicyJwk(), POLICY_SIGNING_KEY_ID: "policy-dev", AUDIT_SIGNING_KEY: await freshJwk(), DATABASE_URL: DB_URL };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("production refuses to serve without its secrets", () => {
  it("no secrets: every tenant route answers 503 problem+json naming all three, authenticated or not", async () => {
    const bare = envWith({ ENVIRONMENT: "production", POLICY_SIGNING_KEY: undefined, AUDIT_SIGNING_KEY: undefined, DATABASE_URL: undefined });
    const requests: [string, { method?: string; key?: string; json?: unknown }][] = [
      ["/v2/whoami", { key: bootstrapKey() }],
      ["/v2/whoami", {}],
      ["/v2/evaluate", { key: bootstrapKey(), json: action("a1") }],
      ["/v2/admin/tenants", { key: bootstrapKey(), json: { tenant: uniqueTenant("prod-refused") } }],
      ["/v2/sync?tenant=acme", {}],
      ["/v2/webhooks/generic?tenant=acme", { json: {} }],
      ["/v2/streams/token", { key: bootstrapKey(), json: {} }],
      ["/v2/no-such-route", {}],
    ];
    for (const [path, init] of requests) {
      const res = await call(bare, path, init);
      expect(res.status, path).toBe(503);
      expect(res.headers.get("content-type"), path).toBe(PROBLEM_CONTENT_TYPE);
      const text = await res.text();
      expect(text).not.toContain(bootstrapKey());
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(body).toMatchObject({ type: "urn:nethical:problem:unavailable", status: 503, environment: "production", missing_secrets: [...REQUIRED_SECRETS], malformed_secrets: [] });
      expect(body.detail).toBe("this production deployment is not configured: POLICY_SIGNING_KEY, AUDIT_SIGNING_KEY, DATABASE_URL are missing or malformed");
    }
  });

  it("each required secret missing alone is named alone; staging follows the same rule", async () => {
    for (const environment of ["production", "staging"]) {
      const full = await productionComplete(environment);
      for (const name of REQUIRED_SECRETS) {
        const res = await call(envWith({ ...full, [name]: undefined }), "/v2/whoami", { key: bootstrapKey() });
        expect(res.status, `${environment} ${name}`).toBe(503);
        expect(((await res.json()) as { missing_secrets: string[] }).missing_secrets).toEqual([name]);
      }
    }
  });

  it("a malformed secret is named (not quoted) as malformed; a public key in place of the private one is refused", async () => {
    const { publicKeyJwk } = await generateSoftwareSigner("k");
    const publicOnly = JSON.stringify(publicKeyJwk);
    const res = await call(envWith({ ...(await productionComplete()), AUDIT_SIGNING_KEY: publicOnly, DATABASE_URL: "neon-main" }), "/v2/whoami", { key: bootstrapKey() });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).not.toContain(String(publicKeyJwk.x));
    expect(text).not.toContain("neon-main");
    expect(JSON.parse(text)).toMatchObject({ missing_secrets: [], malformed_secrets: ["AUDIT_SIGNING_KEY", "DATABASE_URL"] });
  });

  it("logs one structured line per verdict (names and reasons, no values), not one per request", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const value = "postgres://@/";
    const bindings = envWith({ ...(await productionComplete("staging")), POLICY_SIGNING_KEY: undefined, DATABASE_URL: value });
    for (let i = 0; i < 3; i++) expect((await call(bindings, "/v2/whoami", { key: bootstrapKey() })).status).toBe(503);
    const lines = spy.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("misconfigured"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      level: "error",
      msg: "deployed environment misconfigured: refusing tenant routes",
      environment: "staging",
      missing_secrets: ["POLICY_SIGNING_KEY"],
      malformed_secrets: [{ name: "DATABASE_URL", reason: expect.any(String) }],
    });
    expect(lines[0]).not.toContain(value);
  });

  it("/health still answers: 503 problem+json with the names, and 200 once configured", async () => {
    const res = await call(envWith({ ENVIRONMENT: "production", AUDIT_SIGNING_KEY: await freshJwk(), POLICY_SIGNING_KEY: undefined, DATABASE_URL: undefined }), "/health");
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ type: "urn:nethical:problem:unavailable", environment: "production", missing_secrets: ["POLICY_SIGNING_KEY", "DATABASE_URL"], malformed_secrets: [] });
    const ok = await call(envWith(await productionComplete()), "/health");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", service: "nethical-edge" });
  });
});

describe("production serves with its secrets", () => {
  it("creates a tenant, issues a key and evaluates (not degraded)", async () => {
    const prod = envWith(await productionComplete());
    expect((await call(prod, "/v2/whoami", { key: bootstrapKey() })).status).toBe(200);
    const tenant = uniqueTenant("prod-serves");
    const created = await call(prod, "/v2/admin/tenants", { key: bootstrapKey(), json: { tenant } });
    expect(created.status, await created.clone().text()).toBe(201);
    const issued = await call(prod, `/v2/admin/tenants/${tenant}/keys`, { key: bootstrapKey(), json: { role: "agent" } });
    expect(issued.status, await issued.clone().text()).toBe(201);
    const { secret } = (await issued.json()) as { secret: string };
    const res = await call(prod, "/v2/evaluate", { key: secret, json: action("prod-agent") });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-nethical-degraded")).toBeNull();
    expect(((await res.json()) as { decision: string }).decision).toBe("ALLOW");
  });

  it("development (the test config: no signing keys, no DATABASE_URL) is unchanged", async () => {
    expect(env.ENVIRONMENT).toBe("development");
    expect((await call(envWith({ POLICY_SIGNING_KEY: undefined, AUDIT_SIGNING_KEY: undefined, DATABASE_URL: undefined }), "/v2/whoami", { key: bootstrapKey() })).status).toBe(200);
    expect((await call(env, "/health")).status).toBe(200);
  });
});
