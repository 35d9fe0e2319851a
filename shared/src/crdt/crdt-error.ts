/** The one error type of the CRDT policy state: bad policy ids, reused stamps, malformed wire messages. */

/** Why a policy-state operation or wire message was refused. */
export type CrdtErrorCode = "invalid_policy_id" | "stale_stamp" | "invalid_wire";

/** Thrown for a bad policy id, a reused or old stamp, or a malformed wire message. */
export class CrdtError extends Error {
  readonly code: CrdtErrorCode;
  constructor(code: CrdtErrorCode, message: string) {
    super(message);
    this.name = "CrdtError";
    this.code = code;
  }
}
