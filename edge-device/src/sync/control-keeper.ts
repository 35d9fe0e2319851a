/**
 * The device's side of fleet control (shared/src/sync/fleet-control.ts): an operator's terminate or
 * reinstatement of an agent, or the tenant's emergency stop, sent from the cloud over `/v2/sync`. A control
 * is applied only when it verifies (the policy keys the device trusts for bundles, its own tenant), only as
 * the next seq after the last one applied (ordered: a gap is refused and the sync client reconnects, so the
 * server resends from the last applied), and only once (a seq at or below the last applied is a duplicate,
 * acknowledged and ignored). The change and the new last seq commit in one SQLite transaction, so a crash
 * never applies a control twice or loses one, across restarts.
 *
 * - `agent.terminate`: the agent's row becomes terminated (sticky: every decision TERMINATE until reinstated).
 * - `agent.reinstate`: lifts the agent's TERMINATE — also one the device decided itself.
 * - `estop.engage` / `estop.release`: every decision is TERMINATE while engaged (emergencyStopResponse).
 */
import type { DatabaseSync } from "node:sqlite";
import type { KeySetSource } from "./key-set-keeper.ts";
import { FleetControlError, reinstatedRow, terminatedByOperator, verifyFleetControl, verifyFleetControlWithKeySet, type FleetControlRefusal, type AgentRow, type EmergencyStopFacts, type FleetControl, type TrustedKeys } from "@nethical/core";
import { getMeta, setMeta } from "../log/device-db.ts";

/** Outcome of offering a control. */
export type ControlResult =
  | { status: "applied"; seq: number }
  | { status: "duplicate"; seq: number }
  | { status: "refused"; code: FleetControlRefusal | "out_of_order"; message: string };

/** Where agent controls land: the governor's rows and the log's agent table. */
export interface AgentControlTarget {
  agentRow(agentId: string, now: number): AgentRow;
  rememberAgentRow(row: AgentRow): void;
  saveAgentRow(agentId: string, row: string): void;
}

const SEQ_KEY = "last_control_seq";
const STOP_KEY = "emergency_stop";

export class ControlKeeper {
  readonly #db: DatabaseSync;
  readonly #tenant: string;
  readonly #keys: TrustedKeys | KeySetSource;
  readonly #agents: AgentControlTarget;
  readonly #clock: () => number;
  #seq: number;
  #stop: EmergencyStopFacts | null;
  #lastRefusal: { code: string; message: string } | null = null;

  /**
   * @example
   * const controls = new ControlKeeper(db, "acme", config.trusted_keys, { agentRow, rememberAgentRow, saveAgentRow });
   */
  constructor(db: DatabaseSync, tenant: string, trustedKeys: TrustedKeys | KeySetSource, agents: AgentControlTarget, clock: () => number = Date.now) {
    this.#db = db;
    this.#tenant = tenant;
    this.#keys = trustedKeys;
    this.#agents = agents;
    this.#clock = clock;
    this.#seq = Number(getMeta(db, SEQ_KEY) ?? 0);
    const stop = getMeta(db, STOP_KEY);
    this.#stop = stop === undefined || stop === "" ? null : (JSON.parse(stop) as EmergencyStopFacts);
  }

  /** The last control seq applied on this device (0 = none), persisted. */
  get seq(): number {
    return this.#seq;
  }

  /** The tenant's emergency stop as last applied, or null. */
  get emergencyStop(): EmergencyStopFacts | null {
    return this.#stop;
  }

  /** The last refusal, for status. */
  get lastRefusal(): { code: string; message: string } | null {
    return this.#lastRefusal;
  }

  /**
   * Verify and apply a control received from the server.
   *
   * @example
   * const r = await controls.offer(message.control); // { status: "applied", seq: 5 }
   */
  async offer(control: unknown): Promise<ControlResult> {
    let verified: FleetControl;
    try {
      const keys = this.#keys;
      verified =
        typeof (keys as KeySetSource).now === "function" && typeof (keys as KeySetSource).current === "object"
          ? await verifyFleetControlWithKeySet(control, (keys as KeySetSource).current, this.#tenant, (keys as KeySetSource).now())
          : await verifyFleetControl(control, keys as TrustedKeys, this.#tenant);
    } catch (error) {
      const code = error instanceof FleetControlError ? error.code : "malformed";
      return this.#refuse(code, (error as Error).message);
    }
    if (verified.seq <= this.#seq) return { status: "duplicate", seq: verified.seq };
    if (verified.seq !== this.#seq + 1) return this.#refuse("out_of_order", `control ${verified.seq} arrived before ${this.#seq + 1}: resync needed`);
    this.#apply(verified);
    this.#lastRefusal = null;
    return { status: "applied", seq: verified.seq };
  }

  #apply(control: FleetControl): void {
    const now = this.#clock();
    let row: AgentRow | undefined;
    let stop = this.#stop;
    if (control.kind === "agent.terminate" || control.kind === "agent.reinstate") {
      const agentId = control.agent_id as string;
      const current = this.#agents.agentRow(agentId, now);
      row = control.kind === "agent.terminate" ? terminatedByOperator(current, `terminated by operator ${control.actor_key_id}: ${control.reason}`, now, `control:${control.seq}`) : reinstatedRow(current);
    } else {
      stop = control.kind === "estop.engage" ? { seq: control.seq, reason: control.reason, actor_key_id: control.actor_key_id, since: control.issued_at } : null;
    }
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      if (row !== undefined) this.#agents.saveAgentRow(row.agent_id, JSON.stringify(row));
      setMeta(this.#db, STOP_KEY, stop === null ? "" : JSON.stringify(stop));
      setMeta(this.#db, SEQ_KEY, String(control.seq));
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    if (row !== undefined) this.#agents.rememberAgentRow(row);
    this.#stop = stop;
    this.#seq = control.seq;
  }

  #refuse(code: Extract<ControlResult, { status: "refused" }>["code"], message: string): ControlResult {
    this.#lastRefusal = { code, message: message.slice(0, 300) };
    return { status: "refused", code, message: this.#lastRefusal.message };
  }
}
