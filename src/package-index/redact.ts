// Credential redaction for URLs: the one function every message, event, record and manifest URL goes through.

const USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/;

/**
 * `url` without its userinfo (user name, password or token before `@`), otherwise unchanged
 * byte for byte. Strings that are not URLs (local paths) come back as given. Pure; never throws.
 * The user name is dropped too: tokens are often passed as the user name (`https://TOKEN@host/`).
 */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, "$1");
}

/** True when `url` carries userinfo (credentials) that redactUrl would remove. */
export function hasCredentials(url: string): boolean {
  return USERINFO.test(url);
}

/**
 * Every URL inside free text (an error message from a lower layer) with its userinfo removed.
 * Use for text we did not write ourselves; text we write uses redactUrl on each URL.
 */
export function redactText(text: string): string {
  return text.replace(/\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^\s/?#]*@/g, "$1");
}
