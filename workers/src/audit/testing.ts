/**
 * Helpers for the audit workerd tests: wait until the audit Queue consumer has appended a decision.
 */
import { api } from "../testing/api.ts";

/**
 * Poll `GET /v2/decisions/{id}` with `key` until it answers 200 (the consumer appended it), or throw.
 *
 * @example
 * const body = await waitForDecision(keys.auditor, res.headers.get("x-nethical-audit-event-id")!);
 */
export async function waitForDecision(key: string, id: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(`/v2/decisions/${encodeURIComponent(id)}`, { key });
    if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    await res.body?.cancel();
    if (Date.now() > deadline) throw new Error(`decision ${id} was not recorded within ${timeoutMs} ms (last status ${res.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
