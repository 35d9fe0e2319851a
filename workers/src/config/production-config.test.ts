/**
 * What a deployed environment requires (production-config.ts): development keeps its fallbacks; staging,
 * production and an unset or unknown ENVIRONMENT need both signing keys and DATABASE_URL, well-formed; an
 * optional secret that is set must be usable too; reports carry names and reasons, never values.
 */
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "@nethical/core";
import { checkConfig, isDevelopment, REQUIRED_SECRETS, type ConfigEnv } from "./production-config.ts";

async function jwk(): Promise<string> {
  return JSON.stringify((await generateSoftwareSigner("k")).privateKeyJwk);
}

async function complete(environment: string): Promise<ConfigEnv> {
  return { ENVIRONMENT: environment, POLICY_SIGNING_KEY: await jwk(), AUDIT_SIGNING_KEY: await jwk(), DATABASE_URL: "postgresql://nethical_app:pw@db.example.test/nethical?sslmode=require" };
}

describe("checkConfig", () => {
  it("requires both signing keys and DATABASE_URL", () => {
    expect(REQUIRED_SECRETS).toEqual(["POLICY_SIGNING_KEY", "AUDIT_SIGNING_KEY", "DATABASE_URL"]);
  });

  it("development is ready without any secret (its fallbacks apply)", () => {
    expect(checkConfig({ ENVIRONMENT: "development" })).toEqual({ environment: "development", enforced: false, missing: [], malformed: [], ready: true });
    expect(isDevelopment("development")).toBe(true);
  });

  for (const environment of ["production", "staging", "Production", "dev", undefined]) {
    it(`ENVIRONMENT=${environment ?? "unset"} is enforced: nothing set → every required secret missing`, () => {
      const report = checkConfig(environment === undefined ? {} : { ENVIRONMENT: environment });
      expect(report).toEqual({ environment: environment ?? "", enforced: true, missing: [...REQUIRED_SECRETS], malformed: [], ready: false });
    });
  }

  it("production with every required secret, well-formed, is ready", async () => {
    expect(checkConfig(await complete("production"))).toMatchObject({ enforced: true, missing: [], malformed: [], ready: true });
  });

  it("an empty or blank value counts as missing", async () => {
    const report = checkConfig({ ...(await complete("production")), AUDIT_SIGNING_KEY: "", DATABASE_URL: "  " });
    expect(report.missing).toEqual(["AUDIT_SIGNING_KEY", "DATABASE_URL"]);
  });

  it("malformed signing keys are named with a reason that never quotes the value", async () => {
    const { privateKeyJwk, publicKeyJwk } = await generateSoftwareSigner("k");
    const cases: [string, RegExp][] = [
      ["not json at all", /not JSON/],
      ["[1,2]", /not a JSON object/],
      [JSON.stringify({ ...privateKeyJwk, crv: "X25519" }), /not an Ed25519 key/],
      [JSON.stringify({ kty: "RSA", n: "x", e: "AQAB", d: "y" }), /not an Ed25519 key/],
      [JSON.stringify(publicKeyJwk), /public key only/],
      [JSON.stringify({ ...privateKeyJwk, d: "short" }), /d is not a 32-byte/],
      [JSON.stringify({ ...privateKeyJwk, x: 7 }), /x is not a 32-byte/],
    ];
    for (const [value, reason] of cases) {
      const report = checkConfig({ ...(await complete("production")), POLICY_SIGNING_KEY: value });
      expect(report.ready, value).toBe(false);
      expect(report.malformed.map((m) => m.name)).toEqual(["POLICY_SIGNING_KEY"]);
      expect(report.malformed[0]?.reason).toMatch(reason);
      expect(JSON.stringify(report)).not.toContain(value);
    }
  });

  it("a DATABASE_URL that is not a postgres URL with host, user and database is malformed", async () => {
    for (const [url, reason] of [
      ["neon-prod", /not a URL/],
      ["https://user:pw@db.example.test/nethical", /postgres/],
      ["postgresql://db.example.test/nethical", /no user/],
      ["postgresql://user:pw@db.example.test", /no database/],
      ["postgresql://user:pw@db.example.test/", /no database/],
    ] as const) {
      const report = checkConfig({ ...(await complete("staging")), DATABASE_URL: url });
      expect(report.malformed, url).toEqual([{ name: "DATABASE_URL", reason: expect.stringMatching(reason) as unknown as string }]);
      expect(JSON.stringify(report)).not.toContain(url);
    }
  });

  it("optional secrets: unset is fine, set-but-unusable is malformed", async () => {
    const base = await complete("production");
    expect(checkConfig({ ...base, BOOTSTRAP_ADMIN_KEY: undefined, DATABASE_URL_EU: undefined }).ready).toBe(true);
    expect(checkConfig({ ...base, BOOTSTRAP_ADMIN_KEY: "a-long-enough-bootstrap-key-0123" }).ready).toBe(true);
    expect(checkConfig({ ...base, BOOTSTRAP_ADMIN_KEY: "too-short" }).malformed.map((m) => m.name)).toEqual(["BOOTSTRAP_ADMIN_KEY"]);
    expect(checkConfig({ ...base, BOOTSTRAP_ADMIN_KEY: "has a space in it and is long enough" }).malformed[0]?.reason).toMatch(/whitespace/);
    expect(checkConfig({ ...base, DATABASE_URL_EU: "mysql://u:p@h/db" }).malformed.map((m) => m.name)).toEqual(["DATABASE_URL_EU"]);
  });

  it("development does not judge values (its fallbacks and local URLs stay as they are)", () => {
    expect(checkConfig({ ENVIRONMENT: "development", POLICY_SIGNING_KEY: "junk", DATABASE_URL: "x" }).ready).toBe(true);
  });
});
