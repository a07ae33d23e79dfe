// Project and extra names: PEP 503 normalization and the core-metadata validity rule.

const VALID_NAME_RE = /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i;
const NORMALIZED_NAME_RE = /^(?:[a-z0-9]|[a-z0-9](?:[a-z0-9-](?!--))*[a-z0-9])$/;

/**
 * PEP 503 normalized form of a project or extra name: lower case, every run of `-`, `_` and `.`
 * replaced by one `-` ("Foo.Bar__baz" → "foo-bar-baz"). Same as packaging's
 * `canonicalize_name(name)`; it does not validate (invalid names are normalized too).
 */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * True when `name` is a valid project name (core metadata `Name`): ASCII letters and digits,
 * with `.`, `_` and `-` allowed inside, e.g. "zope.interface" but not "-foo" or "foo_".
 */
export function isValidProjectName(name: string): boolean {
  return VALID_NAME_RE.test(name);
}

/** True when `name` is already in normalized form (packaging's `is_normalized_name`). */
export function isNormalizedName(name: string): boolean {
  return NORMALIZED_NAME_RE.test(name);
}
