import type pg from 'pg';

/**
 * `COPY (…) TO STDOUT (FORMAT binary)`, cut into runs of whole rows as it arrives. The server sends
 * rows as fast as the client reads them, with no round trip per page; binary rows need no escaping
 * and carry each entry's bytes as stored, which is what the leaf hash is taken over.
 *
 * `onRun` gets each run's rows (tuples, without the file header or trailer) and the first and last
 * value of the first column (an int8: the seq). If it returns a promise, reading pauses until it
 * settles, so a slow consumer bounds the memory in use.
 */
export type OnRun = (
  bytes: Uint8Array,
  rows: number,
  firstSeq: number,
  lastSeq: number,
) => Promise<void> | undefined;

const SIGNATURE = 11;

class CopyOut implements pg.Submittable {
  readonly text: string;
  private buf = Buffer.allocUnsafe(1 << 22);
  private len = 0;
  /** Where the next row starts; rows before it are complete. */
  private parsed = 0;
  private rows = 0;
  private firstSeq = 0;
  private lastSeq = 0;
  private header = true;
  private ended = false;
  private stream: { pause(): void; resume(): void } | null = null;
  private waits: Promise<void>[] = [];

  private readonly perRun: number;
  private readonly onRun: OnRun;
  private readonly settle: (error: Error | null, waits: Promise<void>[]) => void;

  constructor(
    text: string,
    perRun: number,
    onRun: OnRun,
    settle: (error: Error | null, waits: Promise<void>[]) => void,
  ) {
    this.text = text;
    this.perRun = perRun;
    this.onRun = onRun;
    this.settle = settle;
  }

  submit(connection: pg.Connection): void {
    const c = connection as unknown as {
      query(text: string): void;
      stream: { pause(): void; resume(): void };
    };
    this.stream = c.stream;
    c.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    // The driver's chunk may share memory it reuses: copy it now.
    const chunk = msg.chunk;
    if (this.len + chunk.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
    this.scan();
  }

  /** Advances over every complete row, handing out a run each time one fills. */
  private scan(): void {
    if (this.header) {
      if (this.len < SIGNATURE + 8) return;
      const ext = this.buf.readInt32BE(SIGNATURE + 4);
      const skip = SIGNATURE + 8 + ext;
      if (this.len < skip) return;
      this.buf.copy(this.buf, 0, skip, this.len);
      this.len -= skip;
      this.header = false;
    }
    for (;;) {
      if (this.ended || this.parsed + 2 > this.len) return;
      const fields = this.buf.readInt16BE(this.parsed);
      if (fields === -1) {
        this.ended = true;
        this.len = this.parsed;
        return;
      }
      let p = this.parsed + 2;
      for (let f = 0; f < fields; f++) {
        if (p + 4 > this.len) return;
        const l = this.buf.readInt32BE(p);
        p += 4 + Math.max(0, l);
        if (p > this.len) return;
      }
      // The first column is an int8: 4 bytes of length, then its 8 bytes.
      const seq =
        this.buf.readInt32BE(this.parsed + 6) * 4_294_967_296 +
        this.buf.readUInt32BE(this.parsed + 10);
      if (this.rows === 0) this.firstSeq = seq;
      this.lastSeq = seq;
      this.rows++;
      this.parsed = p;
      if (this.rows === this.perRun) this.flush();
    }
  }

  private flush(): void {
    if (this.rows === 0) return;
    const run = new Uint8Array(this.parsed);
    run.set(this.buf.subarray(0, this.parsed));
    this.buf.copy(this.buf, 0, this.parsed, this.len);
    this.len -= this.parsed;
    const rows = this.rows;
    this.parsed = 0;
    this.rows = 0;
    const wait = this.onRun(run, rows, this.firstSeq, this.lastSeq);
    if (wait !== undefined) {
      this.waits.push(wait);
      const stream = this.stream;
      stream?.pause();
      void wait.finally(() => stream?.resume()).catch(() => undefined);
    }
  }

  handleCommandComplete(): void {
    this.flush();
  }

  handleError(error: Error): void {
    this.settle(error, this.waits);
  }

  handleReadyForQuery(): void {
    this.settle(null, this.waits);
  }

  /** The driver replaces this to clear its query timeout; it must exist. */
  callback(): void {
    // nothing to do
  }
}

/** Streams `COPY (select) TO STDOUT (FORMAT binary)` into `onRun`; resolves after the last run's wait. */
export function copyOutRuns(
  client: pg.ClientBase,
  select: string,
  perRun: number,
  onRun: OnRun,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const copy = new CopyOut(
      `COPY (${select}) TO STDOUT (FORMAT binary)`,
      perRun,
      onRun,
      (error, waits) => {
        if (error !== null) reject(error);
        else
          Promise.all(waits).then(() => {
            resolve();
          }, reject);
      },
    );
    void client.query(copy);
  });
}
