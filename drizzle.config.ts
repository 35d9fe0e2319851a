/**
 * drizzle-kit configuration: `npm run db:generate` diffs db/src/schema.ts against migrations/meta and
 * writes the next SQL migration into migrations/. Only used at development time; the runtime applies
 * migrations/*.sql itself (db/src/migrate.ts).
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/src/schema.ts",
  out: "./migrations",
  strict: true,
  verbose: true,
});
