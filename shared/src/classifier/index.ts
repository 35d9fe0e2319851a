/**
 * Public API of the classifier: hashed n-gram features, the model format, inference and the detector.
 */
export { BUCKETS, forEachFeature, featureCounts } from "./features.ts";
export { decodeModel, encodeWeights, calibratedScore, type ClassifierHead, type ClassifierModel, type ClassifierModelData } from "./model.ts";
export { createClassifier, type Classifier } from "./classify.ts";
export { CLASSIFIER, WINDOW_CHARS, classifierDetector, classifierWindows, classifyText, detectClassifier, setClassifierEnabled } from "./detector.ts";
export { MODEL_DATA } from "./model-data.ts";
