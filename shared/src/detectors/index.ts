/**
 * Public API of the detectors: the contract types, the built-in detectors and the runners.
 */
export type { Detector, DetectorInput } from "./types.ts";
export { roundScore } from "./types.ts";
export { DETECTORS, runDetectors, scanText } from "./run.ts";
export { TALK_CAP, TALK_FACTOR, talkFactor, frameOf, type TalkMode } from "./talk-about.ts";
export { piiDetector, detectPii } from "./pii.ts";
export { secretsDetector, detectSecrets } from "./secrets.ts";
export { injectionDetector, detectInjection } from "./injection.ts";
export {
  DATA_INJECTION_DETECTOR,
  DATA_INJECTION_SUBTYPE,
  combineWithHead,
  dataModeScore,
  scanDataCues,
  scanDataText,
  scanInputs,
  type DataScan,
} from "./data-injection.ts";
export { dangerousCodeDetector, detectDangerousCode } from "./dangerous-code.ts";
export { exfiltrationDetector, detectExfiltration } from "./exfiltration.ts";
export { safetyDetector, detectSafety } from "./safety.ts";
export { harmfulDetector, detectHarmful } from "./harmful.ts";
export { luhnValid, ibanValid, ssnValid, abaRoutingValid } from "./validators.ts";
export { shannonEntropy } from "./entropy.ts";
export { isExternal } from "./destinations.ts";
