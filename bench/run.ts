import { auditBench } from './audit.ts';
import { complianceBench } from './compliance.ts';
import { formatRow, type Bench, type BenchRow } from './harness.ts';
import { foundationBench } from './foundation.ts';
import { ledgerBench } from './ledger.ts';
import { riskBench } from './risk.ts';
import { simulatorBench } from './simulator.ts';
import { tilesBench } from './tiles.ts';

/**
 * `npm run bench [name…]`: runs every benchmark (or the named ones) and prints one line per figure.
 * Set KAZNA_BENCH_DATABASE_URL to add figures on a PostgreSQL server next to the embedded ones.
 */
const BENCHES: readonly (readonly [string, Bench])[] = [
  ['foundation', foundationBench],
  ['audit', auditBench],
  ['ledger', ledgerBench],
  ['risk', riskBench],
  ['simulator', simulatorBench],
  ['compliance', complianceBench],
  ['tiles', tilesBench],
];

const wanted = process.argv.slice(2);
const rows: BenchRow[] = [];
const serverUrl = process.env['KAZNA_BENCH_DATABASE_URL'] ?? null;
for (const [name, bench] of BENCHES) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stdout.write(`\n## ${name}\n`);
  await bench({
    serverUrl,
    report: (row) => {
      rows.push(row);
      process.stdout.write(`${formatRow(row)}\n`);
    },
    progress: (line) => process.stderr.write(`  … ${line}\n`),
  });
}
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows)}\n`);
