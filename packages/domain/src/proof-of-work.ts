/**
 * The rule of the anonymous reports' proof of work (ADR 0014), shared by the server that checks an
 * answer and the page that finds it: sha256(nonce + counter) must start with `bits` zero bits.
 * Each side hashes with what it has (Node's crypto, Web Crypto or a small SHA-256); this counts.
 */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}
