/** Types of the two small pure-JS packages ntlm.ts uses (neither ships its own). */
declare module 'js-md4' {
  const md4: { arrayBuffer(data: ArrayBuffer | Uint8Array | string): ArrayBuffer };
  export default md4;
}

declare module 'rc4' {
  /** RC4 with a 256-byte state, keyed by an array of byte values; randomByte() gives the key stream. */
  class RC4 {
    constructor(key: number[]);
    randomByte(): number;
  }
  export default RC4;
}
