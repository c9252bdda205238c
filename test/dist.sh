# Sourced by the module tests and the emulator suite: `dist_into DIR` puts lakegen's output for the committed
# tfvars at DIR. npm test synthesizes it once, in Jest, which proves it byte-identical to `lakegen synth`'s, and
# names the copy it keeps in LAKEGEN_REUSE_DIST (none when Jest failed); run alone, a suite synthesizes its
# own. Callers define `say` first.
dist_into() {
  if [ -n "${LAKEGEN_REUSE_DIST:-}" ] && [ -d "$LAKEGEN_REUSE_DIST/envs" ] && [ -d "$LAKEGEN_REUSE_DIST/modules" ]; then
    say "the dist/ Jest synthesized, copied from $LAKEGEN_REUSE_DIST"
    cp -R "$LAKEGEN_REUSE_DIST" "$1"
  else
    say "lakegen synth --out $1"
    node bin/lakegen.js synth --quiet --out "$1"
  fi
}
