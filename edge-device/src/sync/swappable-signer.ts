/**
 * A Signer whose key can be replaced while the sync client and attestor hold it: after a device key rotation
 * (pending-identity-key.ts) the running device answers the next challenge with the new key, no restart.
 */
import type { Signer } from "@nethical/core";

/** A Signer delegating to the key it currently holds. */
export interface SwappableSigner extends Signer {
  /** Use `next` from now on. */
  use(next: Signer): void;
  /** The signer currently used. */
  readonly current: Signer;
}

/**
 * Wrap `initial` so it can be swapped.
 *
 * @example
 * const signer = swappableSigner(key.signer);
 * signer.use(newKey.signer); // the next challenge is signed with the new key
 */
export function swappableSigner(initial: Signer): SwappableSigner {
  let inner = initial;
  return {
    get keyId() {
      return inner.keyId;
    },
    algorithm: "Ed25519",
    sign: (bytes) => inner.sign(bytes),
    publicKey: () => inner.publicKey(),
    use(next) {
      inner = next;
    },
    get current() {
      return inner;
    },
  };
}
