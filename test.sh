#!/usr/bin/env bash
# Runs every InfoHub test: unit, storage contract, API, embedded and distributed (real processes + RabbitMQ).
# The distributed tests need a broker: INFOHUB_TEST_RABBITMQ if set; else a local rabbitmq-server, started (and,
# as root on Debian, installed) here; else Testcontainers where Docker is reachable.
set -uo pipefail
cd "$(dirname "$0")"

broker_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

if [ -z "${INFOHUB_TEST_RABBITMQ:-}" ]; then
  if ! broker_up && ! command -v rabbitmq-server >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
     && [ ! -S /var/run/docker.sock ]; then
    echo "== Installing rabbitmq-server (Debian) for the distributed tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  if ! broker_up && command -v rabbitmq-server >/dev/null; then
    echo "== Starting the local RabbitMQ broker"
    rabbitmq-server -detached >/dev/null 2>&1 || true
    rabbitmqctl wait --timeout 60 "/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid" >/dev/null || true
  fi
  if broker_up; then export INFOHUB_TEST_RABBITMQ="amqp://guest:guest@localhost:5672/"; fi
fi
echo "== Broker for distributed tests: ${INFOHUB_TEST_RABBITMQ:-none set (Testcontainers if Docker is reachable)}"
echo "== MongoDB for the storage contract: ${INFOHUB_TEST_MONGODB:-none set (Testcontainers if Docker is reachable, else skipped)}"

log=$(mktemp)
dotnet test InfoHub.sln -c Release --logger "console;verbosity=detailed" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The failed tests again, with their messages, just above the closing line (a CI log may keep only its tail).
awk '/^ +Failed [A-Za-z_][A-Za-z0-9_.]*/ { shown = 1; lines = 0; print "\n" $0; next }
     shown && /^ +(Passed|Skipped) / { shown = 0 }
     shown && lines < 25 { print; lines++ }' "$log" | sed -n '1,200p' > "$log.failed"
if [ -s "$log.failed" ]; then echo; echo "== Failed tests"; cat "$log.failed"; fi
rm -f "$log.failed"

# One closing line over all test runs ("Total tests: N" is followed by "Passed: N", "Failed: N", "Skipped: N").
awk '/^Total tests: [0-9]+/ { runs++ }
     /^ +Passed: [0-9]+ *$/  { p += $2 }
     /^ +Failed: [0-9]+ *$/  { f += $2 }
     /^ +Skipped: [0-9]+ *$/ { s += $2 }
     END { if (runs) printf "\ntests: %d passed, %d failed, %d skipped\n", p, f, s; else print "\ntests: no test run reported a result" }' "$log"
rm -f "$log"
exit "$status"
