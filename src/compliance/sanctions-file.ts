import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { err, ok, type Result } from '../core/result.ts';
import { bunzip2File } from './bzip2.ts';
import { sdnParser, type SdnAddress } from './sdn-xml.ts';

/**
 * Reads a sanctions file as a stream: the OFAC SDN advanced XML (plain or bzip2) or a per-asset
 * address list (`sanctioned_addresses_<ASSET>.txt`, one address a line). Nothing is written here; the
 * caller stores the result in one transaction, so a file that fails half-way imports nothing.
 */
export type SanctionsFileError =
  | 'sanctions_file_unreadable'
  | 'sanctions_file_unrecognised'
  | 'sanctions_file_malformed'
  | 'sanctions_list_empty';

export type SanctionsSourceKind = 'ofac_sdn_xml' | 'address_list';

export interface SanctionsFile {
  readonly kind: SanctionsSourceKind;
  readonly fileName: string;
  /** SHA-256 of the bytes on disk. */
  readonly fileSha256: string;
  /** SHA-256 of the decompressed content (equals fileSha256 for an uncompressed file). */
  readonly contentSha256: string;
  readonly compressed: boolean;
  /** The list's own issue date (SDN `DateOfIssue`); null for a bare address list. */
  readonly issuedOn: string | null;
  /** The assets this file is authoritative for; their previous entries are replaced. */
  readonly assets: readonly string[];
  readonly entries: readonly SdnAddress[];
}

export interface ReadOptions {
  /** The asset of an address list whose name does not say it. */
  readonly asset?: string;
  readonly onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

const LIST_NAME = /^sanctioned_addresses_([A-Z0-9]{2,10})\.txt$/;
const LIST_LINE = /^[A-Za-z0-9]{20,128}$/;
const BZIP2_MAGIC = 'BZh';

export async function readSanctionsFile(
  path: string,
  options: ReadOptions = {},
): Promise<Result<SanctionsFile, SanctionsFileError>> {
  const head = await readHead(path);
  if (head === null) return err('sanctions_file_unreadable', `cannot read ${path}`);
  const compressed = head.bytes.subarray(0, 3).toString('latin1') === BZIP2_MAGIC;
  const firstText = compressed ? null : head.bytes.toString('utf8').trimStart().charAt(0);
  const fileName = basename(path);
  const listAsset = options.asset ?? LIST_NAME.exec(fileName)?.[1] ?? null;
  if (!compressed && firstText !== '<' && listAsset === null) {
    return err(
      'sanctions_file_unrecognised',
      `${fileName} is neither an SDN XML document nor a sanctioned_addresses_<ASSET>.txt list`,
    );
  }
  const body = await streamText(path, head.size, compressed, options.onProgress);
  if (!body.ok) return body;
  const { text, fileSha256, contentSha256 } = body.value;
  const parsed = text.kind === 'xml' ? fromXml(text) : fromList(text, listAsset);
  if (!parsed.ok) return parsed;
  return ok({ ...parsed.value, fileName, fileSha256, contentSha256, compressed });
}

async function readHead(path: string): Promise<{ bytes: Buffer; size: number } | null> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(64);
      const { bytesRead } = await handle.read(buf, 0, 64, 0);
      return { bytes: buf.subarray(0, bytesRead), size: info.size };
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

type Sink =
  | { kind: 'xml'; parser: ReturnType<typeof sdnParser> }
  | { kind: 'list'; lines: string[]; partial: string };

interface Streamed {
  readonly text: Sink;
  readonly fileSha256: string;
  readonly contentSha256: string;
}

/**
 * Pipes file -> (bunzip2) -> UTF-8 decoder -> sink one chunk at a time, so memory stays flat. The
 * sink is chosen from the first decoded character.
 */
async function streamText(
  path: string,
  total: number,
  compressed: boolean,
  onProgress?: (read: number, total: number) => void,
): Promise<Result<Streamed, SanctionsFileError>> {
  const contentHash = createHash('sha256');
  const decoder = new TextDecoder('utf-8');
  let sink: Sink | null = null;
  const chunks = compressed
    ? bunzip2File(path, (read) => onProgress?.(read, total))
    : plainFile(path, (read) => onProgress?.(read, total));
  try {
    for await (const chunk of chunks) {
      contentHash.update(chunk);
      const text = decoder.decode(chunk, { stream: true });
      sink ??= text.trimStart().startsWith('<')
        ? { kind: 'xml', parser: sdnParser() }
        : { kind: 'list', lines: [], partial: '' };
      write(sink, text);
    }
    if (sink !== null) write(sink, decoder.decode());
  } catch (e) {
    const message = (e as Error).message;
    return err('sanctions_file_malformed', `${compressed ? 'bzip2 or ' : ''}XML error: ${message}`);
  }
  const contentSha256 = contentHash.digest('hex');
  const empty: Sink = { kind: 'list', lines: [], partial: '' };
  return ok({
    text: sink ?? empty,
    fileSha256: compressed ? await hashFile(path) : contentSha256,
    contentSha256,
  });
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* plainFile(path: string, onRead: (read: number) => void): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const buf = chunk as Buffer;
    read += buf.length;
    onRead(read);
    yield buf;
  }
}

