/**
 * Public API of the classifier: hashed n-gram features, the model format, inference and the detector.
 */
export { BUCKETS, forEachFeature, featureCounts } from "./features.ts";
export { decodeModel, encodeWeights, quantizeWeights, weight, calibratedScore, type ClassifierHead, type ClassifierModel, type ClassifierModelData } from "./model.ts";
export { createClassifier, headMask, type Classifier } from "./classify.ts";
export { CLASSIFIER, WINDOW_CHARS, classifierDetector, classifierWindows, classifyData, classifyText, detectClassifier, setClassifierEnabled, type DataModeScore } from "./detector.ts";
export { DATA_WINDOW_MAX, DATA_WINDOW_MIN, dataWindows, segmentStarts } from "./data-windows.ts";
export { MODEL_DATA } from "./model-data.ts";
