#!/usr/bin/env node
// Entry point of the `nethical` command. The CLI is TypeScript run directly by Node >= 22 (type
// stripping); npm scripts and `npx nethical` use the Node pinned in devDependencies.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `nethical: Node ${process.versions.node} is too old; run it through npx (the project pins Node >= 22)\n`,
  );
  process.exit(2);
}
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
