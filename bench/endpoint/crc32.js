'use strict';
// CRC-32 (IEEE, as in zlib) for x-amz-checksum-crc32; Node 20's zlib does not export it.
const kTable = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  kTable[n] = c;
}

function crc32(buffer) {
  let crc = -1;
  for (let i = 0; i < buffer.length; i++) crc = kTable[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

// Base64 of the big-endian CRC, as S3 sends and expects it.
function crc32Base64(buffer) {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(buffer));
  return out.toString('base64');
}

module.exports = {
  crc32,
  crc32Base64
};
