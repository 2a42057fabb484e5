/**
 * A document's SHA-256 as lower-case hex, computed in the browser: only the hash and the file's
 * name are sent, the document itself stays with whoever holds it.
 */
export async function sha256OfFile(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface HashedFile {
  readonly name: string;
  readonly sha256: string;
}
