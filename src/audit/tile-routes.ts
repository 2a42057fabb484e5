import type { FastifyReply } from 'fastify';
import type { KaznaApp } from '../http/kazna-app.ts';
import { sendProblem } from '../http/problem.ts';
import { parseTilePath, tilePath, WIDE_BUNDLES, type TileRef } from '../../verifier/src/tiles.ts';
import type { LogTiles } from './tiles.ts';

/**
 * The log as C2SP tlog-tiles under `/log/`: the checkpoint note (mutable, so barely cached) and the
 * tiles (immutable: a tile's path fixes its bytes, so caches keep them for a year). Hash tiles and
 * the checkpoint are public like the proof API: hashes and signatures reveal nothing. Entry bundles
 * hold the entries themselves, which need `audit.read` like `/api/v1/audit/entries`; an operator who
 * publishes them exports the tiles (`kazna audit tiles export`) to a static server.
 */
export const LOG_PREFIX = '/log';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function sendTile(reply: FastifyReply, bytes: Uint8Array): FastifyReply {
  return reply
    .header('cache-control', IMMUTABLE)
    .type('application/octet-stream')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function notFound(reply: FastifyReply, path: string): FastifyReply {
  return sendProblem(reply, 404, 'tile_not_found', `the published log has no ${path}`);
}

function parsed(reply: FastifyReply, path: string): TileRef | null {
  const t = parseTilePath(path);
  if (t === null)
    void sendProblem(reply, 400, 'tile_path_invalid', `${path} is not a tlog-tiles path`);
  return t;
}

export function logTileRoutes(app: KaznaApp, tiles: LogTiles): void {
  const schema = { hide: true };
  app.get(
    `${LOG_PREFIX}/checkpoint`,
    { config: { access: 'public' }, schema },
    async (_r, reply) => {
      const cp = await tiles.checkpoint();
      if (cp === null)
        return sendProblem(
          reply,
          404,
          'checkpoint_not_found',
          'no checkpoint signed by the current key yet',
        );
      return reply
        .header('cache-control', 'public, max-age=2')
        .type('text/plain; charset=utf-8')
        .send(cp.note);
    },
  );
  app.get(
    `${LOG_PREFIX}/tile/*`,
    { config: { access: 'public' }, schema },
    async (request, reply) => {
      const path = `tile/${(request.params as { '*': string })['*']}`;
      const t = parsed(reply, path);
      if (t === null) return reply;
      const bytes = await tiles.hashTile(t);
      return bytes === null ? notFound(reply, path) : sendTile(reply, bytes);
    },
  );
  const bundleRoute =
    (wide: boolean) => async (request: { params: unknown }, reply: FastifyReply) => {
      const rest = (request.params as { '*': string })['*'];
      const path = wide ? `${WIDE_BUNDLES}/${rest}` : `tile/entries/${rest}`;
      const t = parsed(reply, path);
      if (t === null) return reply;
      const bytes = await tiles.bundle(t, wide);
      if (bytes === 'too_long')
        return sendProblem(
          reply,
          404,
          'entry_too_long_for_bundle',
          `an entry of this bundle exceeds 65,535 bytes; read ${LOG_PREFIX}/${tilePath(t, true)}`,
        );
      return bytes === null ? notFound(reply, path) : sendTile(reply, bytes);
    };
  app.get(
    `${LOG_PREFIX}/tile/entries/*`,
    { config: { access: 'audit.read' }, schema },
    bundleRoute(false),
  );
  app.get(
    `${LOG_PREFIX}/${WIDE_BUNDLES}/*`,
    { config: { access: 'audit.read' }, schema },
    bundleRoute(true),
  );
}
