/** Types for llm_guardrail (the package ships none): only what the adapter uses. */
declare module "llm_guardrail" {
  export function checkAll(prompt: string): Promise<unknown>;
}
