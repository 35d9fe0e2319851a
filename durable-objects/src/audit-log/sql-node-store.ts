/**
 * The AuditLog's `MerkleNodeStore`: Merkle nodes in a SQLite table of the Durable Object
 * (`merkle_nodes(key TEXT PRIMARY KEY, hash BLOB)`), read and written synchronously through
 * `ctx.storage.sql`, so `MerkleLog.append` inside `ctx.storage.transactionSync` is all-or-nothing.
 */
import type { MerkleNodeStore } from "@nethical/core";

const SCHEMA = "CREATE TABLE IF NOT EXISTS merkle_nodes (key TEXT PRIMARY KEY, hash BLOB NOT NULL) WITHOUT ROWID";

/**
 * A node store over the Durable Object's SQLite storage (creates its table).
 *
 * @example
 * const log = new MerkleLog(new SqlNodeStore(ctx.storage.sql));
 */
export class SqlNodeStore implements MerkleNodeStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(SCHEMA);
  }

  get(key: string): Uint8Array | undefined {
    const row = this.#sql.exec<{ hash: ArrayBuffer }>("SELECT hash FROM merkle_nodes WHERE key = ?", key).toArray()[0];
    return row === undefined ? undefined : new Uint8Array(row.hash);
  }

  put(key: string, value: Uint8Array): void {
    this.#sql.exec("INSERT OR REPLACE INTO merkle_nodes (key, hash) VALUES (?, ?)", key, value);
  }
}
