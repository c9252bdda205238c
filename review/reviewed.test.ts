import { consequences, parseReviewedMarker, reviewedMarker, unreviewed } from "./reviewed";
import { checkedPlan } from "../policy/plan";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const rc = (address: string, actions: string[], after: Json = {}, unknown: Json = {}): Json => {
  const [type, name] = address.replace(/^module\.[^.]+\./, "").split(".");
  return { address, type, name, mode: "managed", change: { actions, after, after_unknown: unknown } };
};
const plan = (...changes: Json[]) => checkedPlan({ format_version: "1.2", resource_changes: changes }, "a test plan");

const POLICY = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::lake-raw/*"}]}';
const BASE = plan(
  rc("module.storage.aws_s3_bucket.raw", ["delete", "create"]),
  rc("module.storage.aws_s3_bucket.old", ["delete"]),
  rc("module.glue.aws_iam_role_policy.job", ["update"], { policy: POLICY }),
  rc("module.glue.aws_glue_job.this", ["update"], { timeout: 60 }),
  rc("module.storage.aws_s3_bucket.curated", ["create"], { bucket: "lake-curated" }),
);

describe("what a reviewer must have seen of a plan", () => {
  it("lists each destroy, each replacement and each grant created or changed, and nothing else", () => {
    expect(consequences(BASE).map((l) => l.replace(/ [0-9a-f]{16}$/, ""))).toEqual([
      "destroy module.storage.aws_s3_bucket.old",
      "grant module.glue.aws_iam_role_policy.job",
      "replace module.storage.aws_s3_bucket.raw",
    ]);
  });

  it("the same consequences give the same marker; a job's timeout or a new bucket changes nothing", () => {
    const other = plan(...BASE.resource_changes.filter((r: Json) => r.type !== "aws_glue_job" && r.name !== "curated"));
    expect(reviewedMarker(other)).toBe(reviewedMarker(BASE));
    expect(unreviewed(other, parseReviewedMarker(`report\n${reviewedMarker(BASE)}\n`)!)).toEqual([]);
  });

  it("a plan that does less than the reviewed one passes: an environment applied since has nothing left to do", () => {
    const reviewed = parseReviewedMarker(reviewedMarker(BASE))!;
    expect(unreviewed(plan(BASE.resource_changes[0]), reviewed)).toEqual([]);
    expect(unreviewed(plan(), reviewed)).toEqual([]);
    expect(parseReviewedMarker(reviewedMarker(plan()))).toEqual(new Set());
  });

  it("reads the last marker of a text, and counts any IAM, Lake Formation or *_policy type as a grant", () => {
    const text = `${reviewedMarker(plan())}\n${reviewedMarker(BASE)}`;
    expect(unreviewed(BASE, parseReviewedMarker(text)!)).toEqual([]);
    const tags = plan(rc("module.lf.aws_lakeformation_resource_lf_tags.db", ["create"], { lf_tag: [{ key: "zone", value: "curated" }] }));
    const queue = plan(rc("aws_sqs_queue_policy.team", ["update"], { policy: "{}" }));
    expect([...consequences(tags), ...consequences(queue)].map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "grant module.lf.aws_lakeformation_resource_lf_tags.db",
      "grant aws_sqs_queue_policy.team",
    ]);
  });

  it.each([
    [
      "a grant's value",
      plan(
        ...BASE.resource_changes.map((r: Json) =>
          r.type === "aws_iam_role_policy" ? rc(r.address, ["update"], { policy: POLICY.replace("lake-raw", "*") }) : r,
        ),
      ),
    ],
    [
      "a grant unknown until apply",
      plan(
        ...BASE.resource_changes.map((r: Json) => (r.type === "aws_iam_role_policy" ? rc(r.address, ["update"], {}, { policy: true }) : r)),
      ),
    ],
    ["another destroy", plan(...BASE.resource_changes, rc("module.lf.aws_lakeformation_permissions.x", ["delete"]))],
    [
      "a Lake Formation grant",
      plan(
        ...BASE.resource_changes,
        rc("module.lf.aws_lakeformation_permissions.y", ["create"], { principal: "arn:aws:iam::1:role/a", permissions: ["ALL"] }),
      ),
    ],
    [
      "a destroy where the review showed a replacement",
      plan(...BASE.resource_changes.map((r: Json) => (r.name === "raw" ? rc(r.address, ["delete"]) : r))),
    ],
  ])("%s is not reviewed by the base's marker", (_what, changed) => {
    expect(unreviewed(changed, parseReviewedMarker(reviewedMarker(BASE))!)).not.toEqual([]);
  });

  it("finds no marker in a text without one", () => expect(parseReviewedMarker("<!-- lakegen:prod -->\nreport")).toBeUndefined());
});
