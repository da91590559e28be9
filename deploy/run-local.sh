#!/usr/bin/env bash
# nginx (Debian package) in front of two API processes on one shared FerretDB, all private to a temporary folder.
#   deploy/run-local.sh          start and stay in the foreground (Ctrl-C stops everything)
#   deploy/run-local.sh bench    start, run deploy/bench-nginx.ts through nginx, print figures, stop
# Env: DB_ENGINE=sqlite|postgres (the shared database's engine), NGINX_PORT (default 8088), API_PORTS (3101 3102).
# Uses the compiled server (api/dist, `npm run build`) when present, else the TypeScript sources through tsx.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-serve}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 1; }
work="$(mktemp -d /tmp/bianmin-nginx-XXXXXX)"
NGINX_PORT="${NGINX_PORT:-8088}"
read -r -a API_PORTS <<< "${API_PORTS:-3101 3102}"
export JWT_SECRET="${JWT_SECRET:-$(head -c 32 /dev/urandom | base64)}"
export PII_KEY="${PII_KEY:-$(head -c 32 /dev/urandom | base64)}"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# 1. One database for both processes.
DATA_DIR="$work/data" DB_ENGINE="${DB_ENGINE:-sqlite}" npx tsx scripts/db-serve.ts > "$work/db.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q '^MONGODB_URI=' "$work/db.log" && break; sleep 0.5; done
MONGODB_URI="$(grep -o '^MONGODB_URI=[^ ]*' "$work/db.log" | cut -d= -f2-)"
[ -n "$MONGODB_URI" ] || { cat "$work/db.log" >&2; exit 1; }
export MONGODB_URI DB_NAME="${DB_NAME:-bianmin_nginx}"
echo "database: $MONGODB_URI (${DB_ENGINE:-sqlite})"

# 2. Two API processes (the job runner lease picks one of them for the periodic jobs).
if [ -f api/dist/server.js ] && [ -f shared/dist/index.js ]; then run=(node --conditions=bianmin-dist api/dist/server.js); else run=(node --import tsx api/src/server.ts); fi
for i in "${!API_PORTS[@]}"; do
  PORT="${API_PORTS[$i]}" HOST=127.0.0.1 TRUST_PROXY=1 DEMO_SEED=$([ "$i" = 0 ] && echo true || echo false) \
    DATA_DIR="$work/api$i" LOG_LEVEL=warn "${run[@]}" > "$work/api$i.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:${API_PORTS[$i]}/api/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:${API_PORTS[$i]}/api/health/ready" >/dev/null || { cat "$work/api$i.log" >&2; exit 1; }
  echo "api $i: http://127.0.0.1:${API_PORTS[$i]} ready (pid ${pids[-1]})"
done

# 3. nginx with the deploy/nginx.conf site, ports and paths rewritten, everything else in $work.
upstreams="$(for p in "${API_PORTS[@]}"; do printf '    server 127.0.0.1:%s max_fails=3 fail_timeout=10s;\\n' "$p"; done)"
sed -e "/server 127.0.0.1:300[12]/d" -e "s|keepalive 32;|${upstreams}    keepalive 32;|" \
    -e "s|listen 80;|listen 127.0.0.1:${NGINX_PORT};|" -e "s|/opt/bianmin|$PWD|" deploy/nginx.conf > "$work/site.conf"
cat > "$work/nginx-main.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log $work/nginx-access.log;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF
"$NGINX" -t -q -c "$work/nginx-main.conf" -p "$work"
"$NGINX" -c "$work/nginx-main.conf" -p "$work"
echo "nginx: http://127.0.0.1:${NGINX_PORT}"

if [ "$mode" = bench ]; then
  BASE="http://127.0.0.1:${NGINX_PORT}" API_DIRECT="$(printf 'http://127.0.0.1:%s ' "${API_PORTS[@]}")" npx tsx deploy/bench-nginx.ts
else
  echo "Ctrl-C stops nginx, both API processes and the database."
  wait "${pids[0]}"
fi
