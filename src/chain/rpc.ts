/**
 * A minimal JSON-RPC 1.0/2.0 client over fetch, shared by the Bitcoin Core and EVM adapters. A node
 * that cannot be reached, or answers with a transport error, throws (an infrastructure failure); an
 * RPC error object comes back as `RpcError` so adapters can turn known codes into results.
 */
export interface RpcEndpoint {
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Milliseconds before a call is abandoned. */
  readonly timeoutMs?: number;
}

export class RpcError extends Error {
  override name = 'RpcError';
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

let nextId = 1;

export async function jsonRpc(
  endpoint: RpcEndpoint,
  method: string,
  params: readonly unknown[],
  exactKeys?: ReadonlySet<string>,
): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (endpoint.username !== undefined) {
    const basic = Buffer.from(`${endpoint.username}:${endpoint.password ?? ''}`).toString('base64');
    headers['authorization'] = `Basic ${basic}`;
  }
  const id = nextId++;
  const res = await fetch(endpoint.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
    signal: AbortSignal.timeout(endpoint.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let body: { result?: unknown; error?: { code?: number; message?: string } | null };
  try {
    body = JSON.parse(
      text,
      exactKeys === undefined ? undefined : exactReviver(exactKeys),
    ) as typeof body;
  } catch {
    throw new Error(`${method}: HTTP ${res.status} with a body that is not JSON`);
  }
  if (body.error !== undefined && body.error !== null) {
    throw new RpcError(body.error.code ?? 0, body.error.message ?? 'rpc error');
  }
  return body.result ?? null;
}

type Reviver = (
  this: unknown,
  key: string,
  value: unknown,
  context?: { source?: string },
) => unknown;

/**
 * Keeps the source text of the numbers under `keys` (Bitcoin Core prints amounts as JSON numbers such
 * as 0.10000000): reading them as doubles would round, so they stay decimal strings.
 */
function exactReviver(keys: ReadonlySet<string>): (key: string, value: unknown) => unknown {
  const reviver: Reviver = (key, value, context) =>
    keys.has(key) && typeof value === 'number' && context?.source !== undefined
      ? context.source
      : value;
  return reviver;
}
