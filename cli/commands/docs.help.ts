/** `lakegen docs`: its line in `lakegen --help`, and its own help. */
export const synopsis = "docs [ENV...]";
export const summary = "Write the brief's deliverables to dist/envs/<env>/docs/ (synth does it too)";
export const help = `Usage: lakegen docs [ENV...] [--dist DIR]

Writes dist/envs/<env>/docs/: architecture.md (Mermaid, from the synthesized root),
pipeline.md, data-model.md, cost.md and operations.md. npm run synth writes them too.`;
