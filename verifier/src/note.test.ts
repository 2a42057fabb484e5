import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  checkpointText,
  cosignatureV1Message,
  formatNote,
  formatVerifierKey,
  noteVerifier,
  parseCheckpointText,
  parseNote,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  signatureLine,
  toBase64,
  verifyCheckpointNote,
  verifyNoteSignature,
} from './note.ts';
import { utf8 } from './hex.ts';

// The examples below are c2sp.org/signed-note, tlog-checkpoint and tlog-cosignature's own.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n' +
  '\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
const SPEC_COSIGNED_CHECKPOINT =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

describe('signed notes (c2sp.org/signed-note)', () => {
  it("verifies the specification's example note with its example verifier key", () => {
    const v = parseVerifierKey(SPEC_VKEY);
    expect(v).not.toBeNull();
    if (v === null) return;
    expect(v.keyId).toBe(0x530d903a);
    expect(formatVerifierKey(v)).toBe(SPEC_VKEY);
    const note = parseNote(SPEC_NOTE);
    expect(note?.text).toBe('This is an example message.\n');
    expect(note === null ? null : verifyNoteSignature(note, v)).toEqual({
      verified: true,
      timestamp: null,
    });
  });

  it('refuses the example once its text or signature changes', () => {
    const v = parseVerifierKey(SPEC_VKEY);
    if (v === null) throw new Error('vkey');
    const edited = parseNote(SPEC_NOTE.replace('example message', 'example massage'));
    expect(edited === null ? null : verifyNoteSignature(edited, v)).toEqual({ verified: false });
    const otherName = parseVerifierKey(SPEC_VKEY.replace('example.com/foo', 'example.com/bar'));
    expect(otherName).toBeNull(); // the key id no longer matches the name
  });

  it('ignores signatures from unknown keys and refuses malformed notes', () => {
    const note = parseNote(SPEC_NOTE);
    if (note === null) throw new Error('note');
    const stranger = noteVerifier('example.com/foo', new Uint8Array(32).fill(7));
    expect(verifyNoteSignature(note, stranger)).toBeNull();
    expect(parseNote('no blank line\n\u2014 a AAAAAAA=\n')).toBeNull();
    expect(parseNote(SPEC_NOTE.replace('\n\n', '\n\t\n'))).toBeNull();
    expect(parseNote(SPEC_NOTE.slice(0, -1))).toBeNull();
    expect(parseVerifierKey('a+b')).toBeNull();
    // base64 may itself hold a plus; the key still round-trips.
    const plus = noteVerifier('localhost:3000/log', new Uint8Array(32).fill(0xfb));
    expect(formatVerifierKey(plus)).toContain('+/v7+');
    expect(parseVerifierKey(formatVerifierKey(plus))).toEqual(plus);
  });
});

describe('checkpoints and cosignatures (c2sp.org/tlog-checkpoint, tlog-cosignature)', () => {
  it("parses the specifications' example checkpoint and its witness cosignature", () => {
    const note = parseNote(SPEC_COSIGNED_CHECKPOINT);
    if (note === null) throw new Error('note');
    const cp = parseCheckpointText(note.text);
    expect(cp?.origin).toBe('example.com/behind-the-sofa');
    expect(cp?.size).toBe(20852163);
    expect(cp === null ? '' : toBase64(cp.root)).toBe(
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
    );
    const [log, witness] = note.signatures;
    expect(log?.signature.length).toBe(64);
    expect(witness?.name).toBe('witness.example.com/w1');
    // timestamped_signature: u64 timestamp then 64 bytes; the spec's example time is 1679315147.
    expect(witness?.signature.length).toBe(72);
    const ts =
      witness === undefined
        ? 0n
        : new DataView(witness.signature.buffer, witness.signature.byteOffset).getBigUint64(0);
    expect(ts).toBe(1679315147n);
    expect(new TextDecoder().decode(cosignatureV1Message(note.text, ts))).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('verifies a checkpoint signed by the log and cosigned by a witness, and catches a bad cosignature', () => {
    const logSecret = ed25519.utils.randomSecretKey();
    const witnessSecret = ed25519.utils.randomSecretKey();
    const log = noteVerifier('example.com/log', ed25519.getPublicKey(logSecret));
    const witness = noteVerifier(
      'witness.example/w1',
      ed25519.getPublicKey(witnessSecret),
      SIG_COSIGNATURE_V1,
    );
    const text = checkpointText('example.com/log', 5, new Uint8Array(32).fill(1));
    const ts = 1700000000n;
    const stamp = new Uint8Array(8);
    new DataView(stamp.buffer).setBigUint64(0, ts);
    const cosig = new Uint8Array([
      ...stamp,
      ...ed25519.sign(cosignatureV1Message(text, ts), witnessSecret),
    ]);
    const note = formatNote(text, [
      signatureLine(log.name, log.keyId, ed25519.sign(utf8(text), logSecret)),
      signatureLine(witness.name, witness.keyId, cosig),
    ]);
    const verdict = verifyCheckpointNote(note, log, [witness]);
    expect(verdict?.problems).toEqual([]);
    expect(verdict?.cosigners).toEqual([{ name: 'witness.example/w1', timestamp: ts }]);
    // A cosignature over another time does not verify.
    cosig[7] = (cosig[7] ?? 0) ^ 1;
    const forged = formatNote(text, [
      signatureLine(log.name, log.keyId, ed25519.sign(utf8(text), logSecret)),
      signatureLine(witness.name, witness.keyId, cosig),
    ]);
    expect(verifyCheckpointNote(forged, log, [witness])?.problems).toEqual([
      'the cosignature of witness.example/w1 does not verify',
    ]);
    expect(verifyCheckpointNote(note, log, [], 'example.com/other')?.problems).toHaveLength(1);
  });
});
