import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Option, type Command } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { configOrFail, type Access, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import { SYSTEM } from '../core/identity.ts';
import type { Kazna } from '../kazna.ts';
import { isSignedCheckpoint, type SignedCheckpoint } from '../../verifier/src/formats.ts';
import type { Report } from '../../verifier/src/report.ts';
import type { AuditService } from './service.ts';
import { createLogTiles, exportTiles } from './tiles.ts';
import { WIDE_BUNDLES } from '../../verifier/src/tiles.ts';

/**
 * `kazna audit …`: verify the whole log (exit 1 on any finding, the first bad entry and its evidence
 * printed), export a bundle for offline checking, print proofs, sign a checkpoint, list keys.
 */
export interface Out {
  line(text: string): void;
  json(value: unknown): void;
  /** A progress sink; null prints no progress. */
  progress: ((done: number, total: number) => void) | null;
  /** Called once verification ends, before the report is printed (stops a progress bar). */
  done?: () => void;
}

export interface VerifyCliOptions {
  readonly replay?: boolean;
  readonly json?: boolean;
  readonly witnesses?: number;
  readonly trusted?: readonly string[];
  readonly state?: string;
  readonly pin?: readonly string[];
}

/** The body of `kazna audit verify`, separate from commander so tests can call it; returns the exit code. */
export async function runVerify(
  audit: AuditService,
  o: VerifyCliOptions,
  out: Out,
): Promise<number> {
  const trusted: SignedCheckpoint[] = [];
  for (const file of o.trusted ?? []) trusted.push(await readCheckpoint(file));
  if (o.state !== undefined && existsSync(o.state)) trusted.push(await readCheckpoint(o.state));
  const report = await audit.verify({
    trusted,
    replay: o.replay === true,
    requireWitnesses: o.witnesses ?? 0,
    pinnedKeys: o.pin ?? [],
    ...(out.progress === null ? {} : { onProgress: out.progress }),
  });
  out.done?.();
  if (report.ok && o.state !== undefined && report.latestCheckpoint !== null)
    await writeFile(o.state, `${JSON.stringify(report.latestCheckpoint, null, 2)}\n`);
  if (o.json === true) out.json(report);
  else printReport(report, out);
  return report.ok ? 0 : 1;
}

async function readCheckpoint(file: string): Promise<SignedCheckpoint> {
  const value: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isSignedCheckpoint(value))
    throw new CliFailure(`${file} is not a signed checkpoint`, EXIT_USAGE, 'checkpoint_malformed');
  return value;
}

export function printReport(report: Report, out: Out): void {
  const head = `${report.entriesChecked} entries, ${report.checkpointsChecked} checkpoints`;
  out.line(report.ok ? `ok: ${head}, root ${report.root ?? '-'}` : `FAILED: ${head}`);
  if (report.witnessed !== null)
    out.line(
      `witnessed: checkpoint ${report.witnessed.size} by ${report.witnessed.witnesses.join(', ')}`,
    );
  const first = report.firstBadEntry;
  if (first !== null) {
    out.line(`first bad entry: ${first.seq ?? '-'} (${first.code}): ${first.message}`);
    if (first.expected !== undefined) out.line(`  expected ${first.expected}`);
    if (first.found !== undefined) out.line(`  found    ${first.found}`);
  }
  for (const f of report.findings) out.line(`  - ${f.code}: ${f.message}`);
  const more = report.findingsTotal - report.findings.length;
  if (more > 0) out.line(`  … and ${more} more`);
}

/** A cli-progress bar on stderr; on a non-TTY it prints a line every two seconds instead. */
export function progressBar(): {
  progress: (done: number, total: number) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      format: 'verifying [{bar}] {percentage}% {value}/{total} entries',
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    progress: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * Opens the database, migrates, assembles Kazna (with the configured log key), runs `fn`. Reading
 * commands also run beside a server on the same data folder, on its database read-only.
 */
function auditRunner(withKazna: WithKazna): WithAudit {
  return (fn, access = 'read') => withKazna(configOrFail(), fn, access);
}

type WithAudit = (fn: (kazna: Kazna) => Promise<void>, access?: Access) => Promise<void>;

const stdout: Out = { line: printLine, json: printJson, progress: null };

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new CliFailure(`not a size: ${value}`, EXIT_USAGE);
  return n;
}

