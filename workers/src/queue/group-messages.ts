/**
 * Grouping a queue batch of audit events (decisions and admin events) by tenant, and setting aside messages that are not audit events
 * at all (they cannot become valid by retrying: acknowledged and logged by id).
 */
import { parseLogEvent, type LogEvent } from "@nethical/core";

/** One message with its parsed event. */
export interface EventMessage {
  message: Message<unknown>;
  event: LogEvent;
}

/**
 * Messages by tenant; malformed ones are acked and logged (message id only, never the body).
 *
 * @example
 * for (const [tenant, items] of groupByTenant(batch.messages, batch.queue)) …
 */
export function groupByTenant(messages: readonly Message<unknown>[], queue: string): Map<string, EventMessage[]> {
  const byTenant = new Map<string, EventMessage[]>();
  for (const message of messages) {
    const parsed = parseLogEvent(message.body);
    if (!parsed.ok) {
      console.error(JSON.stringify({ level: "error", msg: "not an audit event: dropped", queue, message_id: message.id, reason: parsed.reason }));
      message.ack();
      continue;
    }
    const list = byTenant.get(parsed.event.tenant);
    if (list === undefined) byTenant.set(parsed.event.tenant, [{ message, event: parsed.event }]);
    else list.push({ message, event: parsed.event });
  }
  return byTenant;
}

/**
 * Retry every message of `items` with the backoff for its attempt count.
 *
 * @example
 * retryAll(items, retryDelaySeconds);
 */
export function retryAll(items: readonly EventMessage[], delay: (attempts: number) => number): void {
  for (const { message } of items) message.retry({ delaySeconds: delay(message.attempts) });
}
