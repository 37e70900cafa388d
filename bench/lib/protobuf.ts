// Protobuf wire format by hand, for the remote_write benches' request templates: a varint, and a
// length-delimited field (bytes or a UTF-8 string) under a tag byte.
export function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return out;
}
export const field = (tag: number, bytes: number[]): number[] => [tag, ...varint(bytes.length), ...bytes];
export const text = (tag: number, s: string): number[] => field(tag, [...Buffer.from(s)]);
