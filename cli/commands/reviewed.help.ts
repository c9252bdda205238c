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
with a digest of each consequence (pr.yml appends it to each environment's comment).
With --against, reads the last marker in COMMENT_FILE (the merged pull request's
comment) and compares: apply.yml refuses a plan that does anything the pull request
did not show. A plan that does less (an environment applied since) passes.

Options:
  --against FILE        The text that holds the reviewed marker

Exit codes: 0 the plan is the reviewed one (or the marker was printed), 1 it does
more, or FILE holds no marker (those consequences are listed), 2 bad input or usage.`;
