/**
 * The device's one SQLite file (node:sqlite, synchronous): the decision log, per-agent state and a few
 * meta values. WAL journal so readers (status, uploader) never block the decision path. `synchronous`:
 * FULL by default — in WAL mode NORMAL already survives a killed process (the WAL is in the OS page
 * cache), but a power cut can lose the last commits, and a vehicle or robot loses power; with FULL every
 * commit is fsynced before `evaluate` returns, so an acknowledged decision is on disk. NORMAL is offered
 * for hardware with a battery-backed store.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  body TEXT NOT NULL,
  device TEXT NOT NULL,
  uploaded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_pending ON events (seq) WHERE uploaded = 0;
CREATE TABLE IF NOT EXISTS agents (agent_id TEXT PRIMARY KEY, row TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Open (creating if needed) the device database with WAL and the chosen `synchronous` level.
 *
 * @example
 * const db = openDeviceDb("/var/lib/nethical/device.db", "FULL");
 */
export function openDeviceDb(file: string, synchronous: "FULL" | "NORMAL" = "FULL"): DatabaseSync {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${synchronous === "NORMAL" ? "NORMAL" : "FULL"}`);
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec(SCHEMA);
  return db;
}

/**
 * A meta value, or undefined.
 *
 * @example
 * const maxSeq = Number(getMeta(db, "max_bundle_seq") ?? 0);
 */
export function getMeta(db: DatabaseSync, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

/**
 * Set a meta value (its own durable transaction).
 *
 * @example
 * setMeta(db, "confirmed_at", String(Date.now()));
 */
export function setMeta(db: DatabaseSync, key: string, value: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}
