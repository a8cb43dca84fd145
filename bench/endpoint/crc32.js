'use strict';
// CRC-32 (IEEE, as in zlib) for x-amz-checksum-crc32 and CRC-32C (Castagnoli) for
// x-amz-checksum-crc32c; Node 20's zlib exports neither.
function makeTable(polynomial) {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}
const kCrc32 = makeTable(0xedb88320);
const kCrc32c = makeTable(0x82f63b78);

function crcWith(table, buffer) {
  let crc = -1;
  for (let i = 0; i < buffer.length; i++) crc = table[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

function crc32(buffer) {
  return crcWith(kCrc32, buffer);
}

// Base64 of the big-endian CRC, as S3 sends and expects it.
function base64Of(crc) {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc);
  return out.toString('base64');
}

function crc32Base64(buffer) {
  return base64Of(crc32(buffer));
}

function crc32cBase64(buffer) {
  return base64Of(crcWith(kCrc32c, buffer));
}

module.exports = {
  crc32,
  crc32Base64,
  crc32cBase64
};
