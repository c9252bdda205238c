/** Small helpers for for_each and dynamic blocks, which cdktf's own helpers render wrongly. */
import { type MapTerraformIterator, TerraformIterator, type TerraformResource, Token } from "cdktf";

/** for_each over a map- or object-valued HCL expression. */
export function forEachOf(hclExpression: string): MapTerraformIterator {
  return TerraformIterator.fromMap(Token.asAnyMap(`\${${hclExpression}}`));
}

/**
 * Adds `dynamic "<block>" { for_each = …, content { … } }` at `path` of a resource
 * (e.g. "rule.0" for a block inside the first rule). Content values are HCL
 * templates, e.g. "${transition.value.days}".
 */
export function addDynamicBlock(
  resource: TerraformResource,
  path: string,
  block: string,
  forEach: string,
  content: Record<string, unknown>,
): void {
  const at = path ? `${path}.dynamic.${block}` : `dynamic.${block}`;
  resource.addOverride(at, { for_each: `\${${forEach}}`, content });
}