export function registerAuditCommands(program: Command, withKazna: WithKazna): void {
  const withAudit = auditRunner(withKazna);
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'check every entry, link, tree node, checkpoint and signature; exit 1 on any finding',
    )
    .option('--replay', 'also replay every projector and compare with the live tables')
    .option('--json', 'print the report as JSON')
    .addOption(
      new Option('--witnesses <k>', 'require k witness cosignatures').argParser(nonNegative),
    )
    .option('--trusted <file...>', 'checkpoints seen before; the log must still extend them')
    .option('--state <file>', 'read and, on success, update the last verified checkpoint')
    .option('--pin <publicKeyHex...>', "the log's first key must be one of these")
    .action(async (o) => {
      await withAudit(async (k) => {
        const bar = o.json === true ? null : progressBar();
        const code = await runVerify(k.services.audit, o, {
          ...stdout,
          progress: bar?.progress ?? null,
          ...(bar === null ? {} : { done: bar.stop }),
        });
        if (code !== 0)
          throw new CliFailure('the audit log did not verify', code, 'audit_log_invalid');
      });
    });
  audit
    .command('export')
    .description('write a bundle (entries, checkpoints, keys, cosignatures) for offline checking')
    .addOption(new Option('--from <seq>', 'first entry').argParser(nonNegative))
    .addOption(new Option('--to <seq>', 'end of the range (exclusive)').argParser(nonNegative))
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (o) => {
      await withAudit(async (k) => {
        const bundle = await k.services.audit.exportBundle({
          ...(o.from === undefined ? {} : { from: o.from }),
          ...(o.to === undefined ? {} : { to: o.to }),
        });
        const text = `${JSON.stringify(bundle)}\n`;
        if (o.out === undefined) process.stdout.write(text);
        else {
          await writeFile(o.out, text);
          printLine(
            `wrote ${bundle.entries.length} entries and ${bundle.checkpoints.length} checkpoints to ${o.out}`,
          );
        }
      });
    });
  registerProofCommands(audit, withAudit);
  registerTileCommands(audit, withAudit);
}

function registerTileCommands(audit: Command, withAudit: WithAudit): void {
  const tiles = audit
    .command('tiles')
    .description('the log as C2SP tlog-tiles (also served under /log/)');
  tiles
    .command('export')
    .description('write the checkpoint note, hash tiles and entry bundles as static files')
    .argument('<dir>', 'directory to write (a static file server can serve it as <prefix>/)')
    .option('--no-entries', 'hash tiles and checkpoint only: the entries stay private')
    .action(async (dir, o) => {
      await withAudit(async (k) => {
        const done = await exportTiles(k.db, createLogTiles(k.db, k.services.audit), dir, {
          entries: o.entries,
        });
        if (done === null)
          throw new CliFailure(
            'no checkpoint signed by the current key yet: run `kazna audit checkpoint`',
            1,
            'checkpoint_not_found',
          );
        printLine(
          `wrote the tiles of ${done.size} entries to ${dir}: ${done.hashTiles} hash tiles, ` +
            `${done.bundles} entry bundles (${done.wideOnly} only as ${WIDE_BUNDLES})`,
        );
        printLine(`origin ${k.services.audit.logOrigin}, key ${k.services.audit.verifierKey()}`);
      });
    });
  tiles
    .command('key')
    .description('print the log key as a C2SP verifier key, for witnesses and verifiers')
    .action(async () => {
      await withAudit((k) => {
        printLine(k.services.audit.verifierKey());
        return Promise.resolve();
      });
    });
}

function registerProofCommands(audit: Command, withAudit: WithAudit): void {
  audit
    .command('inclusion-proof')
    .description('prove that entry <index> is in the tree of size --size (default: the whole log)')
    .argument('<index>', 'entry seq', nonNegative)
    .addOption(new Option('--size <n>', 'tree size').argParser(nonNegative))
    .action(async (index, o) => {
      await withAudit(async (k) => {
        const r = await k.services.audit.inclusionProof(index, o.size);
        if (!r.ok) throw new CliFailure(r.message, 1, r.code);
        printJson(r.value);
      });
    });
  audit
    .command('consistency-proof')
    .description('prove that the tree of size <from> is a prefix of the tree of size --to')
    .argument('<from>', 'old size', nonNegative)
    .addOption(new Option('--to <n>', 'new size (default: the whole log)').argParser(nonNegative))
    .action(async (from, o) => {
      await withAudit(async (k) => {
        const r = await k.services.audit.consistencyProof(from, o.to);
        if (!r.ok) throw new CliFailure(r.message, 1, r.code);
        printJson(r.value);
      });
    });
  audit
    .command('checkpoint')
    .description('sign a checkpoint of the log now')
    .action(async () => {
      await withAudit(async (k) => {
        printJson(await k.services.audit.checkpoint(SYSTEM));
      }, 'write');
    });
  audit
    .command('keys')
    .description("list the log's public keys")
    .action(async () => {
      await withAudit(async (k) => {
        printJson({ keys: await k.services.audit.keys() });
      });
    });
}
