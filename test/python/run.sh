#!/usr/bin/env bash
# The Python tests: the virtualenv of venv.sh, then pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash test/python/venv.sh
command -v java >/dev/null || { echo "python tests: PySpark needs Java 17 on PATH" >&2; exit 1; }
exec .venv/bin/python -m pytest -q -p no:cacheprovider test/python "$@"
