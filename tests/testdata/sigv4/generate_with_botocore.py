#!/usr/bin/env python3
"""Writes the expected stages of the SigV4 golden cases with an independent signer (botocore).

Each case folder holds the inputs:
  request.txt  "METHOD TARGET" (path and query exactly as sent), "Name: value" header lines, a blank
               line, then the body bytes (no trailing newline unless the body has one)
  params.txt   access_key_id, secret_access_key, session_token, region, service, time
               (yyyymmddThhmmssZ), host (used when request.txt has no Host header) and payload
               ("signed": SHA-256 of the body, or "unsigned": UNSIGNED-PAYLOAD)
and the expected stages creq.txt (canonical request), sts.txt (string to sign) and authz.txt (the
Authorization header value). Cases named aws-* are the examples published in the S3 API reference
("Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk"):
their authz.txt is copied from that page and this script only checks that botocore agrees with it
before writing creq.txt and sts.txt. For the other cases all three files come from botocore.

botocore's S3SigV4Auth signs the path as given (no normalisation, no re-encoding), so the targets
of the botocore cases are written already encoded. Two adjustments make botocore follow the rules
s3mirror signs by: x-amz-date is always added (botocore skips it when a Date header is present),
and the aws-put-object path "/test$file.text" is encoded once before botocore sees it (S3 decodes
and re-encodes the path it receives; the published signature confirms it).

Run from anywhere:  python3 tests/testdata/sigv4/generate_with_botocore.py
"""
import datetime
import os
import sys
from unittest import mock
from urllib.parse import quote, unquote

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))


class S3mirrorRulesAuth(S3SigV4Auth):
    def _set_necessary_date_headers(self, request):
        if 'X-Amz-Date' in request.headers:
            del request.headers['X-Amz-Date']
        request.headers['X-Amz-Date'] = request.context['timestamp']


def read_params(folder):
    params = {}
    with open(os.path.join(folder, 'params.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                key, _, value = line.partition('=')
                params[key.strip()] = value.strip()
    return params


def read_request(folder):
    with open(os.path.join(folder, 'request.txt'), 'rb') as f:
        data = f.read()
    head, _, body = data.partition(b'\n\n')
    lines = head.decode('utf-8').split('\n')
    method, target = lines[0].split(' ', 1)
    headers = [tuple(part.strip() for part in line.split(':', 1)) for line in lines[1:]]
    return method, target, headers, body


def sign(folder):
    params = read_params(folder)
    method, target, headers, body = read_request(folder)
    path, _, query = target.partition('?')
    if os.path.basename(folder).startswith('aws-'):
        path = quote(unquote(path), safe='/~')
    unsigned = params.get('payload') == 'unsigned'
    url = ('https' if unsigned else 'http') + '://' + params['host'] + path
    if query:
        url += '?' + query
    request = AWSRequest(method=method, url=url, data=body)
    for name, value in headers:
        request.headers[name] = value
    if unsigned:
        request.context['client_config'] = Config(s3={'payload_signing_enabled': False})
    credentials = Credentials(params['access_key_id'], params['secret_access_key'],
                              params.get('session_token') or None)
    auth = S3mirrorRulesAuth(credentials, params.get('service', 's3'), params['region'])
    now = datetime.datetime.strptime(params['time'], '%Y%m%dT%H%M%SZ')
    with mock.patch('botocore.auth.get_current_datetime', return_value=now):
        auth.add_auth(request)
    # The stages as signed: recomputed without the Authorization header that add_auth appended.
    authz = request.headers['Authorization']
    del request.headers['Authorization']
    creq = auth.canonical_request(request)
    sts = auth.string_to_sign(request, creq)
    return creq, sts, authz


def write(folder, name, text):
    with open(os.path.join(folder, name), 'w', encoding='utf-8', newline='\n') as f:
        f.write(text + '\n')


def main():
    failed = False
    for case in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, case)
        if not os.path.isfile(os.path.join(folder, 'request.txt')):
            continue
        creq, sts, authz = sign(folder)
        if case.startswith('aws-'):
            with open(os.path.join(folder, 'authz.txt'), encoding='utf-8') as f:
                published = f.read().strip()
            if published != authz:
                print(f'{case}: botocore gives\n  {authz}\nbut AWS published\n  {published}')
                failed = True
                continue
        else:
            write(folder, 'authz.txt', authz)
        write(folder, 'creq.txt', creq)
        write(folder, 'sts.txt', sts)
        print(f'{case}: ok')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
