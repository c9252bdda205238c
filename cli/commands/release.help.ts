/** `lakegen release`: its line in `lakegen --help`, and its own help. */
export const synopsis = "release";
export const summary = "Package each module as a versioned archive with its checksum and changelog";
export const help = `Usage: lakegen release [--out DIR] [--record DIR] [--dry-run] [--quiet]

Packages each module as DIR/<module>-<version>.tar.gz (the module at the archive's
root, reproducible byte for byte) with <archive>.sha256, SHA256SUMS and release.json.
Each version follows from the module's interface against the last released one in
RECORD/<module>/interface.json: a removed or renamed input or output, a new required
input, a changed type or a new or changed validation is major; a new optional input
or a new output is minor; anything else is a patch. An unchanged module keeps its
version. Then RECORD/<module>/interface.json and CHANGELOG.md are updated.

Options:
  --out DIR             Where the archives go (default: dist/release)
  --record DIR          The last released interfaces and changelogs (default: releases)
  --dry-run             Compute and package, but leave RECORD as it is
  --quiet               No progress output`;
