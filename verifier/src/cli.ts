#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyBundle, verifyCheckpoint, verifyProofDocument } from './bundle.ts';
import { isSignedCheckpoint, type SignedCheckpoint } from './formats.ts';
import { isPorDocument, verifyPorDocument } from './por.ts';
import { verifyLotReceipt } from './receipts.ts';
import { verifyReportBundleText } from './reports.ts';
import type { Report } from './report.ts';
import { runTiles, TILES_USAGE } from './tiles-cli.ts';

/**
 * `kazna-verifier bundle|checkpoint|proof <file>`: exit 0 when everything verifies, 1 when something
 * does not (the first bad entry and its evidence are printed), 2 for a usage error.
 */
const USAGE = `usage:
  kazna-verifier bundle <bundle.json> [--trusted <checkpoint.json>]... [--pin <publicKeyHex>]...
                                      [--witnesses <k>] [--json]
  kazna-verifier checkpoint <checkpoint.json> --key <logPublicKeyHex> [--witnesses <k>] [--json]
  kazna-verifier proof <proof.json> [--json]
  kazna-verifier report <bundle.json> [--pin <logPublicKeyHex>]... [--json]
  kazna-verifier por <por.json> [--key <reportPublicKeyHex>] [--json]
  kazna-verifier receipt <lot-receipt.json> [--por <por.json>] [--key <reportPublicKeyHex>] [--json]
${TILES_USAGE}`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      trusted: { type: 'string', multiple: true },
      pin: { type: 'string', multiple: true },
      key: { type: 'string' },
      por: { type: 'string' },
      witnesses: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [command, file] = positionals;
  if (command === undefined || file === undefined) return usage();
  const json = values.json === true;
  const k = Number(values.witnesses ?? '0');
  if (!Number.isSafeInteger(k) || k < 0) return usage();
  if (command === 'report') {
    const check = verifyReportBundleText(readFileSync(file, 'utf8'), {
      pinnedLogKeys: values.pin ?? [],
    });
    printCheck(
      check,
      json,
      (c) => `${c.checked.figures} figures, ${c.checked.auditRefs} audit refs`,
    );
    return check.ok ? 0 : 1;
  }
  const doc = readJson(file);
  switch (command) {
    case 'por': {
      const check = verifyPorDocument(doc, values.key === undefined ? [] : [values.key]);
      printCheck(check, json, () => 'signature, leaves, roots and sums');
      return check.ok ? 0 : 1;
    }
    case 'receipt':
      return receipt(doc, values.por, values.key, json);
    case 'bundle': {
      const trusted = (values.trusted ?? []).map(readJson).map(asCheckpoint);
      const report = verifyBundle(doc, {
        trusted,
        pinnedKeys: values.pin ?? [],
        requireWitnesses: k,
        ...(json ? {} : { onProgress: progress }),
      });
      print(report, json);
      return report.ok ? 0 : 1;
    }
    case 'checkpoint': {
      if (values.key === undefined) return usage();
      const d = doc as { checkpoint?: unknown; cosignatures?: []; witnesses?: [] };
      const cp = d.checkpoint ?? doc;
      const check = verifyCheckpoint(cp, values.key, d.cosignatures ?? [], d.witnesses ?? [], k);
      process.stdout.write(
        json
          ? `${JSON.stringify(check, null, 2)}\n`
          : `${check.ok ? 'ok' : 'FAILED'}: ${check.problems.join('; ') || 'signature verifies'}\n`,
      );
      return check.ok ? 0 : 1;
    }
    case 'proof': {
      const good = verifyProofDocument(doc);
      process.stdout.write(
        json
          ? `${JSON.stringify({ ok: good })}\n`
          : `${good ? 'ok: the proof verifies' : 'FAILED: the proof does not verify'}\n`,
      );
      return good ? 0 : 1;
    }
    default:
      return usage();
  }
}

/** A lot's receipt, and with `--por` the signed proof it names (checked whole, then against it). */
function receipt(
  doc: unknown,
  porFile: string | undefined,
  key: string | undefined,
  json: boolean,
) {
  const por = porFile === undefined ? undefined : readJson(porFile);
  const porProblems =
    por === undefined ? [] : verifyPorDocument(por, key === undefined ? [] : [key]).problems;
  const against = isPorDocument(por) ? por : undefined;
  const problems = [
    ...porProblems.map((p) => `por: ${p}`),
    ...verifyLotReceipt(doc, against).problems,
  ];
  const check = { ok: problems.length === 0, problems };
  printCheck(check, json, () =>
    por === undefined ? 'commitment and leaf paths' : 'commitment, leaf paths and the signed proof',
  );
  return check.ok ? 0 : 1;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function asCheckpoint(value: unknown): SignedCheckpoint {
  if (!isSignedCheckpoint(value)) throw new Error('a --trusted file is not a signed checkpoint');
  return value;
}

function progress(done: number, total: number): void {
  process.stderr.write(`  checked ${done}/${total} entries\n`);
}

function print(report: Report, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const out = process.stdout;
  out.write(
    `${report.ok ? 'ok' : 'FAILED'}: ${report.entriesChecked} entries, ${report.checkpointsChecked} checkpoints, root ${report.root ?? 'unavailable'}\n`,
  );
  if (report.witnessed !== null)
    out.write(
      `witnessed: checkpoint ${report.witnessed.size} by ${report.witnessed.witnesses.join(', ')}\n`,
    );
  const first = report.firstBadEntry;
  if (first !== null) {
    out.write(`first bad entry: ${first.seq ?? '?'} (${first.code}) ${first.message}\n`);
    if (first.expected !== undefined)
      out.write(`  expected ${first.expected}\n  found    ${first.found ?? ''}\n`);
  }
  for (const f of report.findings) out.write(`  - ${f.code}: ${f.message}\n`);
  if (report.findingsTotal > report.findings.length)
    out.write(`  … and ${report.findingsTotal - report.findings.length} more\n`);
}

/** One line with the verdict, then one line per problem: each names the figure, leaf or signature. */
function printCheck<C extends { ok: boolean; problems: readonly string[] }>(
  check: C,
  json: boolean,
  summary: (c: C) => string,
): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${check.ok ? 'ok' : 'FAILED'}: ${summary(check)}\n`);
  for (const p of check.problems) process.stdout.write(`  - ${p}\n`);
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

function fail(error: unknown): void {
  process.stderr.write(
    `kazna-verifier: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}

const argv = process.argv.slice(2);
if (argv[0] === 'tiles') {
  // Tiles are fetched, so this one command is asynchronous.
  runTiles(argv.slice(1), process.stdout).then((code) => {
    process.exitCode = code;
  }, fail);
} else {
  try {
    process.exitCode = main(argv);
  } catch (error) {
    fail(error);
  }
}
