/** The extension-point edits of testkit/extensions.json, applied to a tfvars text; an anchor that is missing fails. */
import EXTENSIONS from "./extensions.json";

export type ExtensionGroup = Exclude<keyof typeof EXTENSIONS, "$comment">;

export function withExtensions(text: string, groups: ExtensionGroup[]): string {
  for (const group of groups) {
    for (const [anchor, insert, where] of EXTENSIONS[group] as string[][]) {
      if (!text.includes(anchor)) throw new Error(`extension ${group}: no ${JSON.stringify(anchor)} in the tfvars`);
      text = text.replace(anchor, where === "before" ? `${insert}${anchor}` : `${anchor}${insert}`);
    }
  }
  return text;
}
