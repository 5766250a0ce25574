#!/usr/bin/env bash
# Starts PostgreSQL, MariaDB and Redis on loopback when they are not answering, then waits until
# each accepts connections. Fails when one stays down.
set -uo pipefail

up() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

start_postgres() { pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start; }
start_mariadb() { start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; }
start_redis() {
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

ok=0
for service in postgres:5432 mariadb:3306 redis:6379; do
  name="${service%%:*}"
  port="${service##*:}"
  if ! up "$port"; then
    echo "starting $name"
    "start_$name" >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 30); do up "$port" && break; sleep 1; done
  if up "$port"; then echo "$name is up on 127.0.0.1:$port"; else echo "$name is DOWN"; ok=1; fi
done
exit "$ok"
