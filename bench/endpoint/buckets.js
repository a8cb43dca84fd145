'use strict';
// Bucket operations: create, head, delete, location, list buckets, list objects (v1 and v2).
const xml = require('./xml');
const {Bucket, listPage} = require('./store');
const {S3Error} = require('./objects');

function createBucket(ctx, server) {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(ctx.bucketName)) {
    throw new S3Error(400, 'InvalidBucketName', 'the specified bucket is not valid');
  }
  if (server.buckets.has(ctx.bucketName)) {
    throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'the bucket already exists');
  }
  const bucket = new Bucket(ctx.bucketName);
  bucket.created = new Date().toISOString();
  server.buckets.set(ctx.bucketName, bucket);
  return {status: 200, headers: {Location: '/' + ctx.bucketName}};
}

function deleteBucket(ctx, bucket, server) {
  if (bucket.objects.size > 0) throw new S3Error(409, 'BucketNotEmpty', 'the bucket is not empty');
  server.buckets.delete(bucket.name);
  return {status: 204};
}

function listBuckets(ctx, server) {
  return {status: 200, body: xml.listBucketsDocument([...server.buckets.values()])};
}

function bucketLocation() {
  return {
    status: 200,
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint ' +
        'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>'
  };
}

// ListObjectsV2 (list-type=2: continuation-token, start-after) and ListObjects (marker).
function listObjects(ctx, bucket) {
  const q = ctx.query;
  const maxKeys = q.has('max-keys') ? Number(q.get('max-keys')) : 1000;
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw new S3Error(400, 'InvalidArgument', 'max-keys must be a non-negative integer');
  }
  const params = {
    v2: q.get('list-type') === '2',
    prefix: q.get('prefix') || '',
    delimiter: q.get('delimiter') || '',
    maxKeys: Math.min(maxKeys, 1000),
    encodingType: q.get('encoding-type'),
    marker: q.get('marker'),
    startAfter: q.get('start-after'),
    continuationToken: q.get('continuation-token')
  };
  let after = params.v2 ? params.startAfter || '' : params.marker || '';
  if (params.v2 && params.continuationToken) {
    after = Buffer.from(params.continuationToken, 'base64').toString('latin1');
  }
  const page = listPage(
      bucket, {prefix: params.prefix, after, delimiter: params.delimiter, maxKeys: params.maxKeys});
  return {status: 200, body: xml.listDocument(bucket, page, params)};
}

module.exports = {
  createBucket,
  deleteBucket,
  listBuckets,
  bucketLocation,
  listObjects
};
