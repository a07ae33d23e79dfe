// Links inside an unpacked sdist (pure): where a symlink leads, by Python's tarfile "data" filter rules.

/** The symlinks made so far: archive path → the link text as written. */
export type LinkTable = Map<string, string>;

/** Symlink hops followed before a chain is taken for a loop (as the kernel's ELOOP). */
const MAX_HOPS = 40;

/**
 * Resolves `linkname`, the text of a symlink at `linkPath` (both `/`-separated, relative to the
 * archive's root), as realpath would in the unpacked tree, following the links of `links`. Returns
 * the target's path under the root ("" for the root itself), or why it is refused: an absolute
 * target, one that leaves the tree (`..` past the top, also through another link), a loop.
 */
export function resolveLink(links: LinkTable, linkPath: string, linkname: string): { target: string } | { refused: string } {
  if (linkname.startsWith("/") || /^[A-Za-z]:/.test(linkname) || linkname.includes("\\") || linkname.includes("\0")) {
    return { refused: `a link to an absolute or unusable path (${JSON.stringify(linkname)})` };
  }
  const start = linkPath.split("/").slice(0, -1);
  const resolved = walk(links, start, linkname.split("/"), { hops: 0 });
  return typeof resolved === "string" ? { refused: resolved } : { target: resolved.join("/") };
}

/** Walks `parts` from the directory `at`, replacing each link met by its own resolution. */
function walk(links: LinkTable, at: string[], parts: string[], state: { hops: number }): string[] | string {
  const here = [...at];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (here.length === 0) return "a link out of the archive's tree";
      here.pop();
      continue;
    }
    here.push(part);
    const text = links.get(here.join("/"));
    if (text === undefined) continue;
    if (++state.hops > MAX_HOPS) return "a loop of links";
    if (text.startsWith("/")) return "a link through an absolute link";
    const next = walk(links, here.slice(0, -1), text.split("/"), state);
    if (typeof next === "string") return next;
    here.splice(0, here.length, ...next);
  }
  return here;
}

/** The first ancestor directory of `name` that is a link made earlier, if any: a write there would follow it. */
export function linkAbove(links: LinkTable, name: string): string | undefined {
  const parts = name.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (links.has(prefix)) return prefix;
  }
  return undefined;
}

/**
 * Checks every link of the finished tree again, now that all are known (a link made later can
 * change where an earlier one leads): returns the first that leads out, with why, or undefined.
 */
export function linkLeavingTree(links: LinkTable): { path: string; refused: string } | undefined {
  for (const [linkPath, text] of links) {
    const result = resolveLink(links, linkPath, text);
    if ("refused" in result) return { path: linkPath, refused: result.refused };
  }
  return undefined;
}
