import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize as verifierCanonicalize } from '../../verifier/src/canonical.ts';
import { keyIdOf, verifyEd25519, verifySignedJson } from '../../verifier/src/signature.ts';
import { leafHash as vLeaf, nodeHash as vNode } from '../../verifier/src/merkle.ts';
import { canonicalize } from '../core/canonical.ts';
import { leafHash, nodeHash } from './entry.ts';
import { generateKey } from './keys.ts';

/** The standalone verifier re-implements what the server hashes and signs; they must agree exactly. */
describe('the verifier agrees with the server', () => {
  it('on canonical JSON, byte for byte', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(verifierCanonicalize(v)).toBe(canonicalize(v));
      }),
      { numRuns: 500, seed: 8785 },
    );
  });

  it('on leaf and node hashes (node:crypto against @noble/hashes)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (d, h) => {
          expect(vLeaf(d)).toEqual(leafHash(d));
          expect(vNode(h, d.length >= 32 ? d.slice(0, 32) : h)).toEqual(
            nodeHash(h, d.length >= 32 ? d.slice(0, 32) : h),
          );
        },
      ),
      { numRuns: 300, seed: 9162 },
    );
  });

  it('on Ed25519: node:crypto signatures verify, tampered ones do not, junk is false not a throw', () => {
    const key = generateKey().key;
    const doc = { kind: 'governance.approval', v: 1, request: 'r-1', decision: 'approve' };
    const sig = Buffer.from(key.sign(new TextEncoder().encode(canonicalize(doc)))).toString('hex');
    expect(verifySignedJson(key.publicKeyHex, doc, sig)).toBe(true);
    expect(verifySignedJson(key.publicKeyHex, { ...doc, decision: 'reject' }, sig)).toBe(false);
    const flipped = (sig.startsWith('0') ? '1' : '0') + sig.slice(1);
    expect(
      verifyEd25519(key.publicKeyHex, new TextEncoder().encode(canonicalize(doc)), flipped),
    ).toBe(false);
    expect(verifyEd25519('zz', new Uint8Array(), sig)).toBe(false);
    expect(verifyEd25519(key.publicKeyHex, new Uint8Array(), 'ab')).toBe(false);
    expect(keyIdOf(key.publicKeyHex)).toBe(key.keyId);
  });
});
