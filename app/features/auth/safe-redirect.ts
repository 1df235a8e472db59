// The one check for redirecting to a target a request names (?redirectTo=, form fields): only a
// path on this site passes, re-serialised so that the Location header is always valid ASCII.

const ORIGIN = "http://erdem.invalid";

// C0 controls, DEL, C1 controls and the backslash: browsers strip or reinterpret them ("/\t/x" and
// "/\\x" become "//x", another host), so a target holding any of them, raw or percent-encoded, is refused.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;

export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  // exactly one leading slash: a path, never "//host" or "scheme:"
  if (!to.startsWith("/") || to.startsWith("//") || UNSAFE.test(to)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback; // malformed percent-encoding
  }
  if (decoded.startsWith("//") || UNSAFE.test(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(to, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  // The URL parser percent-encodes what a header may not carry (Cyrillic, spaces) and resolves dot segments.
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//") || !/^[\x21-\x7e]+$/.test(path)) return fallback;
  return path;
}
