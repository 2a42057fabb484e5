import { hash } from 'node:crypto';

/** SHA-256 through node:crypto's one-shot `hash`, the fastest path measured on this stack. */
export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
