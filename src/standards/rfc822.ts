// RFC 822 style headers + body, read as Python's email parser (compat32) reads METADATA and WHEEL.

/** Headers in file order (name as written, value with continuation lines kept) and the body. */
export interface Rfc822Message {
  headers: [name: string, value: string][];
  body: string;
}

// email.feedparser: a header line is "name:", a continuation (leading space/tab) or "From ".
const HEADER_RE = /^(?:From |[\x21-\x39\x3b-\x7e]*:|[\t ])/;

function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * Parses headers until the first empty line (or the first line that is not a header, which
 * starts the body), as `email.parser.Parser(policy=compat32)` does: a value is the text after
 * the colon without leading blanks, plus its continuation lines verbatim (line breaks and
 * indentation kept), without the final line break. Lines that cannot be headers are skipped.
 */
export function parseRfc822(text: string): Rfc822Message {
  const lines = splitKeepingEnds(text);
  let end = 0;
  let bodyStart = lines.length;
  for (; end < lines.length; end++) {
    if (!HEADER_RE.test(lines[end] as string)) {
      bodyStart = /^(\r\n|\r|\n)$/.test(lines[end] as string) ? end + 1 : end;
      break;
    }
  }
  const headerLines = lines.slice(0, end);
  let body = lines.slice(bodyStart).join("");
  const headers: [string, string][] = [];
  let current: string[] | undefined;
  const flush = () => {
    if (!current) return;
    const [first = "", ...rest] = current;
    const colon = first.indexOf(":");
    const value = first.slice(colon + 1).replace(/^[ \t]+/, "") + rest.join("");
    headers.push([first.slice(0, colon), value.replace(/[\r\n]+$/, "")]);
    current = undefined;
  };
  headerLines.forEach((line, index) => {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      current?.push(line);
      return;
    }
    flush();
    if (line.startsWith("From ")) {
      // A "From " line last among the headers is taken as the first line of the body.
      if (index > 0 && index === headerLines.length - 1) body = line + body;
      return;
    }
    if (line.indexOf(":") > 0) current = [line];
  });
  flush();
  return { headers, body };
}

/** Values of one header (case-insensitive name), in file order. */
export function headerValues(message: Rfc822Message, name: string): string[] {
  const wanted = name.toLowerCase();
  return message.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** RFC 822 unfolding: a line break followed by a blank joins the lines. */
export function unfold(value: string): string {
  return value.replace(/(?:\r\n|\r|\n)(?=[ \t])/g, "");
}
