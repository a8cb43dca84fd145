#!/usr/bin/env bash
# The demo: builds s3mirror, makes a small website tree (~200 files, one PDF above the lowered
# multipart threshold), starts a local S3 server (moto) on a free 127.0.0.1 port, mirrors the tree
# into a bucket, mirrors it again (nothing is uploaded the second time) and shows `s3mirror status`.
# Everything stays on this machine; the server and the temporary files go away on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
python=$(scripts/install-deps.sh | sed -n 's/^python: //p' | tail -n 1)

echo "=== building s3mirror (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DS3MIRROR_PYTHON="$python" >/dev/null
cmake --build build -j "${JOBS:-2}" --target s3mirror
s3mirror=$root/build/s3mirror

work=$(mktemp -d /tmp/s3mirror-demo.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "=== generating a website tree in $work/site"
"$python" - "$work/site" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(42)
def write(path, data):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as out:
        out.write(data if isinstance(data, bytes) else data.encode())
count = 0
for section in ("news", "services", "about us", "publications"):
    for year in ("2024", "2025"):
        for i in range(22):
            body = f"<html><body><h1>{section} {year} #{i}</h1>" + "<p>text</p>" * rng.randint(10, 400)
            write(f"{section}/{year}/page-{i:03d}.html", body + "</body></html>")
            count += 1
for i in range(10):
    write(f"assets/css/style-{i}.css", "body { margin: %dpx }\n" % i * 50)
    write(f"assets/js/app-{i}.js", "console.log(%d);\n" % i * 50)
    count += 2
write("index.html", "<html><body>Startseite – café</body></html>")
write("publications/annual report.pdf", b"%PDF-1.4\n" + os.urandom(300 * 1024))
write("publications/archive/budget 2025.pdf", b"%PDF-1.4\n" + os.urandom(10 * 1024 * 1024))
write("data/figures.csv", "year,value\n2024,1\n2025,2\n")
print(f"{count + 4} files")
PY

echo "=== starting a local S3 server (moto)"
"$python" tests/servers/s3_server.py >"$work/server.env" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q '^AWS_SECRET_ACCESS_KEY=' "$work/server.env" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
endpoint=$(sed -n 's/^S3_ENDPOINT=//p' "$work/server.env")
[ -n "$endpoint" ] || { echo "demo: the S3 server did not start" >&2; exit 1; }
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo-secret AWS_REGION=us-east-1
export S3MIRROR_STATE_DIR=$work/state
echo "server at $endpoint"

"$python" - "$endpoint" <<'PY'
import sys, boto3
boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
             aws_access_key_id="demo", aws_secret_access_key="demo-secret").create_bucket(Bucket="demo-site")
PY

sync=("$s3mirror" --endpoint-url "$endpoint" sync --multipart-threshold 8M --part-size 5M
      --heartbeat _mirror/heartbeat "$work/site" s3://demo-site/)
echo
echo "=== first sync: everything is uploaded"
echo "\$ s3mirror --endpoint-url $endpoint sync --multipart-threshold 8M --part-size 5M \\"
echo "      --heartbeat _mirror/heartbeat $work/site s3://demo-site/"
"${sync[@]}"
echo
echo "=== second sync: nothing changed, nothing is uploaded"
"${sync[@]}"
echo
echo "=== s3mirror status"
"$s3mirror" --endpoint-url "$endpoint" status s3://demo-site/_mirror/heartbeat
echo
echo "demo done; the server stops and $work is removed now."
