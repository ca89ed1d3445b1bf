/**
 * Checks the framing of the LSP messages an editor sends over stdio (`Content-Length: N` headers, a blank
 * line, N bytes). vscode-jsonrpc stops reading for good at a bad header (missing, non-numeric or negative
 * length, bytes left over from a wrong length) and waits forever for a huge one, while the process stays
 * alive and silent, so the editor never restarts it. This sees the same bytes and names the first framing
 * error, so the server can say so and exit for the editor's restart to take over.
 */

/** Larger than any message worth reading: a 2 MB document is about 5 MB of JSON; Node cannot decode 512 MB into one string. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** A header block this long without its blank line is not a header. */
export const MAX_HEADER_BYTES = 16 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const DECIMAL = /^[0-9]+$/;

export class FramingChecker {
  /** Bytes of the body still to come; -1 while reading a header block. */
  private bodyBytesLeft = -1;
  private header = Buffer.alloc(0);

  /** Takes the next bytes from the stream; returns the framing error they contain, if any. */
  push(chunk: Buffer): string | undefined {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.bodyBytesLeft >= 0) {
        const taken = Math.min(this.bodyBytesLeft, rest.length);
        this.bodyBytesLeft -= taken;
        rest = rest.subarray(taken);
        if (this.bodyBytesLeft === 0) this.bodyBytesLeft = -1;
        continue;
      }
      this.header = Buffer.concat([this.header, rest]);
      rest = Buffer.alloc(0);
      const end = this.header.indexOf(HEADER_END);
      if (end < 0) {
        if (this.header.length > MAX_HEADER_BYTES) return `no end of the message header in ${MAX_HEADER_BYTES} bytes`;
        break;
      }
      const parsed = contentLengthOf(this.header.subarray(0, end).toString('latin1'));
      if (typeof parsed === 'string') return parsed;
      rest = this.header.subarray(end + HEADER_END.length);
      this.header = Buffer.alloc(0);
      this.bodyBytesLeft = parsed === 0 ? -1 : parsed;
    }
    return undefined;
  }
}

/** The header block's Content-Length, or what is wrong with the block. */
function contentLengthOf(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) return `not a message header: ${JSON.stringify(line.slice(0, 80))}`;
    if (name.toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!DECIMAL.test(value)) return `Content-Length is not a byte count: ${JSON.stringify(value.slice(0, 40))}`;
    length = Number(value);
    if (length > MAX_MESSAGE_BYTES) return `Content-Length ${value} is larger than ${MAX_MESSAGE_BYTES} bytes`;
  }
  return length ?? 'a message header without Content-Length';
}
