/** Waivers name resources by glob; kept apart from waivers.ts so a check without waivers never loads zod or yaml. */

/**
 * A resource-address glob: * matches any run of characters (dots, brackets and
 * slashes included), ? any one, everything else is literal. Matched by the
 * classic two-pointer walk, which backtracks only to the last *: at most
 * length × length steps, so no glob can stall a check. (Regex-based matchers,
 * picomatch included, backtrack once per * and take minutes on `*a*a*a*a*a*a*b`
 * against a long address; picomatch's * also stops at "/", which addresses
 * may hold inside keys.)
 */
export function addressMatches(glob: string, address: string): boolean {
  let g = 0;
  let a = 0;
  let star = -1;
  let resume = 0;
  while (a < address.length) {
    if (g < glob.length && (glob[g] === "?" || glob[g] === address[a])) {
      g++;
      a++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      resume = a;
    } else if (star >= 0) {
      g = star + 1;
      a = ++resume;
    } else return false;
  }
  while (g < glob.length && glob[g] === "*") g++;
  return g === glob.length;
}
