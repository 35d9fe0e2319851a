/**
 * `nethical keys keyset-sign --pkcs11 MODULE --token LABEL --key LABEL [--key-id ID] [--pin-env VAR]
 * [--out FILE] KEYSET.json`: sign the next version of the platform policy key set offline, with an Ed25519 key
 * that stays on a PKCS#11 token (signing/key-set.ts). KEYSET.json is the key-set body — `domain`, `version`,
 * `issued_at`, `keys` — typically the current `GET /v2/policies/keys` `key_set` with the version raised by one
 * and the keys changed; any `key_id` / `signature` in it are replaced. The signature is checked once more with
 * the token's public key before the file is written; install it with `PUT /v2/policies/keys/set`, where the
 * Worker accepts it only if the signing key is in the current version, unrevoked and inside its window.
 * Exit 0 signed, 1 the token or key failed, 2 usage or an invalid key set.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { KEY_SET_DOMAIN, keySetSigningBytes, signKeySet, UnsignedKeySetSchema, verifySignature, base64UrlDecode, type UnsignedKeySet } from "@nethical/core";
import type { CliIo } from "../io.ts";
import { describeFailure, loadHsm, PKCS11_OPTIONS, pkcs11Choice, UsageError } from "./pkcs11-options.ts";

export const KEYSET_SIGN_USAGE = `usage: nethical keys keyset-sign --pkcs11 MODULE --token LABEL --key LABEL [--key-id ID] [--pin-env VAR] [--out FILE] KEYSET.json

  Sign KEYSET.json (a policy key-set body: domain "${KEY_SET_DOMAIN}", version, issued_at, keys) with the
  Ed25519 key LABEL on a PKCS#11 token; install the result with PUT /v2/policies/keys/set.
  --key-id ID       the key id the key set knows the signing key by (default: the key label)
  --pin-env VAR     environment variable holding the user PIN (default NETHICAL_PKCS11_PIN)
  --out FILE        write the signed key set there (default: stdout)
`;

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { ...PKCS11_OPTIONS, "key-id": { type: "string" }, out: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const choice = pkcs11Choice(values);
  if (positionals.length !== 1) throw new UsageError("give exactly one KEYSET.json file");
  return { choice, file: positionals[0] as string, keyId: values["key-id"], out: values.out };
}

/**
 * Run `nethical keys keyset-sign`.
 *
 * @example
 * await keysetSignCommand(["--pkcs11", lib, "--token", "nethical", "--key", "policy-2027", "keyset-v3.json"], io);
 */
export async function keysetSignCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let o: ReturnType<typeof parse>;
  try {
    o = parse(args);
  } catch (error) {
    io.stderr.write(`nethical keys keyset-sign: ${(error as Error).message}\n\n${KEYSET_SIGN_USAGE}`);
    return 2;
  }
  let body: UnsignedKeySet;
  try {
    const { key_id: _k, signature: _s, ...raw } = JSON.parse(await readFile(o.file, "utf8")) as Record<string, unknown>;
    const parsed = UnsignedKeySetSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`not a key set: ${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") ?? ""}`);
    body = parsed.data;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`nethical keys keyset-sign: ${o.file}: ${code !== undefined ? `cannot read (${code})` : (error as Error).message}\n`);
    return 2;
  }
  const hsm = await loadHsm();
  let signer: Awaited<ReturnType<typeof hsm.openPkcs11Signer>> | undefined;
  try {
    const pin = hsm.pinFromEnv(o.choice.pinEnv, env);
    signer = await hsm.openPkcs11Signer({ module: o.choice.module, token: o.choice.token, key: o.choice.key, pin, ...(o.keyId !== undefined ? { keyId: o.keyId } : {}) });
    const signed = await signKeySet(body, signer);
    if (!(await verifySignature(await signer.publicKey(), keySetSigningBytes(signed), base64UrlDecode(signed.signature)))) throw new Error("the token's signature does not verify with its public key");
    const json = `${JSON.stringify(signed, null, 2)}\n`;
    if (o.out === undefined) io.stdout.write(json);
    else {
      const tmp = `${o.out}.tmp-${process.pid}`;
      await writeFile(tmp, json, { mode: 0o644 });
      await rename(tmp, o.out);
      io.stderr.write(`signed policy key set version ${signed.version} with key ${signed.key_id} (PKCS#11 token "${o.choice.token}") → ${o.out}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr.write(`nethical keys keyset-sign: ${describeFailure(error)}\n`);
    return 1;
  } finally {
    signer?.close();
  }
}
