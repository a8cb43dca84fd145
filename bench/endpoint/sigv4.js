'use strict';
// SigV4 header authentication as S3 checks it, server side.
//   https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// verifyHeaders() checks the Authorization header of a request whose body has been read; it
// returns null when the signature is right, else {status, code, message}. Payload modes: a hex
// SHA-256 (checked against the body), UNSIGNED-PAYLOAD, and the aws-chunked STREAMING-* modes
// (decoded by decodeChunked, whose chunk signatures are checked when the mode is signed).
const crypto = require('crypto');

const kMaxSkewMs = 15 * 60 * 1000;
const kEmptySha256 = crypto.createHash('sha256').update('').digest('hex');
const signingKeys = new Map();  // "secret/date/region/service" -> key

function sha256Hex(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function hmac(key, data) {
  return crypto.createHmac('sha256', key).update(data).digest();
}

function signingKey(secret, date, region, service) {
  const id = `${secret}/${date}/${region}/${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
    signingKeys.set(id, key);
  }
  return key;
}

// Percent-decodes to raw bytes (a latin1 string: one char per byte), leaving '+' as it is.
function percentDecode(text) {
  if (text.indexOf('%') < 0) return Buffer.from(text, 'utf8').toString('latin1');
  const bytes = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25 && i + 2 < raw.length &&
        /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(raw[i + 1], raw[i + 2]))) {
      bytes.push(parseInt(String.fromCharCode(raw[i + 1], raw[i + 2]), 16));
      i += 2;
    } else {
      bytes.push(raw[i]);
    }
  }
  return Buffer.from(bytes).toString('latin1');
}

// SigV4 URI encoding of raw bytes (latin1 string): everything but A-Z a-z 0-9 - . _ ~ is %XX;
// '/' is kept when keepSlash.
function uriEncode(bytes, keepSlash) {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
        c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || (keepSlash && c === 0x2f)) {
      out += bytes[i];
    } else {
      out += '%' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
    }
  }
  return out;
}

// [[name, value], ...] of the raw query, decoded to latin1 bytes.
function parseQuery(rawQuery) {
  if (!rawQuery) return [];
  return rawQuery.split('&').filter((p) => p.length).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [percentDecode(part), ''] :
                    [percentDecode(part.slice(0, eq)), percentDecode(part.slice(eq + 1))];
  });
}

function canonicalQuery(params) {
  const encoded = params.map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)]);
  encoded.sort(
      (a, b) =>
          (a[0] < b[0]     ? -1 :
               a[0] > b[0] ? 1 :
               a[1] < b[1] ? -1 :
               a[1] > b[1] ? 1 :
                             0));
  return encoded.map(([k, v]) => `${k}=${v}`).join('&');
}

// Values of each header name (lower case) from rawHeaders, repeated names joined by ','.
function canonicalHeaders(rawHeaders, signedNames) {
  const values = new Map();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (!signedNames.includes(name)) continue;
    const value = rawHeaders[i + 1].trim().replace(/ +/g, ' ');
    values.set(name, values.has(name) ? values.get(name) + ',' + value : value);
  }
  return signedNames.map((n) => `${n}:${values.has(n) ? values.get(n) : ''}\n`).join('');
}

function parseAuthorization(header) {
  const m =
      /^AWS4-HMAC-SHA256 +Credential=([^,]+), *SignedHeaders=([^,]+), *Signature=([0-9a-f]{64})$/
          .exec(header || '');
  if (!m) return null;
  const scope = m[1].split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return null;
  return {
    accessKey: scope[0],
    date: scope[1],
    region: scope[2],
    service: scope[3],
    scope: scope.slice(1).join('/'),
    signedNames: m[2].split(';'),
    signature: m[3]
  };
}

function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

const fail = (status, code, message) => ({status, code, message});

// ctx: {method, rawPath, rawQuery, rawHeaders, headers, body}; keys: {accessKey, secretKey,
// region}. On success sets ctx.auth = {seedSignature, signingKey, amzDate, scope} for chunk checks.
function verifyHeaders(ctx, keys) {
  const auth = parseAuthorization(ctx.headers['authorization']);
  if (!auth) return fail(403, 'AccessDenied', 'missing or malformed SigV4 Authorization header');
  if (auth.accessKey !== keys.accessKey) {
    return fail(403, 'InvalidAccessKeyId', 'unknown access key');
  }
  if (auth.region !== keys.region) {
    return fail(400, 'AuthorizationHeaderMalformed', `the region must be '${keys.region}'`);
  }
  const amzDate = ctx.headers['x-amz-date'];
  const when = parseAmzDate(amzDate);
  if (Number.isNaN(when) || amzDate.slice(0, 8) !== auth.date) {
    return fail(403, 'AccessDenied', 'x-amz-date missing or not matching the credential scope');
  }
  if (Math.abs(Date.now() - when) > kMaxSkewMs) {
    return fail(
        403, 'RequestTimeTooSkewed',
        'the difference between the request time and the ' +
            'server time is too large');
  }
  const payloadHash = ctx.headers['x-amz-content-sha256'];
  if (!payloadHash) return fail(400, 'InvalidRequest', 'missing x-amz-content-sha256');
  if (!auth.signedNames.includes('host')) return fail(403, 'AccessDenied', 'host is not signed');
  const canonical = [
    ctx.method, uriEncode(percentDecode(ctx.rawPath), true),
    canonicalQuery(parseQuery(ctx.rawQuery)), canonicalHeaders(ctx.rawHeaders, auth.signedNames),
    auth.signedNames.join(';'), payloadHash
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, auth.scope, sha256Hex(canonical)].join('\n');
  const key = signingKey(keys.secretKey, auth.date, auth.region, auth.service);
  const expected = hmac(key, stringToSign).toString('hex');
  if (expected !== auth.signature) {
    return fail(
        403, 'SignatureDoesNotMatch',
        'the request signature we calculated does not ' +
            'match the signature you provided');
  }
  ctx.auth =
      {seedSignature: auth.signature, signingKey: key, amzDate, scope: auth.scope, payloadHash};
  return null;
}

// Checks the body against a hex x-amz-content-sha256; the STREAMING modes are left to
// decodeChunked.
function verifyPayload(ctx) {
  const mode = ctx.auth.payloadHash;
  if (mode === 'UNSIGNED-PAYLOAD' || mode.startsWith('STREAMING-')) return null;
  if (!/^[0-9a-f]{64}$/.test(mode)) return fail(400, 'InvalidArgument', 'bad x-amz-content-sha256');
  const actual = ctx.body.length ? sha256Hex(ctx.body) : kEmptySha256;
  if (actual !== mode) {
    return fail(
        400, 'XAmzContentSHA256Mismatch',
        'the provided x-amz-content-sha256 does not ' +
            'match what was computed');
  }
  return null;
}

// Decodes an aws-chunked body: "<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n" ... a 0-size
// chunk, then optional trailer lines. Returns {body, trailers} or a failure. In the signed mode
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) every chunk signature is checked:
//   sig_n = HMAC(key, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" + sig_{n-1} +
//                "\n" + SHA256("") + "\n" + SHA256(chunk_n))
function decodeChunked(ctx) {
  const signed = ctx.auth.payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
  const raw = ctx.body;
  const parts = [];
  let previous = ctx.auth.seedSignature;
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) return fail(400, 'IncompleteBody', 'aws-chunked body ends inside a chunk header');
    const header = raw.toString('latin1', pos, eol);
    const size = parseInt(header.split(';')[0], 16);
    if (Number.isNaN(size) || eol + 2 + size > raw.length) {
      return fail(400, 'IncompleteBody', 'bad aws-chunked chunk header');
    }
    const chunk = raw.subarray(eol + 2, eol + 2 + size);
    if (signed) {
      const m = /chunk-signature=([0-9a-f]{64})/.exec(header);
      const toSign = [
        'AWS4-HMAC-SHA256-PAYLOAD', ctx.auth.amzDate, ctx.auth.scope, previous, kEmptySha256,
        sha256Hex(chunk)
      ].join('\n');
      const expected = hmac(ctx.auth.signingKey, toSign).toString('hex');
      if (!m || m[1] !== expected) {
        return fail(403, 'SignatureDoesNotMatch', 'chunk signature does not match');
      }
      previous = expected;
    }
    parts.push(chunk);
    pos = eol + 2 + size;
    if (size === 0) break;
    pos += 2;  // CRLF after the data
  }
  const trailers = {};
  for (const line of raw.toString('latin1', pos).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {body: Buffer.concat(parts), trailers};
}

module.exports = {
  verifyHeaders,
  verifyPayload,
  decodeChunked,
  percentDecode,
  uriEncode,
  parseQuery,
  sha256Hex
};
