/**
 * `nethical policy sign --pkcs11 MODULE --token LABEL --key LABEL [--key-id ID] [--pin-env VAR]
 * --tenant TENANT --seq N [--out FILE] POLICY`: build the policy bundle `{tenant, seq, hash, policy}` from a
 * YAML or JSON policy and sign it offline with an Ed25519 key that stays on a PKCS#11 token. The output is
 * the bundle format the Worker, the PolicyStore and devices verify (core's signBundle / verifyBundle); the
 * command verifies it once more with the token's public key before writing it. The PIN is read from the
 * environment variable (default NETHICAL_PKCS11_PIN), never from the command line.
 * Exit 0 signed, 1 the token or key failed (wrong PIN, missing key/module), 2 usage or an invalid policy.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createBundle, parsePolicy, policyFormat, signBundle, verifyBundle } from "@nethical/core";
import type { CliIo } from "../io.ts";
import { describeFailure, loadHsm, PKCS11_OPTIONS, pkcs11Choice, UsageError } from "./pkcs11-options.ts";

export const POLICY_SIGN_USAGE = `usage: nethical policy sign --pkcs11 MODULE --token LABEL --key LABEL [--key-id ID] [--pin-env VAR] --tenant TENANT --seq N [--out FILE] POLICY

  Sign POLICY (YAML or JSON) as bundle seq N of TENANT with the Ed25519 key LABEL on a PKCS#11 token.
  --pkcs11 MODULE   the PKCS#11 library (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so)
  --key-id ID       the key id devices and the Worker know the key by (default: the key label)
  --pin-env VAR     environment variable holding the user PIN (default NETHICAL_PKCS11_PIN)
  --out FILE        write the signed bundle there (default: stdout)
`;

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { ...PKCS11_OPTIONS, "key-id": { type: "string" }, tenant: { type: "string" }, seq: { type: "string" }, out: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const choice = pkcs11Choice(values);
  if (positionals.length !== 1) throw new UsageError("give exactly one POLICY file");
  if (values.tenant === undefined || values.tenant === "") throw new UsageError("missing --tenant");
  if (values.seq === undefined || !/^\d{1,15}$/.test(values.seq)) throw new UsageError("--seq must be a non-negative integer");
  return { choice, file: positionals[0] as string, tenant: values.tenant, seq: Number(values.seq), keyId: values["key-id"], out: values.out };
}

/**
 * Run `nethical policy sign`.
 *
 * @example
 * await policySignCommand(["--pkcs11", lib, "--token", "nethical", "--key", "policy-2027", "--tenant", "acme", "--seq", "7", "acme.yaml"], io);
 */
export async function policySignCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let o: ReturnType<typeof parse>;
  try {
    o = parse(args);
  } catch (error) {
    io.stderr.write(`nethical policy sign: ${(error as Error).message}\n\n${POLICY_SIGN_USAGE}`);
    return 2;
  }
  let bundle: Awaited<ReturnType<typeof createBundle>>;
  try {
    const text = await readFile(o.file, "utf8");
    bundle = await createBundle(o.tenant, o.seq, parsePolicy(text, policyFormat(o.file, text)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`nethical policy sign: ${o.file}: ${code !== undefined ? `cannot read (${code})` : (error as Error).message}\n`);
    return 2;
  }
  const hsm = await loadHsm();
  let signer: Awaited<ReturnType<typeof hsm.openPkcs11Signer>> | undefined;
  try {
    const pin = hsm.pinFromEnv(o.choice.pinEnv, env);
    signer = await hsm.openPkcs11Signer({ module: o.choice.module, token: o.choice.token, key: o.choice.key, pin, ...(o.keyId !== undefined ? { keyId: o.keyId } : {}) });
    const signed = await signBundle(bundle, signer);
    await verifyBundle(signed, { [signer.keyId]: await signer.publicKey() }, { tenant: o.tenant });
    const json = `${JSON.stringify(signed, null, 2)}\n`;
    if (o.out === undefined) io.stdout.write(json);
    else {
      const tmp = `${o.out}.tmp-${process.pid}`;
      await writeFile(tmp, json, { mode: 0o644 });
      await rename(tmp, o.out);
      io.stderr.write(`signed ${o.tenant} seq ${o.seq} with key ${signed.key_id} (PKCS#11 token "${o.choice.token}") → ${o.out}\n`);
    }
    return 0;
  } catch (error) {
    io.stderr.write(`nethical policy sign: ${describeFailure(error)}\n`);
    return 1;
  } finally {
    signer?.close();
  }
}
