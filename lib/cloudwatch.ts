import { z } from "zod";

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = (what: string) =>
  z.literal(LOG_RETENTION_DAYS).default(30).describe(`Retention of the ${what} log group, in days.`);
