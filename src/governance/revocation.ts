import { appendAudit } from '../audit/append.ts';
import type { Actor } from '../core/identity.ts';
import { err, ok, type Result } from '../core/result.ts';
import * as creds from './credential-store.ts';
import type { IdentityDeps } from './identity.ts';
import { can } from './matrix.ts';

/**
 * Listing and revoking a person's machine credentials: API tokens and Ed25519 signing keys. The
 * owner may revoke their own; whoever manages users (the administrator) may revoke anyone's. A
 * revoked token is refused at its next request (the guard reads the row every time); a revoked key
 * no longer verifies new votes or hand-offs, while the signatures it made stay verifiable from the
 * audit log, which carries the public key with each of them.
 */
export type RevocationError =
  | 'permission_denied'
  | 'token_not_found'
  | 'token_already_revoked'
  | 'signing_key_not_found'
  | 'signing_key_already_revoked';

/** The owner, or whoever manages users. */
export function mayManageCredentialsOf(actor: Actor, userId: string): boolean {
  return actor.id === userId || can(actor, 'governance.users.manage');
}

export function revocation({ db, clock }: IdentityDeps) {
  async function credentialsOf(
    actor: Actor,
    userId: string,
  ): Promise<
    Result<{ tokens: creds.TokenListRow[]; keys: creds.KeyListRow[] }, 'permission_denied'>
  > {
    if (!mayManageCredentialsOf(actor, userId)) {
      return err('permission_denied', 'only the owner or an administrator sees these credentials');
    }
    return ok({ tokens: await creds.tokensOf(db, userId), keys: await creds.keysOf(db, userId) });
  }

  async function revokeToken(
    actor: Actor,
    tokenId: string,
  ): Promise<Result<{ id: string; revokedAt: Date }, RevocationError>> {
    return db.command(async (tx) => {
      const t = await creds.tokenById(tx, tokenId);
      if (t === null) return err('token_not_found', 'no such API token');
      if (!mayManageCredentialsOf(actor, t.userId)) {
        return err('permission_denied', 'only the owner or an administrator revokes a token');
      }
      if (t.revokedAt !== null) {
        return err('token_already_revoked', 'the token is already revoked', {
          revokedAt: t.revokedAt.toISOString(),
        });
      }
      const at = clock.now();
      await creds.revokeToken(tx, t.id, at);
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.token.revoked',
        subjects: [t.id, t.userId],
        payload: { id: t.id, userId: t.userId, label: t.label, revokedAt: at.toISOString() },
      });
      return ok({ id: t.id, revokedAt: at });
    });
  }

  async function revokeKey(
    actor: Actor,
    keyId: string,
  ): Promise<Result<{ id: string; revokedAt: Date }, RevocationError>> {
    return db.command(async (tx) => {
      const k = await creds.keyById(tx, keyId);
      if (k === null) return err('signing_key_not_found', 'no such signing key');
      if (!mayManageCredentialsOf(actor, k.userId)) {
        return err('permission_denied', 'only the owner or an administrator revokes a key');
      }
      if (k.revokedAt !== null) {
        return err('signing_key_already_revoked', 'the key is already revoked', {
          revokedAt: k.revokedAt.toISOString(),
        });
      }
      const at = clock.now();
      await creds.revokeKey(tx, k.id, at);
      await appendAudit(tx, clock, {
        actor,
        action: 'governance.key.revoked',
        subjects: [k.id, k.userId],
        payload: {
          id: k.id,
          userId: k.userId,
          publicKeyHex: k.publicKeyHex,
          revokedAt: at.toISOString(),
        },
      });
      return ok({ id: k.id, revokedAt: at });
    });
  }

  return { credentialsOf, revokeToken, revokeKey };
}
