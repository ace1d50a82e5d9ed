'use strict';
// A small binary envelope for Next.js cache values: a JSON header in which every Buffer is replaced
// by a reference to a raw byte section, and every Map by a tagged list of entries. No base64, no
// JSON-of-bytes: a 3 MB rscData costs 3 MB. Layout: [u32 header length][header JSON][u32 len][bytes]...

const MAGIC = 0x4e434b31; // "NCK1": lets a future layout sit beside this one

function encode(value) {
  const sections = [];
  const header = Buffer.from(JSON.stringify(toPlain(value, sections)), 'utf8');
  let size = 8 + header.length;
  for (const section of sections) size += 4 + section.length;
  const out = Buffer.allocUnsafe(size);
  out.writeUInt32BE(MAGIC, 0);
  out.writeUInt32BE(header.length, 4);
  header.copy(out, 8);
  let offset = 8 + header.length;
  for (const section of sections) {
    out.writeUInt32BE(section.length, offset);
    section.copy(out, offset + 4);
    offset += 4 + section.length;
  }
  return out;
}

function decode(buffer) {
  if (buffer.length < 8 || buffer.readUInt32BE(0) !== MAGIC) throw new Error('not a NextCacheKv cache value');
  const headerLength = buffer.readUInt32BE(4);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength));
  const sections = [];
  let offset = 8 + headerLength;
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    // subarray shares memory with the reply: no copy of large bodies.
    sections.push(buffer.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return fromPlain(header, sections);
}

function toPlain(value, sections) {
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    sections.push(Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    return { $b: sections.length - 1 };
  }
  if (value instanceof Map) return { $m: [...value].map(([k, v]) => [toPlain(k, sections), toPlain(v, sections)]) };
  if (Array.isArray(value)) return value.map((item) => toPlain(item, sections));
  const plain = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) plain[k] = toPlain(v, sections);
  // An object that happens to use our marker keys is wrapped so it cannot be mistaken for one.
  return '$b' in plain || '$m' in plain || '$o' in plain ? { $o: plain } : plain;
}

function fromPlain(value, sections) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => fromPlain(item, sections));
  if ('$b' in value) return sections[value.$b];
  if ('$m' in value) return new Map(value.$m.map(([k, v]) => [fromPlain(k, sections), fromPlain(v, sections)]));
  const source = '$o' in value ? value.$o : value;
  const out = {};
  for (const [k, v] of Object.entries(source)) out[k] = fromPlain(v, sections);
  return out;
}

module.exports = { encode, decode };
