import { readSanctionsFile } from './sanctions-file.ts';

/**
 * Reads one sanctions file in a process of its own and prints the result with the process's peak
 * RSS, as one JSON line. Tests run it as a child so the memory figure is the streaming parser's
 * alone, not that of the test runner or of the HTTP and database stack a CLI process also loads.
 */
const [path, asset] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: read-file-child.ts FILE [ASSET]');
const started = performance.now();
const result = await readSanctionsFile(path, asset === undefined ? {} : { asset });
process.stdout.write(
  `${JSON.stringify({
    result,
    durationMs: Math.round(performance.now() - started),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
