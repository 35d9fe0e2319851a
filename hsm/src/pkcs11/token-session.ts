/**
 * Opening a logged-in session on a PKCS#11 token. The pkcs11js binding (a native addon) is imported here
 * and only here, lazily: nothing loads it until a PKCS#11 key is actually used. A PKCS#11 library is
 * initialised once per process (C_Initialize is process-wide), so libraries are shared and reference
 * counted; the last session to close finalises its library. Login state is per token and process, so a
 * session never calls C_Logout (that would log out other sessions); closing the last session ends it.
 */
import { existsSync } from "node:fs";
import type * as Pkcs11Types from "pkcs11js";
import { HsmError, toHsmError } from "./hsm-error.ts";

type Binding = typeof Pkcs11Types;
type Library = Pkcs11Types.PKCS11;
export type Handle = Pkcs11Types.Handle;
export type Template = Pkcs11Types.Template;

/** Where the key lives: the PKCS#11 library file and the token's label. */
export interface TokenLocation {
  /** Path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  readonly module: string;
  /** The token's label (CKA_LABEL of the token, as set at initialisation). */
  readonly token: string;
}

/** A logged-in session. `close()` ends it (and finalises the library when it was the last user). */
export interface TokenSession {
  readonly binding: Binding;
  readonly lib: Library;
  readonly slot: Handle;
  readonly session: Handle;
  readonly location: TokenLocation;
  close(): void;
}

let bindingPromise: Promise<Binding> | undefined;

/** Import pkcs11js once; a missing or unbuildable native addon becomes HsmError binding_unavailable. */
async function loadBinding(): Promise<Binding> {
  bindingPromise ??= import("pkcs11js").then(
    (m) => ((m as { default?: Binding }).default ?? m) as Binding,
    (error: unknown) => {
      bindingPromise = undefined;
      throw new HsmError("binding_unavailable", `the pkcs11js native binding is not available (${(error as Error).message.split("\n")[0]}); install it with "npm install pkcs11js" (needs a C++ toolchain at install time)`);
    },
  );
  return bindingPromise;
}

const libraries = new Map<string, { lib: Library; refs: number }>();

function acquireLibrary(binding: Binding, module: string): Library {
  const shared = libraries.get(module);
  if (shared !== undefined) {
    shared.refs++;
    return shared.lib;
  }
  if (!existsSync(module)) throw new HsmError("module_unavailable", `PKCS#11 module not found: ${module}`);
  const lib = new binding.PKCS11();
  try {
    lib.load(module);
  } catch (error) {
    throw new HsmError("module_unavailable", `cannot load PKCS#11 module ${module}: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    lib.C_Initialize();
  } catch (error) {
    // Another user of the same library in this process (not through us) initialised it: that is fine.
    if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test((error as Error).message)) {
      lib.close();
      throw toHsmError(error, `initialise PKCS#11 module ${module}`);
    }
  }
  libraries.set(module, { lib, refs: 1 });
  return lib;
}

function releaseLibrary(module: string): void {
  const shared = libraries.get(module);
  if (shared === undefined) return;
  if (--shared.refs > 0) return;
  libraries.delete(module);
  try {
    shared.lib.C_Finalize();
  } finally {
    shared.lib.close();
  }
}

function findSlot(lib: Library, location: TokenLocation): Handle {
  let slots: Handle[];
  try {
    slots = lib.C_GetSlotList(true);
  } catch (error) {
    throw toHsmError(error, `list the slots of ${location.module}`);
  }
  const labels = slots.map((slot) => ({ slot, label: lib.C_GetTokenInfo(slot).label.trim() }));
  const matching = labels.filter((s) => s.label === location.token);
  if (matching.length === 0) {
    const seen = labels.map((s) => JSON.stringify(s.label)).join(", ") || "none";
    throw new HsmError("token_not_found", `no token labelled "${location.token}" in ${location.module} (tokens present: ${seen})`);
  }
  if (matching.length > 1) throw new HsmError("token_not_found", `${matching.length} tokens are labelled "${location.token}" in ${location.module}; labels must be unique`);
  return (matching[0] as { slot: Handle }).slot;
}

