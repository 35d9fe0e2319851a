/**
 * The platform's published limits and prices the sizing uses, each with where it was read and when. Values
 * come from the stored documentation index searched on 2026-12-05; a figure that was not found there is
 * `null` with `found: false` and is never guessed. `source` says whether the stored copy was the vendor's own
 * page ("vendor") or a dated third-party transcription of that page ("transcription": the vendor URL is
 * still the one named, the caveat travels with the number into docs/SCALE.md).
 */

/** One published figure. */
export interface Published {
  value: number | null;
  unit: string;
  url: string;
  read_on: string;
  source: "vendor" | "transcription" | "not found";
  note?: string;
}

const READ_ON = "2026-12-05";
const vendor = (value: number, unit: string, url: string, note?: string): Published => ({ value, unit, url, read_on: READ_ON, source: "vendor", ...(note === undefined ? {} : { note }) });
const transcribed = (value: number, unit: string, url: string, note: string): Published => ({ value, unit, url, read_on: READ_ON, source: "transcription", note });
const notFound = (unit: string, url: string, note: string): Published => ({ value: null, unit, url, read_on: READ_ON, source: "not found", note });

/** Everything docs/SCALE.md cites, by name. */
export const LIMITS = {
  workers_request_usd_per_m: vendor(0.3, "USD per million requests (beyond 10 M/month included)", "https://developers.cloudflare.com/workflows/reference/pricing/", "the Workflows pricing page states it is identical to Workers Standard pricing and lists these rates"),
  workers_cpu_usd_per_m_ms: vendor(0.02, "USD per million CPU-ms (beyond 30 M CPU-ms/month included)", "https://developers.cloudflare.com/workflows/reference/pricing/", "as above"),
  workers_cpu_limit_ms: vendor(300_000, "CPU ms per invocation, Workers Paid (5 min)", "https://developers.cloudflare.com/workers/platform/limits/"),
  do_soft_rps_per_object: transcribed(1000, "requests/s per Durable Object (soft limit)", "https://developers.cloudflare.com/durable-objects/platform/limits/", "the stored copy of the vendor page is cut before this line; the sentence \"An individual Object has a soft limit of 1,000 requests per second\" is quoted from that page (dated 2026-06-01 and 2026-08-06) by several independent documents in the stored index"),
  do_request_usd_per_m: vendor(0.15, "USD per million Durable Object requests (each RPC method call is one)", "https://developers.cloudflare.com/durable-objects/platform/pricing"),
  do_duration_usd_per_m_gb_s: vendor(12.5, "USD per million GB-s of duration (wall clock while active, 128 MB per object)", "https://developers.cloudflare.com/durable-objects/platform/pricing"),
  do_memory_gb: vendor(0.125, "GB billed per active object (128 MB)", "https://developers.cloudflare.com/durable-objects/platform/pricing"),
  do_rows_written_usd_per_m: transcribed(1.0, "USD per million SQLite rows written", "https://developers.cloudflare.com/durable-objects/platform/pricing", "rows-written price transcribed from the vendor page by a third-party document in the stored index; the stored vendor copy is cut before it"),
  do_storage_per_object_gb: vendor(10, "GB of SQLite storage per object", "https://developers.cloudflare.com/durable-objects/platform/limits/"),
  do_storage_usd_per_gb_month: transcribed(0.2, "USD per GB-month of SQLite storage (beyond 5 GB included)", "https://developers.cloudflare.com/durable-objects/platform/pricing", "transcribed by a third-party document in the stored index; the stored vendor copy is cut before it"),
  do_empty_sqlite_kb: vendor(12, "KB of an empty SQLite database", "https://developers.cloudflare.com/durable-objects/reference/faq/"),
  kv_read_usd_per_m: transcribed(0.5, "USD per million KV reads (beyond 10 M/month included)", "https://developers.cloudflare.com/kv/platform/pricing/", "the vendor pricing page is not in the stored docs; the price is from a dated transcription of it (api-evangelist/cloudflare-kv finops)"),
  kv_writes_per_s_same_key: vendor(1, "writes/s to the same key", "https://developers.cloudflare.com/kv/platform/limits"),
  kv_reads_per_s_per_key: notFound("reads/s per key", "https://developers.cloudflare.com/kv/platform/limits", "the limits page lists reads as \"Unlimited\" on Paid and gives no per-key read rate"),
  kv_propagation_s: vendor(60, "seconds for a change to be visible everywhere (up to)", "https://developers.cloudflare.com/kv/concepts/how-kv-works/"),
  queue_msgs_per_s: vendor(5000, "messages/s per queue", "https://developers.cloudflare.com/queues/platform/limits/", "exceeding it makes send()/sendBatch() throw Too Many Requests"),
  queue_batch_max: vendor(100, "messages per consumer batch and per sendBatch (or 256 KB)", "https://developers.cloudflare.com/queues/platform/limits/"),
  queue_concurrent_consumers: vendor(250, "concurrent consumer invocations (push)", "https://developers.cloudflare.com/queues/platform/limits/"),
  queue_count_max: vendor(10_000, "queues per account", "https://developers.cloudflare.com/queues/platform/limits/"),
  queue_ops_usd_per_m: transcribed(0.4, "USD per million operations (64 KB each; a delivered message is write + read + delete = 3)", "https://developers.cloudflare.com/queues/platform/pricing/", "the vendor pricing page is not in the stored docs; from a dated transcription of it (api-evangelist/cloudflare-queues)"),
  neon_cu_hour_usd_scale: vendor(0.222, "USD per CU-hour, Scale plan", "https://raw.githubusercontent.com/neondatabase/website/main/content/docs/introduction/plans.md", "Neon's own docs source (updatedOn 2026-11-12); Launch plan $0.106/CU-hour"),
  neon_cu_ram_gb: vendor(4, "GB RAM per CU", "https://neon.com/docs/guides/autoscaling-guide"),
  neon_autoscale_max_cu: vendor(16, "CU, autoscaling maximum (fixed sizes to 56 CU)", "https://neon.com/docs/guides/autoscaling-guide"),
  neon_max_connections_1cu: vendor(419, "max_connections at 1 CU (4,000 from 9 CU)", "https://neon.com/docs/connect/connection-pooling"),
  neon_pooler_clients: vendor(10_000, "client connections through the PgBouncer pooler", "https://neon.com/docs/connect/connection-pooling"),
  neon_vcpu_per_cu: notFound("vCPU per CU", "https://neon.com/docs/manage/computes", "the stored pages give 4 GB RAM per CU but not its CPU share; the model assumes 1 vCPU per CU"),
  neon_insert_rows_per_s: notFound("rows/s a CU inserts", "https://neon.com/docs/manage/computes", "no published insert throughput; the model scales this machine's measured PostgreSQL figure"),
} as const satisfies Record<string, Published>;

export type LimitName = keyof typeof LIMITS;

/**
 * A published value the model relies on; throws when it was not found (the model must not guess it).
 *
 * @example
 * limit("queue_msgs_per_s"); // 5000
 */
export function limit(name: LimitName): number {
  const entry: Published = LIMITS[name];
  if (entry.value === null) throw new Error(`${name} was not found in the stored docs: the model cannot use it`);
  return entry.value;
}
