import type pg from 'pg';
import { assert } from '../core/assert.ts';

/**
 * COPY … FROM STDIN in PostgreSQL's text format. For a batch of rows COPY inserts a page's worth of
 * tuples per WAL record instead of one record per tuple, which made a thousand ledger transfers
 * about a quarter cheaper to store than INSERT … SELECT FROM unnest.
 *
 * Text format: columns separated by a tab, rows by a newline, NULL written `\N`, and a backslash,
 * tab, newline or carriage return inside a value escaped with a backslash.
 */
export type CopyValue = string | number | bigint | null;

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

export function copyValue(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c] ?? c) : v;
}

/** Values in column order, separated by tabs: a row without its newline. */
export function copyFields(values: readonly CopyValue[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += '\t';
    out += copyValue(values[i] ?? null);
  }
  return out;
}

/** One row: its values in column order, ending with the newline. */
export function copyRow(values: readonly CopyValue[]): string {
  return `${copyFields(values)}\n`;
}

/**
 * A write on its way. `sent` settles once its data is on the socket, so the caller can do other
 * work while the database runs it; `done` settles when the database has finished it.
 */
export interface InFlight {
  readonly sent: Promise<void>;
  readonly done: Promise<void>;
}

/**
 * A COPY being written: `write` sends rows (whole rows, in COPY text) as they are encoded, so the
 * database parses and stores the first while JavaScript encodes the next; `end` finishes the data.
 */
export interface CopyWriter {
  readonly write: (text: string) => void;
  readonly end: () => InFlight;
}

/** The two protocol calls COPY needs that the driver's type declarations leave out. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * The driver runs anything with `submit` in its query queue and hands it the protocol messages, as
 * it does for cursors. The data follows the COPY statement at once, without waiting for the
 * server's CopyInResponse: the protocol lets the server take CopyData and CopyDone from its input
 * when COPY starts, and if the statement fails first it ignores them ("any subsequent CopyData,
 * CopyDone, or CopyFail messages issued by the frontend will simply be dropped"), so no round trip
 * is spent on the handshake. Data written before the driver submits the statement waits here.
 * Success comes with ReadyForQuery. After an ErrorResponse the driver drops the query at once and
 * never reports its ReadyForQuery, so a failure settles in `handleError`.
 */
class CopyIn implements pg.Submittable {
  readonly text: string;
  private connection: CopyConnection | null = null;
  private readonly waiting: Buffer[] = [];
  private ended = false;
  private readonly onSent: () => void;
  private readonly onDone: (error: Error | null) => void;

  constructor(text: string, onSent: () => void, onDone: (error: Error | null) => void) {
    this.text = text;
    this.onSent = onSent;
    this.onDone = onDone;
  }

  submit(connection: pg.Connection): void {
    const c = connection as unknown as CopyConnection;
    this.connection = c;
    c.query(this.text);
    for (const chunk of this.waiting.splice(0)) c.sendCopyFromChunk(chunk);
    if (this.ended) this.finish(c);
  }

  write(text: string): void {
    assert(!this.ended, 'COPY data after its end');
    const chunk = Buffer.from(text);
    if (this.connection === null) this.waiting.push(chunk);
    else this.connection.sendCopyFromChunk(chunk);
  }

  end(): void {
    assert(!this.ended, 'a COPY ends once');
    this.ended = true;
    if (this.connection !== null) this.finish(this.connection);
  }

  private finish(c: CopyConnection): void {
    c.endCopyFrom();
    this.onSent();
  }

  handleCopyInResponse(): void {
    // The data went out with the statement.
  }

  handleCommandComplete(): void {
    // The row count is not needed: a COPY either stores every row or fails, and so does the
    // statement that may follow it.
  }

  handleError(error: Error): void {
    this.onSent();
    this.onDone(error);
  }

  handleReadyForQuery(): void {
    this.onSent();
    this.onDone(null);
  }

  /** The driver replaces this to clear its query timeout; it must exist. */
  callback(): void {
    // nothing to do
  }
}

/**
 * Starts a COPY … FROM STDIN. `then`, a statement without parameters, runs after the COPY in the
 * same simple query, so it costs no round trip of its own; if the COPY fails, the server skips it.
 */
export function copyIn(
  client: pg.PoolClient,
  sql: string,
  then?: string,
): CopyWriter & { readonly done: Promise<void> } {
  let sent!: () => void;
  let settle!: (error: Error | null) => void;
  const sentPromise = new Promise<void>((resolve) => {
    sent = resolve;
  });
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => {
      if (error === null) resolve();
      else reject(error);
    };
  });
  const copy = new CopyIn(then === undefined ? sql : `${sql};\n${then}`, sent, settle);
  void client.query(copy);
  return {
    write: (text) => {
      copy.write(text);
    },
    end: () => {
      copy.end();
      return { sent: sentPromise, done };
    },
    done,
  };
}
