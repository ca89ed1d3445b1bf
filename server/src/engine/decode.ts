/**
 * Bytes to text the way editors do it: a BOM decides (UTF-8, UTF-16 LE/BE; INF files are often
 * UTF-16), else the NUL pattern of UTF-16 without a BOM, otherwise UTF-8. Invalid UTF-8 becomes U+FFFD
 * instead of an error, so one odd byte in a comment does not stop a run. The BOM is dropped so columns
 * match what an editor shows.
 */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Some bytes were not valid in the encoding and were replaced by U+FFFD. */
  hadInvalidBytes: boolean;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeWith('utf-8', bytes.subarray(3), 'utf-8-bom');
  if (startsWith(bytes, [0xff, 0xfe])) return decodeWith('utf-16le', bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeWith('utf-16be', bytes.subarray(2), 'utf-16be');
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return decodeWith(utf16, bytes, utf16);
  return decodeWith('utf-8', bytes, 'utf-8');
}

/** How much of the file's start decides whether it is UTF-16 without a BOM (VS Code reads as much). */
const UTF16_SNIFF_BYTES = 512;

/**
 * UTF-16 without a BOM, found as editors find it (VS Code's guess from the first 512 bytes): ASCII text in
 * UTF-16 LE has a NUL at every odd position and none at an even one (BE the other way round). Anything
 * else with NUL bytes is left to the engine's binary check.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(bytes.length, UTF16_SNIFF_BYTES);
  if (length < 2) return undefined;
  let couldBeLittleEndian = true;
  let couldBeBigEndian = true;
  for (let i = 0; i < length && (couldBeLittleEndian || couldBeBigEndian); i++) {
    const zero = bytes[i] === 0;
    const oddPosition = i % 2 === 1;
    if (zero !== oddPosition) couldBeLittleEndian = false; // LE ASCII: 'A' 00
    if (zero === oddPosition) couldBeBigEndian = false; // BE ASCII: 00 'A'
  }
  return couldBeLittleEndian ? 'utf-16le' : couldBeBigEndian ? 'utf-16be' : undefined;
}

function decodeWith(label: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, encoding: TextEncoding): DecodedText {
  try {
    return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes), encoding, hadInvalidBytes: false };
  } catch {
    return { text: new TextDecoder(label, { fatal: false, ignoreBOM: true }).decode(bytes), encoding, hadInvalidBytes: true };
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}
