// Renders why resolution failed: the derivation tree as sentences, in the manner of pub/pubgrub's reporter.
import { ROOT, type Incompatibility, type Term, type UniverseOf } from "./incompatibility.js";
import { allowsAbsence, renderVersions, termVersions } from "./version-set.js";

type Derived = Incompatibility & { cause: { kind: "derived"; left: Incompatibility; right: Incompatibility } };

function isDerived(incompatibility: Incompatibility): incompatibility is Derived {
  return incompatibility.cause.kind === "derived";
}

/** A term as text: "a>=2.0", "a==1.0", "a<1.0 | >=2.0", or the bare name for any version. */
export function termText(term: Term, universeOf: UniverseOf): string {
  const universe = universeOf(term.pkg);
  return `${term.pkg}${renderVersions(universe, termVersions(universe, term.mask))}`;
}

// Lower bounds before upper ones, as people write them: ">=1.0, <2.0" (packaging sorts by text).
const LOWER_FIRST = ["===", "==", "~=", ">=", ">", "<=", "<", "!="];

/** A requirement's specifier for reading: lower bounds first, ", " between. */
export function readableSpecifier(specifier: string): string {
  const rank = (s: string): number => LOWER_FIRST.findIndex((op) => s.startsWith(op));
  return specifier
    .split(",")
    .filter((s) => s !== "")
    .sort((a, b) => rank(a) - rank(b))
    .join(", ");
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What an incompatibility says, as a clause: "a==1.0 depends on b>=2.0", "a>=2.0 cannot be used". */
export function statement(incompatibility: Incompatibility, universeOf: UniverseOf): string {
  const sorted = [...incompatibility.terms].sort((x, y) => (x.pkg === ROOT ? -1 : y.pkg === ROOT ? 1 : x.pkg < y.pkg ? -1 : 1));
  const hasRoot = sorted[0]?.pkg === ROOT;
  const others = sorted.filter((t) => t.pkg !== ROOT);
  const positive = others.filter((t) => !allowsAbsence(universeOf(t.pkg), t.mask)).map((t) => termText(t, universeOf));
  const negative = others.filter((t) => allowsAbsence(universeOf(t.pkg), t.mask)).map((t) => termText(t, universeOf));
  if (others.length === 0) return "your requirements are unsatisfiable";
  if (positive.length === 0) return hasRoot ? `you require ${negative.join(" or ")}` : `${negative.join(" or ")} is mandatory`;
  if (negative.length === 0) return positive.length === 1 ? `${positive[0]} cannot be used` : `${joinAnd(positive)} are incompatible`;
  return `${joinAnd(positive)} ${positive.length === 1 ? "depends" : "together depend"} on ${negative.join(" or ")}`;
}

/** A fact from the inputs as a clause: "you require a>=1.0", "a==2.0 is yanked", .... */
export function externalClause(incompatibility: Incompatibility, universeOf: UniverseOf): string {
  const { cause } = incompatibility;
  const [first] = incompatibility.terms;
  const subject = first ? termText(first, universeOf) : "";
  switch (cause.kind) {
    case "dependency": {
      const parent = incompatibility.terms.find((t) => t.pkg === cause.parent);
      const child = `${cause.child}${readableSpecifier(cause.specifier)}`;
      if (cause.parent === ROOT) return `you require ${child}`;
      return `${parent ? termText(parent, universeOf) : cause.parent} depends on ${child}`;
    }
    case "constraint":
      return `you constrain ${cause.child} to ${readableSpecifier(cause.specifier) || "any version"}`;
    case "no-versions":
      return cause.specifier ? `${cause.child} has no version that matches ${readableSpecifier(cause.specifier)}` : `there are no versions of ${cause.child}`;
    case "requires-python":
      return `${subject} requires Python ${readableSpecifier(cause.requiresPython)} but the target is ${cause.python}`;
    case "yanked":
      return `${subject} is yanked`;
    case "no-file":
      return `${subject} has no file usable on ${cause.target} (no compatible wheel, no sdist allowed)`;
    case "root":
      return "the requirements must be resolved";
    case "derived":
      return statement(incompatibility, universeOf);
  }
}

// Two facts joined; "you require a" and "you require b" become "you require a and b".
function bothClauses(a: string, b: string): string {
  const [x, y] = [a, b].sort();
  const prefix = "you require ";
  if (x?.startsWith(prefix) && y?.startsWith(prefix)) return `${x} and ${y.slice(prefix.length)}`;
  return `${x} and ${y}`;
}

/**
 * The explanation of a terminal incompatibility, one sentence per line. Incompatibilities used
 * more than once get a number "(1)" where first derived, and later sentences refer to it.
 */
export function explainFailure(failure: Incompatibility, universeOf: UniverseOf): string[] {
  const uses = new Map<Incompatibility, number>();
  const count = (inc: Incompatibility): void => {
    uses.set(inc, (uses.get(inc) ?? 0) + 1);
    if (uses.get(inc) === 1 && isDerived(inc)) {
      count(inc.cause.left);
      count(inc.cause.right);
    }
  };
  count(failure);
  const lines: string[] = [];
  const numbers = new Map<Incompatibility, number>();
  const say = (inc: Incompatibility): string => statement(inc, universeOf);
  const fact = (inc: Incompatibility): string => externalClause(inc, universeOf);
  const ref = (inc: Incompatibility): string => `${say(inc)} (${numbers.get(inc)})`;
  const write = (inc: Incompatibility, message: string, numbered: boolean): void => {
    if (numbered || (uses.get(inc) ?? 0) > 1) {
      numbers.set(inc, numbers.size + 1);
      lines.push(`${message} (${numbers.size})`);
    } else lines.push(message);
  };
  const collapsible = (inc: Derived): boolean => {
    if ((uses.get(inc) ?? 0) > 1) return false;
    const { left, right } = inc.cause;
    if (isDerived(left) === isDerived(right)) return false;
    return !numbers.has(isDerived(left) ? left : right);
  };
  const visit = (inc: Derived, numbered = false): void => {
    const { left, right } = inc.cause;
    const text = say(inc);
    if (isDerived(left) && isDerived(right)) {
      const [l1, l2] = [numbers.get(left), numbers.get(right)];
      if (l1 !== undefined && l2 !== undefined) return write(inc, `Because ${ref(left)} and ${ref(right)}, ${text}.`, numbered);
      if (l1 !== undefined || l2 !== undefined) {
        const [withLine, without] = l1 !== undefined ? [left, right] : [right, left];
        visit(without);
        return write(inc, `And because ${ref(withLine)}, ${text}.`, numbered);
      }
      const simpleLeft = !isDerived(left.cause.left) && !isDerived(left.cause.right);
      const simpleRight = !isDerived(right.cause.left) && !isDerived(right.cause.right);
      if (simpleLeft || simpleRight) {
        const [first, second] = simpleRight ? [left, right] : [right, left];
        visit(first);
        visit(second);
        return write(inc, `Thus, ${text}.`, numbered);
      }
      visit(left, true);
      lines.push("");
      visit(right);
      return write(inc, `And because ${ref(left)}, ${text}.`, numbered);
    }
    if (isDerived(left) || isDerived(right)) {
      const [derived, external] = isDerived(left) ? [left, right] : [right as Derived, left];
      if (numbers.has(derived)) return write(inc, `Because ${fact(external)} and ${ref(derived)}, ${text}.`, numbered);
      if (collapsible(derived)) {
        const inner = derived.cause;
        const [innerDerived, innerExternal] = isDerived(inner.left) ? [inner.left, inner.right] : [inner.right as Derived, inner.left];
        visit(innerDerived);
        return write(inc, `And because ${bothClauses(fact(innerExternal), fact(external))}, ${text}.`, numbered);
      }
      visit(derived);
      return write(inc, `And because ${fact(external)}, ${text}.`, numbered);
    }
    write(inc, `Because ${bothClauses(fact(left), fact(right))}, ${text}.`, numbered);
  };
  if (isDerived(failure)) visit(failure);
  else lines.push(`Because ${fact(failure)}, ${say(failure)}.`);
  return lines;
}
