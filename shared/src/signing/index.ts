/** Ed25519 signing behind a Signer/Verifier seam, and policy bundle signing and verification. */
export * from "./base64url.ts";
export * from "./keys.ts";
export * from "./software-signer.ts";
export * from "./verifier.ts";
export * from "./bundle-signing.ts";
export * from "./bundle-verification.ts";
export * from "./key-set.ts";
export * from "./key-set-verification.ts";
