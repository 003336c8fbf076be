import { isAscii } from 'node:buffer';

/**
 * MOF files come as UTF-8 (with or without BOM) or UTF-16 (LE or BE, with a BOM; WMI's
 * tools also write UTF-16LE without one). Decoding never fails: invalid UTF-8 becomes
 * U+FFFD and is then reported by the lexer if it is outside a string.
 */
export function decodeMofBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.toString('utf8', 3);
  // UTF-16 without a BOM: ASCII text with every second byte zero.
  if (buf.length >= 4 && buf[0] !== 0 && buf[1] === 0 && buf[2] !== 0 && buf[3] === 0) return buf.toString('utf16le');
  if (buf.length >= 4 && buf[0] === 0 && buf[1] !== 0 && buf[2] === 0 && buf[3] !== 0) {
    const swapped = Buffer.from(buf.subarray(0, buf.length & ~1));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return buf.toString('utf8');
}

/**
 * Whether `decodeMofBytes` would read these bytes as plain ASCII: no byte above 0x7f (so no
 * BOM and no UTF-8 sequence) and not the zero-byte pattern of UTF-16 without a BOM. Such
 * bytes decode to the same string as Latin-1, which can decode many files at once.
 */
export function decodesAsAscii(bytes: Uint8Array): boolean {
  if (bytes.length >= 4) {
    const [b0, b1, b2, b3] = bytes;
    if ((b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) || (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0)) return false;
  }
  return isAscii(bytes);
}
