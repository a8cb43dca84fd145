'use strict';
// Multipart uploads: create, upload part, complete, abort, list uploads, list parts.
const crypto = require('crypto');
const xml = require('./xml');
const {S3Error, keptHeaders, checkDigests, md5, newObject} = require('./objects');

const kMinPartSize = 5 * 1024 * 1024;
let nextUploadId = 1;

function findUpload(ctx, bucket) {
  const id = ctx.query.get('uploadId');
  const upload = bucket.uploads.get(id);
  if (!upload || upload.key !== ctx.key) {
    throw new S3Error(404, 'NoSuchUpload', 'the specified multipart upload does not exist');
  }
  return [id, upload];
}

function createUpload(ctx, bucket) {
  const id = `bench-${process.pid}-${nextUploadId++}`;
  bucket.uploads.set(id, {
    key: ctx.key,
    headers: keptHeaders(ctx.headers),
    parts: new Map(),
    initiated: new Date().toISOString()
  });
  const doc = xml.simpleDocument(
      'InitiateMultipartUploadResult',
      {Bucket: xml.escape(bucket.name), Key: xml.keyText(ctx.key, false), UploadId: id});
  return {status: 200, body: doc};
}

function uploadPart(ctx, bucket, server) {
  const [, upload] = findUpload(ctx, bucket);
  const number = Number(ctx.query.get('partNumber'));
  if (!Number.isInteger(number) || number < 1 || number > 10000) {
    throw new S3Error(400, 'InvalidArgument', 'partNumber must be an integer from 1 to 10000');
  }
  if (ctx.headers['x-amz-copy-source']) {
    throw new S3Error(501, 'NotImplemented', 'UploadPartCopy is not implemented');
  }
  const digest = md5(ctx.body);
  checkDigests(ctx, digest);
  const part = newObject(ctx.body, digest.toString('hex'), [], server.keepBodies);
  part.digest = digest;
  upload.parts.set(number, part);
  return {status: 200, headers: {ETag: `"${part.etag}"`}};
}

// The object's ETag is MD5(binary MD5 of part 1 || ... || part N) + "-N".
function completeUpload(ctx, bucket, server) {
  const [id, upload] = findUpload(ctx, bucket);
  const text = ctx.body.toString('utf8');
  const numbers = xml.allValues(text, 'PartNumber').map(Number);
  const etags = xml.allValues(text, 'ETag').map((e) => e.replace(/"/g, ''));
  if (numbers.length === 0 || numbers.length !== etags.length) {
    throw new S3Error(400, 'MalformedXML', 'the XML you provided was not well-formed');
  }
  const parts = numbers.map((n, i) => {
    const part = upload.parts.get(n);
    if (!part || part.etag !== etags[i])
      throw new S3Error(400, 'InvalidPart', `part ${n} not found`);
    if (i > 0 && n <= numbers[i - 1])
      throw new S3Error(400, 'InvalidPartOrder', 'parts not ascending');
    return part;
  });
  parts.slice(0, -1).forEach((p) => {
    if (p.size < kMinPartSize) throw new S3Error(400, 'EntityTooSmall', 'a part is below 5 MiB');
  });
  const etag =
      crypto.createHash('md5').update(Buffer.concat(parts.map((p) => p.digest))).digest('hex') +
      '-' + parts.length;
  const body = server.keepBodies ? Buffer.concat(parts.map((p) => p.body)) : Buffer.alloc(0);
  const object = newObject(body, etag, upload.headers, server.keepBodies);
  object.size = parts.reduce((sum, p) => sum + p.size, 0);
  bucket.put(ctx.key, object);
  bucket.uploads.delete(id);
  const doc = xml.simpleDocument('CompleteMultipartUploadResult', {
    Bucket: xml.escape(bucket.name),
    Key: xml.keyText(ctx.key, false),
    ETag: `&quot;${etag}&quot;`
  });
  return {status: 200, body: doc};
}

function abortUpload(ctx, bucket) {
  const [id] = findUpload(ctx, bucket);
  bucket.uploads.delete(id);
  return {status: 204};
}

function listUploads(ctx, bucket) {
  const prefix = ctx.query.get('prefix') || '';
  const uploads = [...bucket.uploads.entries()].filter(([, u]) => u.key.startsWith(prefix));
  return {status: 200, body: xml.uploadsDocument(bucket, uploads)};
}

function listParts(ctx, bucket) {
  const [id, upload] = findUpload(ctx, bucket);
  return {status: 200, body: xml.partsDocument(bucket, ctx.key, id, upload)};
}

module.exports = {
  createUpload,
  uploadPart,
  completeUpload,
  abortUpload,
  listUploads,
  listParts
};
