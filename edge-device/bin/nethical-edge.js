#!/usr/bin/env node
// Entry point of the `nethical-edge` command. TypeScript run directly by Node >= 24 (type stripping,
// node:sqlite); npm scripts and `npx nethical-edge` use the Node pinned in devDependencies.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(
    `nethical-edge: Node ${process.versions.node} is too old; run it through npx (the project pins Node 24)\n`,
  );
  process.exit(2);
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
