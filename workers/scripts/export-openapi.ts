/**
 * `npm run openapi:export`: write the API description the Worker serves at `GET /v2/openapi.json` to
 * workers/openapi.json (the TypeScript SDK's types are generated from that file). The workerd test
 * workers/src/openapi/committed-document.test.ts fails when the committed file differs from what the
 * Worker serves.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openApiDocument } from "@nethical/workers/openapi/document";
const file = join(import.meta.dirname, "..", "openapi.json");
const document = openApiDocument();
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${file}: ${Object.keys(document.paths as object).length} paths`);
