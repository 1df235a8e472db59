// What the HTTP server hands to every loader and action (see getLoadContext in server/app.ts).
import "@remix-run/node";

export interface RequestContext {
  clientIp: string;
  cspNonce: string;
  /** Set-Cookie values added by guards (session renewal); entry.server appends them to the response. */
  responseCookies: string[];
  /** Per-request memo of the signed-in user. */
  userPromise?: Promise<unknown>;
  /** Set by the HTTP server when this render is kept as the template of a personal page (decision 028). */
  pageTemplate?: { nameMarker: string; seen?: string };
}

declare module "@remix-run/node" {
  interface AppLoadContext extends RequestContext {}
}

export function createRequestContext(clientIp = "127.0.0.1", cspNonce = ""): RequestContext {
  return { clientIp, cspNonce, responseCookies: [] };
}
