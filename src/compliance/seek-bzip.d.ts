// The package ships no types; this is the part of its API that Kazna's streaming wrapper uses
// (src/compliance/bzip2.ts). The underscored methods are the decoder's block loop, pinned by version.
declare module 'seek-bzip' {
  namespace Bunzip {
    interface InputStream {
      readByte(): number;
      read(target: Uint8Array, offset: number, length: number): number;
      eof(): boolean;
      seek(pos: number): void;
    }
    interface OutputStream {
      writeByte(byte: number): void;
    }
  }
  class Bunzip {
    constructor(input: Bunzip.InputStream, output: Bunzip.OutputStream);
    readonly reader: { read(bits: number): number };
    readonly streamCRC: number;
    _init_block(): boolean;
    _read_bunzip(): number;
  }
  export default Bunzip;
}