function write(sink: Sink, text: string): void {
  if (sink.kind === 'xml') {
    sink.parser.write(text);
    return;
  }
  const parts = (sink.partial + text).split(/\r?\n/);
  sink.partial = parts.pop() ?? '';
  sink.lines.push(...parts);
}

function fromXml(
  sink: Extract<Sink, { kind: 'xml' }>,
): Result<
  Omit<SanctionsFile, 'fileName' | 'fileSha256' | 'contentSha256' | 'compressed'>,
  SanctionsFileError
> {
  let finished;
  try {
    finished = sink.parser.finish();
  } catch (e) {
    return err('sanctions_file_malformed', `not well-formed XML: ${(e as Error).message}`);
  }
  if ('code' in finished) return err(finished.code, finished.message);
  return ok({
    kind: 'ofac_sdn_xml',
    issuedOn: finished.issuedOn,
    assets: finished.assets,
    entries: finished.addresses,
  });
}

function fromList(
  sink: Extract<Sink, { kind: 'list' }>,
  asset: string | null,
): Result<
  Omit<SanctionsFile, 'fileName' | 'fileSha256' | 'contentSha256' | 'compressed'>,
  SanctionsFileError
> {
  if (asset === null) {
    return err(
      'sanctions_file_unrecognised',
      'an address list needs its asset (from its name or --asset)',
    );
  }
  const lines = [...sink.lines, sink.partial];
  const seen = new Set<string>();
  const entries: SdnAddress[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (!LIST_LINE.test(line)) {
      return err('sanctions_file_malformed', `line ${i + 1} is not an address`, { line: i + 1 });
    }
    if (seen.has(line)) continue;
    seen.add(line);
    entries.push({ asset, address: line, partyRef: null });
  }
  if (entries.length === 0)
    return err('sanctions_list_empty', `the ${asset} list has no addresses`);
  return ok({ kind: 'address_list', issuedOn: null, assets: [asset], entries });
}

/** An address list that arrived as data (an API body) rather than as a file. */
export function listFromAddresses(
  asset: string,
  source: string,
  addresses: readonly string[],
): Result<SanctionsFile, SanctionsFileError> {
  const text = `${addresses.join('\n')}\n`;
  const parsed = fromList({ kind: 'list', lines: text.split('\n'), partial: '' }, asset);
  if (!parsed.ok) return parsed;
  const sha = createHash('sha256').update(text).digest('hex');
  return ok({
    ...parsed.value,
    fileName: source,
    fileSha256: sha,
    contentSha256: sha,
    compressed: false,
  });
}
