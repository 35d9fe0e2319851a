/**
 * What every view gets: the API, the caller, its abilities, the pinned audit key and the live decisions.
 */
import type { Api, WhoAmI } from "./api.ts";
import type { DecisionStore } from "./decision-store.ts";
import type { Abilities } from "./roles.ts";
import type { PinnedKey, PinSource } from "./session.ts";

/** The pinned audit key: where it came from, and a warning when the server now presents another key. */
export interface Pin {
  key: PinnedKey | null;
  source: PinSource | null;
  /** Set when the tree head's key differs from the pin (proofs will then fail verification). */
  mismatch: string | null;
}

/** The console's state shared by the views. */
export interface Ctx {
  api: Api;
  who: WhoAmI;
  can: Abilities;
  pin: Pin;
  store: DecisionStore;
  /** Views register timers and streams here; they are stopped when the view changes. */
  onLeave(stop: () => void): void;
}
