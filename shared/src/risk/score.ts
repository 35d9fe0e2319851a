/**
 * Risk score: a noisy-OR of the weighted features, `risk = 1 − Π (1 − wᵢ·xᵢ)`, rounded to 4 decimals.
 * Each feature is independent evidence: one strong signal gives a high score, several weak ones add up, and
 * the result stays in [0, 1] without clamping. Arithmetic only, so it is identical on every engine.
 */
import { RISK_FEATURES, type RiskFeatureName } from "./features.ts";

/**
 * Risk score from a feature vector (see features.ts for the vector and weights).
 *
 * @example
 * riskScore([0, 0, 0, 0.9, 0, 0, 0, 0.25, 0.675, 0.6, 0, 0, 0, 0]); // 0.8449
 */
export function riskScore(features: readonly number[]): number {
  let keep = 1;
  for (let i = 0; i < RISK_FEATURES.length; i++) {
    const x = features[i] ?? 0;
    keep *= 1 - (RISK_FEATURES[i] as { weight: number }).weight * (x < 0 ? 0 : x > 1 ? 1 : x);
  }
  return round4(1 - keep);
}

/**
 * Features as a name → value record (values rounded to 4 decimals), for explanations.
 *
 * @example
 * riskFeatureRecord(riskFeatures([], request, emptyAgentState())).action_type_base; // 0.1 for a query
 */
export function riskFeatureRecord(features: readonly number[]): Record<RiskFeatureName, number> {
  const out = {} as Record<RiskFeatureName, number>;
  for (let i = 0; i < RISK_FEATURES.length; i++) {
    out[(RISK_FEATURES[i] as { name: RiskFeatureName }).name] = round4(features[i] ?? 0);
  }
  return out;
}

/**
 * Round to 4 decimals (half away from zero for positives), with -0 normalised to 0.
 *
 * @example
 * round4(0.123456); // 0.1235
 */
export function round4(x: number): number {
  const r = Math.round(x * 10000) / 10000;
  return r === 0 ? 0 : r;
}
