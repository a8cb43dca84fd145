'use strict';
// The XML documents of the S3 API that the endpoint reads and writes.
const {uriEncode} = require('./sigv4');

const kNs = 'http://s3.amazonaws.com/doc/2006-03-01/';
const kHead = '<?xml version="1.0" encoding="UTF-8"?>\n';

function escape(text) {
  return text.replace(
      /[&<>"']/g,
      (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&apos;'}[c]));
}

function unescape(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : +e.slice(1));
    return {amp: '&', lt: '<', gt: '>', quot: '"', apos: '\''}[e];
  });
}

// A key (latin1 bytes) as it goes into a document: UTF-8 text, or with encoding-type=url every
// byte but the unreserved ones and '/' percent-encoded (clients decode with unquote_plus, so a
// space must be %20 and '+' %2B).
function keyText(bytes, urlEncoded) {
  return urlEncoded ? uriEncode(bytes, true) :
                      escape(Buffer.from(bytes, 'latin1').toString('utf8'));
}

function element(name, value) {
  return `<${name}>${value}</${name}>`;
}

function errorDocument(code, message, resource) {
  return kHead + '<Error>' + element('Code', code) + element('Message', escape(message)) +
      element('Resource', escape(resource)) + element('RequestId', '0') + '</Error>';
}

function contentsEntry(key, object, urlEncoded) {
  return '<Contents>' + element('Key', keyText(key, urlEncoded)) +
      element('LastModified', object.lastModifiedIso) +
      element('ETag', `&quot;${object.etag}&quot;`) + element('Size', object.size) +
      '<StorageClass>STANDARD</StorageClass></Contents>';
}

// ListObjects (v1) and ListObjectsV2 answers. `page` comes from store.listPage.
function listDocument(bucket, page, q) {
  const enc = q.encodingType === 'url';
  const out = [
    kHead, `<ListBucketResult xmlns="${kNs}">`, element('Name', escape(bucket.name)),
    element('Prefix', keyText(q.prefix, enc)), element('MaxKeys', q.maxKeys)
  ];
  if (q.delimiter) out.push(element('Delimiter', keyText(q.delimiter, enc)));
  if (enc) out.push(element('EncodingType', 'url'));
  out.push(element('IsTruncated', page.truncated ? 'true' : 'false'));
  if (q.v2) {
    out.push(element('KeyCount', page.contents.length + page.prefixes.length));
    if (q.continuationToken) out.push(element('ContinuationToken', escape(q.continuationToken)));
    if (q.startAfter) out.push(element('StartAfter', keyText(q.startAfter, enc)));
    if (page.truncated) {
      out.push(
          element('NextContinuationToken', Buffer.from(page.last, 'latin1').toString('base64')));
    }
  } else {
    out.push(element('Marker', keyText(q.marker || '', enc)));
    if (page.truncated) out.push(element('NextMarker', keyText(page.last, enc)));
  }
  for (const key of page.contents) out.push(contentsEntry(key, bucket.objects.get(key), enc));
  for (const p of page.prefixes)
    out.push('<CommonPrefixes>' + element('Prefix', keyText(p, enc)) + '</CommonPrefixes>');
  out.push('</ListBucketResult>');
  return out.join('');
}

function listBucketsDocument(buckets) {
  const entries = buckets.map(
      (b) => '<Bucket>' + element('Name', escape(b.name)) + element('CreationDate', b.created) +
          '</Bucket>');
  return kHead + `<ListAllMyBucketsResult xmlns="${kNs}"><Owner><ID>bench</ID></Owner><Buckets>` +
      entries.join('') + '</Buckets></ListAllMyBucketsResult>';
}

function uploadsDocument(bucket, uploads) {
  const entries = uploads.map(
      ([id, u]) => '<Upload>' + element('Key', keyText(u.key, false)) + element('UploadId', id) +
          element('Initiated', u.initiated) + '<StorageClass>STANDARD</StorageClass></Upload>');
  return kHead + `<ListMultipartUploadsResult xmlns="${kNs}">` +
      element('Bucket', escape(bucket.name)) +
      '<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads>' +
      '<IsTruncated>false</IsTruncated>' + entries.join('') + '</ListMultipartUploadsResult>';
}

function partsDocument(bucket, key, id, upload) {
  const parts = [...upload.parts.entries()].sort((a, b) => a[0] - b[0]);
  const entries = parts.map(
      ([n, p]) => '<Part>' + element('PartNumber', n) + element('LastModified', p.lastModifiedIso) +
          element('ETag', `&quot;${p.etag}&quot;`) + element('Size', p.size) + '</Part>');
  return kHead + `<ListPartsResult xmlns="${kNs}">` + element('Bucket', escape(bucket.name)) +
      element('Key', keyText(key, false)) + element('UploadId', id) +
      '<IsTruncated>false</IsTruncated>' + entries.join('') + '</ListPartsResult>';
}

function simpleDocument(root, fields) {
  return kHead + `<${root} xmlns="${kNs}">` +
      Object.entries(fields).map(([k, v]) => element(k, v)).join('') + `</${root}>`;
}

// Values of every <name>...</name> in a document, unescaped.
function allValues(text, name) {
  const re = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g');
  return [...text.matchAll(re)].map((m) => unescape(m[1]));
}

module.exports = {
  escape,
  keyText,
  errorDocument,
  listDocument,
  listBucketsDocument,
  uploadsDocument,
  partsDocument,
  simpleDocument,
  allValues
};
