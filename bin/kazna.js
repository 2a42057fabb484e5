#!/usr/bin/env node
// Kazna runs its TypeScript sources directly on Node 24 (type stripping); no build step for the server.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `kazna needs Node 24 or later (this is ${process.version}). Run it through npm (npm start, npm run kazna), ` +
      'which uses the Node 24 that `npm ci` installed, or put node_modules/.bin first on PATH.\n',
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
