/**
 * A minimal stand-in for a Durable Object's `ctx.storage.sql` (SqlStorage) over Node's built-in SQLite
 * (`node:sqlite`), so the AuditLog's own `SqlNodeStore` can be benchmarked in Node with the same SQL.
 * Only what SqlNodeStore uses: `exec(query, ...bindings)` → `{ toArray(), one(), rowsWritten }`.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";

type Binding = null | number | bigint | string | Uint8Array;

/**
 * SqlStorage-like access to one SQLite database file (or ":memory:").
 *
 * @example
 * const store = new SqlNodeStore(new NodeSqlStorage("/tmp/audit.db") as unknown as SqlStorage);
 */
export class NodeSqlStorage {
  readonly db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    // WAL without a sync per commit: closer to a Durable Object, whose SQLite commits are not each fsynced
    // before the next write (durability comes from its replicated storage layer).
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  }

  exec(query: string, ...bindings: Binding[]) {
    if (bindings.length === 0 && query.trim().split(";").filter((s) => s.trim() !== "").length > 1) {
      this.db.exec(query);
      return result([], 0);
    }
    let statement = this.#statements.get(query);
    if (statement === undefined) {
      statement = this.db.prepare(query);
      this.#statements.set(query, statement);
    }
    if (/^\s*(SELECT|WITH)\b/i.test(query)) return result(statement.all(...bindings) as Record<string, unknown>[], 0);
    return result([], Number(statement.run(...bindings).changes));
  }

  /**
   * Run `fn` in one transaction, like `ctx.storage.transactionSync`.
   *
   * @example
   * storage.transactionSync(() => log.appendAll(batch));
   */
  transactionSync<T>(fn: () => T): T {
    this.db.exec("BEGIN");
    try {
      const value = fn();
      this.db.exec("COMMIT");
      return value;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}

function result(rows: Record<string, unknown>[], rowsWritten: number) {
  return {
    rowsWritten,
    toArray: () => rows,
    one: () => {
      if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
      return rows[0];
    },
    [Symbol.iterator]: () => rows[Symbol.iterator](),
  };
}
