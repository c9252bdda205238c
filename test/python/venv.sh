#!/usr/bin/env bash
# The Python virtualenv in .venv with the pinned requirements: made once, remade
# when requirements.txt changes. Used by the PySpark tests and the data journey.
set -euo pipefail
cd "$(dirname "$0")/../.."
req=test/python/requirements.txt
venv=.venv
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "python tests: installing $req into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
