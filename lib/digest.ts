import { createHash } from "node:crypto";

/** The SHA-256 of a text, in hex: what a release records of a block and a review of a consequence. */
export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