/**
 * Open a session on the token labelled `location.token` and log in as the user with `pin`.
 * `readWrite` is needed to create objects (key generation). Errors are HsmErrors: module_unavailable,
 * token_not_found, pin_incorrect, pin_locked, token_error. The PIN is never part of a message.
 *
 * @example
 * const ts = await openTokenSession({ module: "/usr/lib/softhsm/libsofthsm2.so", token: "nethical" }, pin);
 * try { … } finally { ts.close(); }
 */
export async function openTokenSession(location: TokenLocation, pin: string, readWrite = false): Promise<TokenSession> {
  const binding = await loadBinding();
  const lib = acquireLibrary(binding, location.module);
  let session: Handle | undefined;
  try {
    const slot = findSlot(lib, location);
    try {
      session = lib.C_OpenSession(slot, binding.CKF_SERIAL_SESSION | (readWrite ? binding.CKF_RW_SESSION : 0));
    } catch (error) {
      throw toHsmError(error, `open a session on token "${location.token}"`);
    }
    try {
      lib.C_Login(session, binding.CKU_USER, pin);
    } catch (error) {
      if (!/CKR_USER_ALREADY_LOGGED_IN/.test((error as Error).message)) throw toHsmError(error, `log in to token "${location.token}"`);
    }
    const opened = session;
    let closed = false;
    return {
      binding,
      lib,
      slot,
      session: opened,
      location,
      close() {
        if (closed) return;
        closed = true;
        try {
          lib.C_CloseSession(opened);
        } finally {
          releaseLibrary(location.module);
        }
      },
    };
  } catch (error) {
    if (session !== undefined) {
      try {
        lib.C_CloseSession(session);
      } catch {
        // the session is unusable anyway
      }
    }
    releaseLibrary(location.module);
    throw error;
  }
}

/**
 * Every object matching `template` (C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal).
 *
 * @example
 * findObjects(ts, [{ type: ts.binding.CKA_CLASS, value: ts.binding.CKO_PRIVATE_KEY }]);
 */
export function findObjects(ts: TokenSession, template: Template): Handle[] {
  const { lib, session } = ts;
  try {
    lib.C_FindObjectsInit(session, template);
    const found: Handle[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 16);
      if (batch.length === 0) break;
      found.push(...batch);
    }
    return found;
  } catch (error) {
    throw toHsmError(error, `search token "${ts.location.token}"`);
  } finally {
    try {
      lib.C_FindObjectsFinal(session);
    } catch {
      // not in a search (the init failed)
    }
  }
}

/**
 * The value of one attribute as bytes (throws HsmError token_error, e.g. CKR_ATTRIBUTE_SENSITIVE).
 *
 * @example
 * readAttribute(ts, publicKey, ts.binding.CKA_EC_POINT); // Uint8Array
 */
export function readAttribute(ts: TokenSession, object: Handle, type: number): Uint8Array {
  try {
    const [attribute] = ts.lib.C_GetAttributeValue(ts.session, object, [{ type }]);
    const value = attribute?.value;
    if (!Buffer.isBuffer(value)) throw new HsmError("token_error", `attribute 0x${type.toString(16)} came back without a value`);
    return new Uint8Array(value as Buffer);
  } catch (error) {
    throw toHsmError(error, `read attribute 0x${type.toString(16)}`);
  }
}

/**
 * A CK_BBOOL attribute as a boolean.
 *
 * @example
 * readBoolean(ts, privateKey, ts.binding.CKA_EXTRACTABLE); // false
 */
export function readBoolean(ts: TokenSession, object: Handle, type: number): boolean {
  const value = readAttribute(ts, object, type);
  return value.length > 0 && value[0] !== 0;
}

/**
 * A CK_ULONG attribute (CKA_KEY_TYPE, CKA_CLASS) as a number (little-endian, as the native layout is here).
 *
 * @example
 * readUlong(ts, key, ts.binding.CKA_KEY_TYPE); // 0x40 (CKK_EC_EDWARDS)
 */
export function readUlong(ts: TokenSession, object: Handle, type: number): number {
  const value = readAttribute(ts, object, type);
  let n = 0;
  for (let i = Math.min(value.length, 6) - 1; i >= 0; i--) n = n * 256 + (value[i] as number);
  return n;
}
