import { systemClock } from '../../src/core/clock.ts';
import { randomInt, randomUUID } from 'node:crypto';
import type { Json } from '../../src/core/canonical.ts';
import type { Kazna } from '../../src/kazna.ts';
import type { Approver } from '../support/governance.ts';

/**
 * Clients that stream writes at Kazna and keep their own record of what Kazna acknowledged: the
 * failover test compares that record with the database afterwards. A client spreads its requests
 * over several Kazna instances (the load balancer's job) and, like a careful client, sends a
 * transfer again with the same id until it gets an answer; an approval step whose outcome it did
 * not learn is read back before it is tried again.
 */
export interface Tally {
  readonly transfers: Map<string, { amount: bigint; ackAt: number }>;
  readonly requests: Map<string, number>;
  readonly votes: Map<string, number>;
  readonly executions: Map<string, number>;
  /** Every acknowledged write's time, for the gaps around each kill. */
  readonly acks: number[];
  /** Answers other than success or 503, by status and code (should stay empty). */
  readonly unexpected: string[];
}

export function newRecord(): Tally {
  return {
    transfers: new Map(),
    requests: new Map(),
    votes: new Map(),
    executions: new Map(),
    acks: [],
    unexpected: [],
  };
}

interface Res {
  readonly statusCode: number;
  readonly body: string;
  json: () => unknown;
}

type Call = (method: 'GET' | 'POST', url: string, headers: object, payload?: Json) => Promise<Res>;

/** Round-robin over the instances, as a load balancer would. */
export function balancer(instances: readonly Kazna[]): Call {
  let n = 0;
  return async (method, url, headers, payload) => {
    const k = instances[n++ % instances.length];
    if (k === undefined) throw new Error('no instance');
    return k.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: headers as Record<string, string>,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  };
}

const RETRY_MS = 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function transferClient(
  call: Call,
  headers: object,
  accounts: { from: string; to: string },
  rec: Tally,
  running: () => boolean,
): Promise<void> {
  while (running()) {
    const id = randomUUID();
    const units = BigInt(randomInt(1, 1000));
    const body = {
      id,
      debitAccountId: accounts.from,
      creditAccountId: accounts.to,
      asset: 'BTC',
      amount: `0.${units.toString().padStart(8, '0')}`,
      code: 'ha.stream',
      reason: `ha ${id}`,
    };
    // The same id until an answer comes: a transfer sent twice is recorded once.
    for (;;) {
      const r = await call('POST', '/ledger/transfers', headers, body);
      if (r.statusCode === 201 || r.statusCode === 200) {
        const now = systemClock.now().getTime();
        rec.transfers.set(id, { amount: units, ackAt: now });
        rec.acks.push(now);
        break;
      }
      if (r.statusCode !== 503) {
        odd(rec, `transfer ${String(r.statusCode)} ${r.body}`);
        break;
      }
      await sleep(RETRY_MS);
    }
  }
}

interface View {
  readonly id: string;
  readonly requestHash: string;
  readonly status: string;
}

/** One approval after another: requested by one official, signed by another, executed. */
export async function approvalClient(
  call: Call,
  requester: Approver,
  signer: Approver,
  executor: object,
  rec: Tally,
  running: () => boolean,
): Promise<void> {
  while (running()) {
    const made = await call('POST', '/governance/approvals', requester.headers, {
      kind: 'ha.mark',
      content: { n: randomUUID() },
    });
    if (made.statusCode !== 201) {
      // A request whose commit was lost is not acknowledged; the client files a new one.
      if (made.statusCode !== 503) odd(rec, `request ${String(made.statusCode)}`);
      await sleep(RETRY_MS);
      continue;
    }
    const request = made.json() as View;
    ack(rec, rec.requests, request.id);
    await signAndExecute(call, request, { requester, signer, executor }, rec);
  }
}

async function signAndExecute(
  call: Call,
  request: View,
  who: { requester: Approver; signer: Approver; executor: object },
  rec: Tally,
): Promise<void> {
  const { requester, signer, executor } = who;
  const signatureHex = signer.sign(request.requestHash, 'approve');
  for (let status = request.status; status !== 'executed';) {
    if (status === 'pending') {
      const r = await call('POST', `/governance/approvals/${request.id}/votes`, signer.headers, {
        decision: 'approve',
        signatureHex,
      });
      if (r.statusCode === 201) ack(rec, rec.votes, request.id);
      else if (r.statusCode !== 503) {
        odd(rec, `vote ${String(r.statusCode)} ${r.body}`);
        return;
      }
    } else if (status === 'approved') {
      const r = await call('POST', `/governance/approvals/${request.id}/execute`, executor);
      if (r.statusCode === 200) ack(rec, rec.executions, request.id);
      else if (r.statusCode !== 503) {
        odd(rec, `exec ${String(r.statusCode)} ${r.body}`);
        return;
      }
    } else {
      odd(rec, `request ${request.id} is ${status}`);
      return;
    }
    // Read the request back: after a lost commit, only the database knows what happened.
    status = await statusOf(call, requester, request.id);
  }
}

async function statusOf(call: Call, who: Approver, id: string): Promise<string> {
  for (;;) {
    const r = await call('GET', `/governance/approvals/${id}`, who.headers);
    if (r.statusCode === 200) return (r.json() as { status: string }).status;
    await sleep(RETRY_MS);
  }
}

/** An answer no client expects; kept for the report and shown at once. */
function odd(rec: Tally, text: string): void {
  rec.unexpected.push(text);
  if (rec.unexpected.length <= 5) process.stderr.write(`unexpected answer: ${text}\n`);
}

function ack(rec: Tally, into: Map<string, number>, id: string): void {
  const now = systemClock.now().getTime();
  into.set(id, now);
  rec.acks.push(now);
}
