#!/usr/bin/env bash
# The Python virtualenv in .venv with the pinned requirements, and the pinned jars of
# spark-jars.txt in .venv/spark-jars: made once, remade when either list changes. Used by
# the PySpark tests and the data journey.
set -euo pipefail
cd "$(dirname "$0")/../.."
req=test/python/requirements.txt
jars=test/python/spark-jars.txt
venv=.venv
stamp="$venv/.requirements.sha256"
want=$(cat "$req" "$jars" | sha256sum | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "python tests: installing $req into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  mkdir -p "$venv/spark-jars"
  grep -v '^#' "$jars" | while read -r coordinate sha; do
    IFS=: read -r group artifact version <<< "$coordinate"
    file="$venv/spark-jars/$artifact-$version.jar"
    echo "python tests: fetching $coordinate from Maven Central" >&2
    curl -fsSL --retry 3 -o "$file" "https://repo.maven.apache.org/maven2/${group//.//}/$artifact/$version/$artifact-$version.jar"
    echo "$sha  $file" | sha256sum --check --quiet || { echo "python tests: $coordinate does not match its pinned SHA-256" >&2; rm -f "$file"; exit 1; }
  done
  echo "$want" > "$stamp"
fi
