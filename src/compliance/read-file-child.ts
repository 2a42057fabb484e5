import { readSanctionsFile } from './sanctions-file.ts';

/**
 * Reads one sanctions file in a process of its own and prints the result with the process's peak
 * RSS, as one JSON line on stdout. With `--progress`, it also prints `{"read":n,"total":n}` lines on
 * stderr. `kazna sanctions import` and the tests run it as a child, so the streaming parser's memory
 * is its own and not added to the HTTP and database stack that a CLI process also loads.
 */
const args = process.argv.slice(2);
const progress = args.includes('--progress');
const [path, asset] = args.filter((a) => a !== '--progress');
if (path === undefined) throw new Error('usage: read-file-child.ts FILE [ASSET] [--progress]');
const started = performance.now();
let last = 0;
const result = await readSanctionsFile(path, {
  ...(asset === undefined ? {} : { asset }),
  ...(progress
    ? {
        onProgress: (read: number, total: number) => {
          const now = performance.now();
          if (now - last < 200 && read < total) return;
          last = now;
          process.stderr.write(`${JSON.stringify({ read, total })}\n`);
        },
      }
    : {}),
});
process.stdout.write(
  `${JSON.stringify({
    result,
    durationMs: Math.round(performance.now() - started),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
