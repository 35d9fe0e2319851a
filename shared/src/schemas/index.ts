export * from "./decision.ts";
export * from "./finding.ts";
export * from "./action.ts";
export * from "./response.ts";
export * from "./agent-state.ts";
