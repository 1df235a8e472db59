import { config } from "~/config.server";

/**
 * The public origin for anything signed, printed or handed out (credentials, the status list, QR
 * codes, links given to people). Always the configured PUBLIC_URL, never the request's Host header:
 * a forged header must not be able to put another origin into a genuine signature.
 */
export function publicBase(): string {
  return config.PUBLIC_URL;
}
