#!/usr/bin/env bash
# Fetch the Elasticsearch/OpenSearch test distributions the real-node tests and `loadtest lab` run,
# from Maven Central with Maven itself (integ-test-zip artifacts, no bundled JDK), into
# ${ES_JVM_ADVISOR_CACHE:-~/.cache/es-jvm-advisor}/dists, and unpack them there once.
# Idempotent and quick when cached (no Maven call then). Pass DIST-VERSION arguments to fetch others,
# e.g.  bash scripts/fetch_distributions.sh elasticsearch-8.19.6 opensearch-2.19.3
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mvn >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== apt-get install maven"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  else
    echo "mvn is not installed: the real-node tests will skip (install Debian's maven package)" >&2
    exit 1
  fi
fi
py=.venv/bin/python
[ -x "$py" ] || py=python3
exec "$py" -m loadtests.lab.distributions "$@"
