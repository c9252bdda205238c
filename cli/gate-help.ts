/** The help lines of the gate options `lakegen check` and `lakegen pr` share (report-options.ts parses them). */
export const GATE_HELP = `  --unknown POLICY      Which "unknown at plan" results fail: guarded (default: those of rules
                        that guard access or data), all, or none (still listed)
  --account IDS         The lake's own accounts, comma-separated, beside those the plan names
                        (the provider's allowed_account_ids and assumed role, the root's
                        account_id variable, the caller identity it read)`;
