/**
 * Write docs/compliance.md from the control data: `node cli/scripts/compliance-doc.ts`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMPLIANCE_DOC, complianceDoc } from "../src/compliance/doc.ts";

const file = join(import.meta.dirname, "..", "..", COMPLIANCE_DOC);
writeFileSync(file, complianceDoc());
console.log(`wrote ${file}`);
