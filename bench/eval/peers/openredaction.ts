/**
 * Peer adapter: @openredaction/openredaction (regex PII detection, offline). Its types are mapped to the
 * Presidio/Nethical names where one exists; other detections (usernames, …) stay unmapped and so count
 * only where they collide with a mapped type — they are not PII types we score.
 */
import type { Finding } from "@nethical/core/schemas/finding.ts";
import type { PeerAdapter } from "./types.ts";
import { installedVersion } from "./version.ts";

const NAME = "@openredaction/openredaction";

/** OpenRedaction type → Nethical PII type (prefix match for families such as PHONE_US, PHONE_UK). */
const MAP: readonly [string, Finding["type"]][] = [
  ["EMAIL", "EMAIL_ADDRESS"],
  ["CREDIT_CARD", "CREDIT_CARD"],
  ["SSN", "US_SSN"],
  ["PHONE", "PHONE_NUMBER"],
  ["IBAN", "IBAN_CODE"],
  ["IPV4", "IP_ADDRESS"],
  ["IPV6", "IP_ADDRESS"],
  ["IP_ADDRESS", "IP_ADDRESS"],
];

/**
 * Map an OpenRedaction detection type to ours (undefined when not a scored type).
 *
 * @example
 * mapOpenRedactionType("PHONE_US"); // "PHONE_NUMBER"
 */
export function mapOpenRedactionType(t: string): Finding["type"] | undefined {
  for (const [prefix, type] of MAP) if (t === prefix || t.startsWith(`${prefix}_`)) return type;
  return undefined;
}

interface Detection {
  type: string;
  position: [number, number];
  confidence?: number;
}

/** The adapter. */
export const openRedactionPeer: PeerAdapter = {
  name: NAME,
  version: installedVersion(NAME),
  async probe() {
    try {
      const { OpenRedaction } = await import("@openredaction/openredaction");
      new OpenRedaction().detect("probe a@b.co");
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  },
  pii: await (async () => {
    try {
      const { OpenRedaction } = await import("@openredaction/openredaction");
      const shield = new OpenRedaction();
      return async (text: string): Promise<Finding[]> => {
        const r = shield.detect(text) as unknown as { detections: Detection[] };
        const out: Finding[] = [];
        for (const d of r.detections) {
          const type = mapOpenRedactionType(d.type);
          if (type !== undefined) out.push({ type, start: d.position[0], end: d.position[1], score: d.confidence ?? 1, detector: "openredaction" });
        }
        return out;
      };
    } catch {
      return undefined;
    }
  })(),
};
