'use strict';
// Object operations: Put, Get, Head, Delete, Copy, and multi-object delete.
const crypto = require('crypto');
const xml = require('./xml');
const {crc32Base64, crc32cBase64} = require('./crc32');
const {percentDecode} = require('./sigv4');

class S3Error extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// Headers stored with an object and sent back by GET and HEAD.
const kKeptHeaders = [
  'content-type', 'cache-control', 'content-encoding', 'content-disposition', 'content-language',
  'expires', 'x-amz-storage-class', 'x-amz-server-side-encryption',
  'x-amz-website-redirect-location'
];

function keptHeaders(headers) {
  const kept = [];
  for (const [name, value] of Object.entries(headers)) {
    if (kKeptHeaders.includes(name) || name.startsWith('x-amz-meta-')) kept.push([name, value]);
  }
  if (!headers['content-type']) kept.push(['content-type', 'binary/octet-stream']);
  return kept;
}

function md5(data) {
  return crypto.createHash('md5').update(data).digest();
}

// The x-amz-checksum-* headers (or aws-chunked trailers) the endpoint checks against the body.
const kChecksums = [
  ['x-amz-checksum-crc32', 'CRC32', crc32Base64],
  ['x-amz-checksum-crc32c', 'CRC32C', crc32cBase64],
  ['x-amz-checksum-sha256', 'SHA256', (body) => crypto.createHash('sha256').update(body).digest('base64')],
];

// Content-MD5 and the x-amz-checksum-* above must match the body.
function checkDigests(ctx, digest) {
  const contentMd5 = ctx.headers['content-md5'];
  if (contentMd5 !== undefined) {
    const given = Buffer.from(contentMd5, 'base64');
    if (given.length !== 16)
      throw new S3Error(400, 'InvalidDigest', 'Content-MD5 is not a base64 MD5');
    if (!given.equals(digest)) {
      throw new S3Error(
          400, 'BadDigest', 'the Content-MD5 you specified did not match what we received');
    }
  }
  for (const [name, label, compute] of kChecksums) {
    const given = ctx.headers[name] || ctx.trailers[name];
    if (given !== undefined && given !== compute(ctx.body)) {
      throw new S3Error(
          400, 'BadDigest', `the ${label} you specified did not match the calculated checksum`);
    }
  }
}

function newObject(body, etag, headers, keepBody) {
  const now = new Date();
  return {
    body: keepBody ? body : null,
    size: body.length,
    etag,
    headers,
    lastModifiedIso: now.toISOString(),
    lastModifiedHttp: now.toUTCString()
  };
}

function putObject(ctx, bucket, server) {
  if (ctx.headers['x-amz-copy-source']) return copyObject(ctx, bucket, server);
  const digest = md5(ctx.body);
  checkDigests(ctx, digest);
  const etag = digest.toString('hex');
  bucket.put(ctx.key, newObject(ctx.body, etag, keptHeaders(ctx.headers), server.keepBodies));
  return {status: 200, headers: {ETag: `"${etag}"`}};
}

function objectHeaders(object) {
  const headers = {
    'ETag': `"${object.etag}"`,
    'Last-Modified': object.lastModifiedHttp,
    'Accept-Ranges': 'bytes'
  };
  for (const [name, value] of object.headers) headers[name] = value;
  return headers;
}

function findObject(bucket, key) {
  const object = bucket.objects.get(key);
  if (!object) throw new S3Error(404, 'NoSuchKey', 'the specified key does not exist');
  return object;
}

function headObject(ctx, bucket) {
  const object = findObject(bucket, ctx.key);
  return {status: 200, headers: objectHeaders(object), length: object.size};
}

function getObject(ctx, bucket) {
  const object = findObject(bucket, ctx.key);
  if (!object.body) {
    throw new S3Error(501, 'NotImplemented', 'the endpoint runs with --discard-bodies');
  }
  const headers = objectHeaders(object);
  const m = /^bytes=(\d*)-(\d*)$/.exec(ctx.headers['range'] || '');
  if (!m || (m[1] === '' && m[2] === '')) return {status: 200, headers, body: object.body};
  let first = m[1] === '' ? Math.max(0, object.size - +m[2]) : +m[1];
  let last = m[1] === '' || m[2] === '' ? object.size - 1 : Math.min(+m[2], object.size - 1);
  if (first >= object.size || first > last) {
    throw new S3Error(416, 'InvalidRange', 'the requested range is not satisfiable');
  }
  headers['Content-Range'] = `bytes ${first}-${last}/${object.size}`;
  return {status: 206, headers, body: object.body.subarray(first, last + 1)};
}

function deleteObject(ctx, bucket) {
  bucket.delete(ctx.key);
  return {status: 204};
}

function copyObject(ctx, bucket, server) {
  let source = ctx.headers['x-amz-copy-source'].split('?')[0];
  if (source.startsWith('/')) source = source.slice(1);
  const slash = source.indexOf('/');
  const from = server.buckets.get(percentDecode(source.slice(0, slash)));
  if (!from) throw new S3Error(404, 'NoSuchBucket', 'the copy source bucket does not exist');
  const object = findObject(from, percentDecode(source.slice(slash + 1)));
  const replace = (ctx.headers['x-amz-metadata-directive'] || 'COPY').toUpperCase() === 'REPLACE';
  const copy = Object.assign(
      {},
      newObject(
          object.body || Buffer.alloc(0), object.etag,
          replace ? keptHeaders(ctx.headers) : object.headers, server.keepBodies),
      {size: object.size});
  bucket.put(ctx.key, copy);
  const doc = xml.simpleDocument(
      'CopyObjectResult', {LastModified: copy.lastModifiedIso, ETag: `&quot;${copy.etag}&quot;`});
  return {status: 200, body: doc};
}

// POST ?delete: at most 1000 keys; Content-MD5 or an x-amz-checksum-* is required.
function deleteObjects(ctx, bucket) {
  if (!ctx.headers['content-md5'] &&
      !Object.keys(ctx.headers).some((h) => h.startsWith('x-amz-checksum-'))) {
    throw new S3Error(
        400, 'InvalidRequest',
        'Content-MD5 or x-amz-checksum-* is required for a ' +
            'multi-object delete');
  }
  checkDigests(ctx, md5(ctx.body));
  const text = ctx.body.toString('utf8');
  const keys = xml.allValues(text, 'Key').map((k) => Buffer.from(k, 'utf8').toString('latin1'));
  if (keys.length > 1000) throw new S3Error(400, 'MalformedXML', 'more than 1000 keys');
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(text);
  for (const key of keys) bucket.delete(key);
  const deleted = quiet ?
      '' :
      keys.map((k) => `<Deleted><Key>${xml.keyText(k, false)}</Key></Deleted>`).join('');
  return {
    status: 200,
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult>' + deleted + '</DeleteResult>',
    count: keys.length
  };
}

module.exports = {
  S3Error,
  putObject,
  getObject,
  headObject,
  deleteObject,
  deleteObjects,
  keptHeaders,
  checkDigests,
  md5,
  newObject
};
