/**
 * `nethical keys <subcommand>`: keys on a PKCS#11 token.
 *   pkcs11-generate  create a non-extractable Ed25519 key pair on the token (CKA_SENSITIVE, CKA_EXTRACTABLE
 *                    false, CKA_TOKEN) and print its public JWK and the protection the token reports
 *   pkcs11-show      print the public JWK and protection of an existing key (to pin it in trusted_keys)
 *   keyset-sign      sign the next policy key-set version offline with a key on the token (keyset-sign.ts)
 * Exit 0 done, 1 the token or key failed, 2 usage.
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../io.ts";
import { describeFailure, loadHsm, PKCS11_OPTIONS, pkcs11Choice, UsageError } from "./pkcs11-options.ts";
import { keysetSignCommand } from "./keyset-sign.ts";

export const KEYS_USAGE = `usage: nethical keys <subcommand> --pkcs11 MODULE --token LABEL --key LABEL [--pin-env VAR]

subcommands:
  pkcs11-generate   create a non-extractable Ed25519 key pair LABEL on the token; prints {key, id, public_key_jwk, protection}
  pkcs11-show       print the public JWK and protection of the key LABEL (pin it as a trusted key)
  keyset-sign       sign a policy key-set body (KEYSET.json) with the key LABEL: nethical keys keyset-sign --help

  --pkcs11 MODULE   the PKCS#11 library (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so)
  --pin-env VAR     environment variable holding the user PIN (default NETHICAL_PKCS11_PIN)
`;

/**
 * Dispatch `nethical keys …`.
 *
 * @example
 * await keysCommand(["pkcs11-generate", "--pkcs11", lib, "--token", "nethical", "--key", "policy-2027"], io);
 */
export async function keysCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "help" || sub === "--help" || sub === "-h") {
    io.stdout.write(KEYS_USAGE);
    return 0;
  }
  if (sub === "keyset-sign") return keysetSignCommand(rest, io, env);
  if (sub !== "pkcs11-generate" && sub !== "pkcs11-show") {
    io.stderr.write(sub === undefined ? KEYS_USAGE : `nethical keys: unknown subcommand "${sub}"\n\n${KEYS_USAGE}`);
    return 2;
  }
  let choice: ReturnType<typeof pkcs11Choice>;
  try {
    const { values } = parseArgs({ args: rest, options: PKCS11_OPTIONS, strict: true });
    choice = pkcs11Choice(values);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr.write(`nethical keys ${sub}: ${error.message}\n\n${KEYS_USAGE}`);
    return 2;
  }
  const hsm = await loadHsm();
  try {
    const pin = hsm.pinFromEnv(choice.pinEnv, env);
    const location = { module: choice.module, token: choice.token };
    if (sub === "pkcs11-generate") {
      const created = await hsm.generateEd25519KeyPair({ ...location, key: choice.key, pin });
      io.stdout.write(`${JSON.stringify({ key: created.key, id: created.id, token: choice.token, public_key_jwk: created.publicKeyJwk, protection: created.protection }, null, 2)}\n`);
      return 0;
    }
    const signer = await hsm.openPkcs11Signer({ ...location, key: choice.key, pin, allowExportableKey: true });
    try {
      io.stdout.write(`${JSON.stringify({ key: choice.key, token: choice.token, public_key_jwk: await signer.publicKey(), protection: signer.protection }, null, 2)}\n`);
    } finally {
      signer.close();
    }
    return 0;
  } catch (error) {
    io.stderr.write(`nethical keys ${sub}: ${describeFailure(error)}\n`);
    return 1;
  }
}
