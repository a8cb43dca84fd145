#!/usr/bin/env node
'use strict';
// A local, in-memory S3 endpoint for benchmarks: path-style addressing, SigV4 header
// authentication, optional delay before each answer, request counts by operation.
//
//   node bench/s3_endpoint.js [--port N] [--latency-ms N] [--access-key K] [--secret-key S]
//                             [--region R] [--discard-bodies] [--stats-file FILE]
//
// Prints one JSON line {"endpoint": "http://127.0.0.1:PORT"} on stdout once it listens.
// Unauthenticated admin routes (not counted): GET /__stats (counts, errors, CPU time),
// POST /__config?latency-ms=N. SIGTERM/SIGINT write the stats to --stats-file and exit.
// --discard-bodies keeps sizes and ETags only (for million-object runs); GET then answers 501.
const http = require('http');
const {parseArgs} = require('util');
const {verifyHeaders, verifyPayload, decodeChunked, percentDecode, parseQuery} =
    require('./endpoint/sigv4');
const xml = require('./endpoint/xml');
const objects = require('./endpoint/objects');
const multipart = require('./endpoint/multipart');
const buckets = require('./endpoint/buckets');

const {values: args} = parseArgs({
  options: {
    'port': {type: 'string', default: '0'},
    'latency-ms': {type: 'string', default: '0'},
    'access-key': {type: 'string', default: 'AKIDTESTINGTESTING00'},
    'secret-key': {type: 'string', default: 'testing-secret-not-checked'},
    'region': {type: 'string', default: 'us-east-1'},
    'discard-bodies': {type: 'boolean', default: false},
    'stats-file': {type: 'string'},
  }
});

const server = {
  buckets: new Map(),
  keepBodies: !args['discard-bodies'],
  latencyMs: Number(args['latency-ms']),
  keys: {accessKey: args['access-key'], secretKey: args['secret-key'], region: args['region']}
};
const stats = {
  requests: {},
  errors: {},
  payloads: {},
  bytes_in: 0,
  bytes_out: 0,
  started: Date.now()
};

// The operation a request names: [name, handler(ctx, bucket)].
function route(ctx) {
  const q = ctx.query;
  const m = ctx.method;
  if (!ctx.bucketName) {
    if (m === 'GET') return ['ListBuckets', () => buckets.listBuckets(ctx, server)];
  } else if (ctx.key === '') {
    if (m === 'PUT') return ['CreateBucket', () => buckets.createBucket(ctx, server)];
    if (m === 'HEAD') return ['HeadBucket', () => ({status: 200})];
    if (m === 'DELETE') return ['DeleteBucket', (c, b) => buckets.deleteBucket(c, b, server)];
    if (m === 'POST' && q.has('delete')) return ['DeleteObjects', objects.deleteObjects];
    if (m === 'GET' && q.has('location')) return ['GetBucketLocation', buckets.bucketLocation];
    if (m === 'GET' && q.has('uploads')) return ['ListMultipartUploads', multipart.listUploads];
    if (m === 'GET' && q.get('list-type') === '2') return ['ListObjectsV2', buckets.listObjects];
    if (m === 'GET' && ![...q.keys()].some((k) => !kListParams.has(k))) {
      return ['ListObjects', buckets.listObjects];
    }
  } else {
    if (m === 'PUT' && q.has('uploadId'))
      return ['UploadPart', (c, b) => multipart.uploadPart(c, b, server)];
    if (m === 'PUT' && ctx.headers['x-amz-copy-source'])
      return ['CopyObject', (c, b) => objects.putObject(c, b, server)];
    if (m === 'PUT' && q.size === 0)
      return ['PutObject', (c, b) => objects.putObject(c, b, server)];
    if (m === 'POST' && q.has('uploads')) return ['CreateMultipartUpload', multipart.createUpload];
    if (m === 'POST' && q.has('uploadId'))
      return ['CompleteMultipartUpload', (c, b) => multipart.completeUpload(c, b, server)];
    if (m === 'DELETE' && q.has('uploadId')) return ['AbortMultipartUpload', multipart.abortUpload];
    if (m === 'DELETE') return ['DeleteObject', objects.deleteObject];
    if (m === 'GET' && q.has('uploadId')) return ['ListParts', multipart.listParts];
    if (m === 'GET') return ['GetObject', objects.getObject];
    if (m === 'HEAD') return ['HeadObject', objects.headObject];
  }
  return [
    `Unsupported ${m}`,
    () => {
      throw new objects.S3Error(
          501, 'NotImplemented', 'this endpoint does not implement that request');
    }
  ];
}
const kListParams = new Set(['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type']);

function count(table, name) {
  table[name] = (table[name] || 0) + 1;
}

