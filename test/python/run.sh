#!/usr/bin/env bash
# The Python tests, which sit beside what they test (modules/**/test_*.py, and the journey's Glue stand-in's
# test_*.py): the virtualenv of venv.sh, then pytest with the Spark session of test/python/spark_fixtures.py as a plugin.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/python/venv.sh
command -v java >/dev/null || { echo "python tests: PySpark needs Java 17 on PATH" >&2; exit 1; }
exec .venv/bin/python -m pytest -q -p no:cacheprovider --rootdir . -o pythonpath=test/python -p spark_fixtures modules test/journey/glue_standin "$@"
