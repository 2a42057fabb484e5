import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseVerifierKey, type NoteVerifier } from './note.ts';
import { verifyTiledLog, type TileFetch, type TiledLogReport } from './tiled-log.ts';

/**
 * `kazna-verifier tiles <url-or-dir>`: checks a log published as C2SP tiles, from Kazna's `/log/`
 * or from any static mirror of it (a URL prefix, or a directory written by `kazna audit tiles export`).
 */
export const TILES_USAGE = `  kazna-verifier tiles <prefix-url-or-dir> [--key <vkey>]... [--witness <vkey>]... [--witnesses <k>]
                      [--checkpoint <note-file>] [--pin <logPublicKeyHex>]... [--token <bearer>] [--json]`;

/** Reads `<prefix>/<path>` over HTTP(S), or `<dir>/<path>` from disk; absent is null. */
export function tileFetcher(source: string, token?: string): TileFetch {
  if (/^https?:\/\//.test(source)) {
    const prefix = source.replace(/\/+$/, '');
    const headers: Record<string, string> =
      token === undefined ? {} : { authorization: `Bearer ${token}` };
    return async (path) => {
      const res = await fetch(`${prefix}/${path}`, { headers });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`GET ${prefix}/${path}: HTTP ${res.status.toString()}`);
      return new Uint8Array(await res.arrayBuffer());
    };
  }
  return async (path) => {
    try {
      return new Uint8Array(await readFile(join(source, path)));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
  };
}

function keys(values: readonly string[] | undefined, what: string): NoteVerifier[] {
  return (values ?? []).map((v) => {
    const key = parseVerifierKey(v);
    if (key === null) throw new Error(`${what} ${v} is not an Ed25519 or cosignature/v1 vkey`);
    return key;
  });
}

export interface TilesOut {
  write(text: string): void;
}

export async function runTiles(argv: readonly string[], out: TilesOut): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      key: { type: 'string', multiple: true },
      witness: { type: 'string', multiple: true },
      witnesses: { type: 'string' },
      checkpoint: { type: 'string' },
      pin: { type: 'string', multiple: true },
      token: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [source] = positionals;
  const k = Number(values.witnesses ?? '0');
  if (source === undefined || !Number.isSafeInteger(k) || k < 0) {
    out.write(`usage:\n${TILES_USAGE}\n`);
    return 2;
  }
  const report = await verifyTiledLog(tileFetcher(source, values.token), {
    logKeys: keys(values.key, '--key'),
    witnesses: keys(values.witness, '--witness'),
    requireWitnesses: k,
    pinnedKeys: values.pin ?? [],
    ...(values.checkpoint === undefined
      ? {}
      : { checkpoint: await readFile(values.checkpoint, 'utf8') }),
  });
  out.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
  return report.ok ? 0 : 1;
}

export function summary(r: TiledLogReport): string {
  const lines = [
    `${r.ok ? 'ok' : 'FAILED'}: ${r.origin ?? '-'} at size ${r.size.toString()}, root ${r.root ?? '-'}, ${r.tilesChecked.toString()} tiles`,
  ];
  for (const c of r.cosigners)
    lines.push(`cosigned by ${c.name}${c.timestamp === null ? '' : ` at ${c.timestamp}`}`);
  for (const p of r.problems) lines.push(`  - ${p}`);
  for (const f of r.log?.findings ?? []) lines.push(`  - ${f.code}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}
