/**
 * The parts of the SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json, OASIS) that
 * lakegen's report uses, transcribed to zod: required properties, enums, value
 * ranges and the objects' closed property sets. The schema file itself and a
 * JSON Schema validator are not among the project's dependencies.
 */
import { z } from "zod";

const propertyBag = z.object({ tags: z.array(z.string()).optional() }).catchall(z.unknown());
const message = z.object({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() }).strict()
  .refine((m) => m.text !== undefined || m.id !== undefined, "a message needs text or id");
const multiformatMessageString = z.object({ text: z.string(), markdown: z.string().optional() }).strict();
const level = z.enum(["none", "note", "warning", "error"]);

const reportingDescriptor = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    shortDescription: multiformatMessageString.optional(),
    fullDescription: multiformatMessageString.optional(),
    help: multiformatMessageString.optional(),
    helpUri: z.url().optional(),
    defaultConfiguration: z
      .object({ enabled: z.boolean().optional(), level: level.optional(), rank: z.number().min(-1).max(100).optional() })
      .strict()
      .optional(),
    properties: propertyBag.optional(),
  })
  .strict();

const location = z
  .object({
    physicalLocation: z
      .object({
        artifactLocation: z.object({ uri: z.string().optional(), uriBaseId: z.string().optional(), index: z.number().int().min(-1).optional() }).strict().optional(),
        region: z
          .object({ startLine: z.number().int().min(1).optional(), startColumn: z.number().int().min(1).optional(), endLine: z.number().int().min(1).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    logicalLocations: z
      .array(z.object({ name: z.string().optional(), fullyQualifiedName: z.string().optional(), kind: z.string().optional() }).strict())
      .optional(),
  })
  .strict();

const result = z
  .object({
    ruleId: z.string().optional(),
    ruleIndex: z.number().int().min(-1).optional(),
    level: level.optional(),
    message,
    locations: z.array(location).optional(),
    partialFingerprints: z.record(z.string(), z.string()).optional(),
    suppressions: z
      .array(
        z
          .object({
            kind: z.enum(["inSource", "external"]),
            status: z.enum(["accepted", "underReview", "rejected"]).optional(),
            justification: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    properties: propertyBag.optional(),
  })
  .strict();

export const sarifLogSchema = z
  .object({
    $schema: z.url().optional(),
    version: z.literal("2.1.0"),
    runs: z.array(
      z
        .object({
          tool: z
            .object({
              driver: z
                .object({
                  name: z.string(),
                  version: z.string().optional(),
                  informationUri: z.url().optional(),
                  rules: z.array(reportingDescriptor).optional(),
                })
                .strict(),
            })
            .strict(),
          results: z.array(result).optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((log, ctx) => {
    // ruleIndex must point at the rule with the result's ruleId.
    for (const [r, run] of log.runs.entries()) {
      for (const [i, res] of (run.results ?? []).entries()) {
        const rule = res.ruleIndex !== undefined ? run.tool.driver.rules?.[res.ruleIndex] : undefined;
        if (res.ruleIndex !== undefined && rule?.id !== res.ruleId) {
          ctx.addIssue({ code: "custom", path: ["runs", r, "results", i, "ruleIndex"], message: "does not point at ruleId" });
        }
      }
    }
  });
