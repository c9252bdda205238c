/** `lakegen reviewed`: its line in `lakegen --help`, and its own help. */
export const synopsis = "reviewed PLAN";
export const summary = "Mark a pull request's plan as reviewed, or check that a plan is the one reviewed";
export const help = `Usage: lakegen reviewed PLAN.json
       lakegen reviewed PLAN.json --against COMMENT_FILE

What a reviewer must see of a plan (terraform show -json): each address it destroys
or replaces, and each access policy or grant it creates or changes, with its new
value (IAM roles and policies, bucket, key, topic and Glue resource policies, Lake
Formation permissions and settings).

Without --against, prints the marker for the pull request's report: an HTML comment
with the digest of those consequences (pr.yml appends it to each environment's
comment). With --against, reads the marker from COMMENT_FILE (the merged pull
request's comment) and compares: apply.yml refuses to apply a plan whose
consequences differ from the ones the pull request showed.

Options:
  --against FILE        The text that holds the reviewed marker

Exit codes: 0 the plan is the reviewed one (or the marker was printed), 1 it differs
or FILE holds no marker (the plan's consequences are listed), 2 bad input or usage.`;