function send(res, ctx, answer) {
  const headers =
      Object.assign({'x-amz-request-id': '0', 'Server': 'bench-s3-endpoint'}, answer.headers || {});
  let body = answer.body === undefined ? '' : answer.body;
  if (typeof body === 'string' && body.length) headers['Content-Type'] = 'application/xml';
  if (ctx.method === 'HEAD') {
    headers['Content-Length'] = answer.length !== undefined ? answer.length : 0;
    body = '';
  } else {
    headers['Content-Length'] = Buffer.byteLength(body);
    stats.bytes_out += headers['Content-Length'];
  }
  res.writeHead(answer.status, headers);
  res.end(body);
}

function fail(res, ctx, error) {
  count(stats.errors, error.code);
  const resource = '/' + (ctx.bucketName || '') + (ctx.key ? '/' + ctx.key : '');
  send(res, ctx, {
    status: error.status,
    headers: {},
    body: ctx.method === 'HEAD' ? '' : xml.errorDocument(error.code, error.message, resource)
  });
}

function answer(ctx, res) {
  const [name, handler] = route(ctx);
  count(stats.requests, name);
  const denied = verifyHeaders(ctx, server.keys) || verifyPayload(ctx);
  if (denied) return fail(res, ctx, denied);
  count(
      stats.payloads,
      /^[0-9a-f]{64}$/.test(ctx.auth.payloadHash) ? 'signed' : ctx.auth.payloadHash);
  if (ctx.auth.payloadHash.startsWith('STREAMING-') ||
      (ctx.headers['content-encoding'] || '').includes('aws-chunked')) {
    const decoded = decodeChunked(ctx);
    if (decoded.status) return fail(res, ctx, decoded);
    ctx.body = decoded.body;
    ctx.trailers = decoded.trailers;
  }
  const bucket = ctx.bucketName ? server.buckets.get(ctx.bucketName) : undefined;
  if (ctx.bucketName && !bucket && name !== 'CreateBucket') {
    return fail(
        res, ctx, new objects.S3Error(404, 'NoSuchBucket', 'the specified bucket does not exist'));
  }
  try {
    send(res, ctx, handler(ctx, bucket));
  } catch (error) {
    if (!(error instanceof objects.S3Error)) throw error;
    fail(res, ctx, error);
  }
}

function admin(req, res, rawPath, rawQuery) {
  if (rawPath === '/__config' && req.method === 'POST') {
    const q = new Map(parseQuery(rawQuery));
    if (q.has('latency-ms')) server.latencyMs = Number(q.get('latency-ms'));
  } else if (rawPath !== '/__stats') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify(snapshot()));
}

function snapshot() {
  const cpu = process.cpuUsage();
  return Object.assign({}, stats, {
    cpu_user_s: cpu.user / 1e6,
    cpu_system_s: cpu.system / 1e6,
    uptime_s: (Date.now() - stats.started) / 1000,
    latency_ms: server.latencyMs,
    objects: Object.fromEntries([...server.buckets.values()].map((b) => [b.name, b.objects.size])),
    max_rss_mib: process.resourceUsage().maxRSS / 1024
  });
}

function onRequest(req, res) {
  const url = req.url;
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  if (rawPath.startsWith('/__')) return admin(req, res, rawPath, rawQuery);
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    stats.bytes_in += body.length;
    const path = percentDecode(rawPath);
    const slash = path.indexOf('/', 1);
    const ctx = {
      method: req.method,
      rawPath,
      rawQuery,
      rawHeaders: req.rawHeaders,
      headers: req.headers,
      body,
      trailers: {},
      query: new Map(parseQuery(rawQuery)),
      bucketName: slash < 0 ? path.slice(1) : path.slice(1, slash),
      key: slash < 0 ? '' : path.slice(slash + 1)
    };
    if (server.latencyMs > 0)
      setTimeout(answer, server.latencyMs, ctx, res);
    else
      answer(ctx, res);
  });
}

function writeStatsAndExit() {
  if (args['stats-file'])
    require('fs').writeFileSync(args['stats-file'], JSON.stringify(snapshot()));
  process.exit(0);
}

const httpServer = http.createServer(
    {keepAliveTimeout: 120000, headersTimeout: 60000, requestTimeout: 0, noDelay: true}, onRequest);
httpServer.maxRequestsPerSocket = 0;
httpServer.listen(Number(args.port), '127.0.0.1', () => {
  process.stdout.write(
      JSON.stringify({endpoint: `http://127.0.0.1:${httpServer.address().port}`}) + '\n');
});
process.on('SIGTERM', writeStatsAndExit);
process.on('SIGINT', writeStatsAndExit);
