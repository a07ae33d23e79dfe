// PEP 508 dependency specifiers ("name[extras] specifiers ; marker" or "name @ url ; marker").
import { PyvendorError } from "../errors.js";
import { parseMarkerExpression } from "./marker-grammar.js";
import { markerToString, normalizeExtraComparisons, syntaxErrorToPyvendor, type Marker } from "./markers.js";
import { normalizeName } from "./names.js";
import { sortedUnique } from "./py-text.js";
import { parseSpecifierSet, specifierSetToString } from "./specifier-set.js";
import { createTokenizer, enclosed, type Tokenizer } from "./tokenizer.js";

/** A parsed requirement. */
export interface Requirement {
  /** The project name as written (compare with normalizeName). */
  name: string;
  /** Extras, normalized (PEP 685), sorted and unique. */
  extras: string[];
  /** The specifier set as packaging's str(SpecifierSet): sorted, no spaces; "" for none. */
  specifier: string;
  /** The direct reference of `name @ url`, as written. */
  url?: string;
  marker?: Marker;
  /**
   * The extras as written (sorted, unique), which requirementToString prints as packaging does.
   * Absent on requirements built by hand; then the normalized extras are printed.
   */
  extrasAsWritten?: string[];
}

interface Details {
  url: string;
  specifier: string;
  marker?: Marker;
}

function parseExtras(tokenizer: Tokenizer): string[] {
  if (!tokenizer.check("LEFT_BRACKET", true)) return [];
  return enclosed(tokenizer, "LEFT_BRACKET", "RIGHT_BRACKET", "extras", () => {
    tokenizer.consume("WS");
    const extras: string[] = [];
    if (tokenizer.check("IDENTIFIER")) {
      extras.push(tokenizer.read().text);
      for (;;) {
        tokenizer.consume("WS");
        if (tokenizer.check("IDENTIFIER", true)) tokenizer.fail("Expected comma between extra names");
        if (!tokenizer.check("COMMA")) break;
        tokenizer.read();
        tokenizer.consume("WS");
        extras.push(tokenizer.expect("IDENTIFIER", "extra name after comma").text);
      }
    }
    tokenizer.consume("WS");
    return extras;
  });
}

function parseVersionMany(tokenizer: Tokenizer): string {
  let text = "";
  while (tokenizer.check("SPECIFIER")) {
    const start = tokenizer.position;
    text += tokenizer.read().text;
    if (tokenizer.check("VERSION_PREFIX_TRAIL", true)) {
      tokenizer.fail(".* suffix can only be used with `==` or `!=` operators", start, tokenizer.position + 1);
    }
    if (tokenizer.check("VERSION_LOCAL_LABEL_TRAIL", true)) {
      tokenizer.fail("Local version label can only be used with `==` or `!=` operators", start, tokenizer.position);
    }
    tokenizer.consume("WS");
    if (!tokenizer.check("COMMA")) break;
    text += tokenizer.read().text;
    tokenizer.consume("WS");
  }
  return text;
}

function parseRequirementMarker(tokenizer: Tokenizer, spanStart: number, expected: string): Marker {
  if (!tokenizer.check("SEMICOLON")) tokenizer.fail(`Expected ${expected} or end`, spanStart);
  tokenizer.read();
  const marker = parseMarkerExpression(tokenizer);
  tokenizer.consume("WS");
  return marker;
}

function parseDetails(tokenizer: Tokenizer): Details {
  if (tokenizer.check("AT")) {
    tokenizer.read();
    tokenizer.consume("WS");
    const urlStart = tokenizer.position;
    const url = tokenizer.expect("URL", "URL after @").text;
    if (tokenizer.check("END", true)) return { url, specifier: "" };
    tokenizer.expect("WS", "whitespace after URL");
    if (tokenizer.check("END", true)) return { url, specifier: "" };
    return { url, specifier: "", marker: parseRequirementMarker(tokenizer, urlStart, "semicolon (after URL and whitespace)") };
  }
  const specifierStart = tokenizer.position;
  const specifier = enclosed(tokenizer, "LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "version specifier", () => {
    tokenizer.consume("WS");
    const text = parseVersionMany(tokenizer);
    tokenizer.consume("WS");
    return text;
  });
  tokenizer.consume("WS");
  if (tokenizer.check("END", true)) return { url: "", specifier };
  const expected = specifier
    ? "comma (within version specifier), semicolon (after version specifier)"
    : "semicolon (after name with no version specifier)";
  return { url: "", specifier, marker: parseRequirementMarker(tokenizer, specifierStart, expected) };
}

/**
 * Parses a PEP 508 requirement like packaging's `Requirement(text)`. Throws E_INVALID_REQUIREMENT
 * naming the text, packaging's reason and the column ("Expected end or semicolon ... at column 9").
 */
export function parseRequirement(text: string): Requirement {
  let parsed: { name: string; extras: string[]; details: Details };
  try {
    const tokenizer = createTokenizer(text);
    tokenizer.consume("WS");
    const name = tokenizer.expect("IDENTIFIER", "package name at the start of dependency specifier").text;
    tokenizer.consume("WS");
    const extras = parseExtras(tokenizer);
    tokenizer.consume("WS");
    const details = parseDetails(tokenizer);
    tokenizer.expect("END", "end of dependency specifier");
    parsed = { name, extras, details };
  } catch (error: unknown) {
    throw syntaxErrorToPyvendor(error, "E_INVALID_REQUIREMENT", "requirement");
  }
  const set = parseSpecifierSet(parsed.details.specifier);
  if (!set) {
    throw new PyvendorError("E_INVALID_REQUIREMENT", `Invalid requirement ${JSON.stringify(text)}: invalid version specifier`, {
      data: { text },
    });
  }
  const requirement: Requirement = {
    name: parsed.name,
    extras: sortedUnique(parsed.extras.map(normalizeName)),
    specifier: specifierSetToString(set),
    extrasAsWritten: sortedUnique(parsed.extras),
  };
  if (parsed.details.url) requirement.url = parsed.details.url;
  if (parsed.details.marker) requirement.marker = normalizeExtraComparisons(parsed.details.marker);
  return requirement;
}

/** The requirement as packaging's `str(Requirement)` prints it, e.g. `foo[bar]>=1.0; python_version < "3.9"`. */
export function requirementToString(req: Requirement): string {
  let text = req.name;
  const extras = req.extrasAsWritten ?? req.extras;
  if (extras.length > 0) text += `[${extras.join(",")}]`;
  if (req.specifier) text += req.specifier;
  if (req.url) {
    text += ` @ ${req.url}`;
    if (req.marker) text += " ";
  }
  if (req.marker) text += `; ${markerToString(req.marker)}`;
  return text;
}
