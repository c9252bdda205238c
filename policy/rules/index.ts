/** Every policy rule, in report order. A new rule goes in its service's file and is picked up here. */
import type { Rule } from "../rule";
import { catalogRules } from "./catalog";
import { changeRules } from "./changes";
import { escalationRules } from "./escalation";
import { exposureRules } from "./exposure";
import { governanceRules } from "./governance";
import { iamRules } from "./iam";
import { keyAndQueryRules } from "./keys-and-queries";
import { lakegenRules } from "./lakegen";
import { operationsRules } from "./operations";
import { processingRules } from "./processing";
import { providerRules } from "./provider";
import { s3Rules } from "./s3";
import { s3DataRules } from "./s3-data";
import { streamingRules } from "./streaming";

export const RULES: Rule[] = [
  ...changeRules,
  ...s3Rules,
  ...s3DataRules,
  ...catalogRules,
  ...streamingRules,
  ...processingRules,
  ...governanceRules,
  ...operationsRules,
  ...keyAndQueryRules,
  ...iamRules,
  ...escalationRules,
  ...exposureRules,
  ...providerRules,
  ...lakegenRules,
];
