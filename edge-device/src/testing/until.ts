/**
 * Test helper: poll until a condition holds (real processes and sockets change state on their own time).
 */

/**
 * Read `read()` until `ok` accepts it, every 25 ms, for at most `ms`; throws with the last value otherwise.
 *
 * @example
 * const status = await until(() => fetchStatus(url), (s) => s.mode === "ONLINE");
 */
export async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`condition not reached in ${ms} ms: ${JSON.stringify(value)?.slice(-800)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
