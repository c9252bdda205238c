/** `lakegen validate`: its line in `lakegen --help`, and its own help. */
export const synopsis = "validate [FILE...]";
export const summary = "Validate tfvars files (default: tfvars/*.tfvars)";
export const help = `Usage: lakegen validate [FILE...]

Checks tfvars files against every module's schema and rules, the same rules the
generated Terraform validates at plan time. Prints one line per problem as
"FILE: key.path: message". Exits 1 when any file has a problem. Writes nothing.`;
