// Remix behind Express, as @remix-run/express does it (that package exports only its handler),
// except that a request body comes from the form-body guard, already read and checked, rather than
// from the socket.
import type { IncomingHttpHeaders } from "node:http";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { asBytes, bufferedBody } from "./form-body";

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value) headers.set(key, value);
  }
  return headers;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The host the client asked for: X-Forwarded-Host only when the peer is a trusted proxy, as req.hostname does. */
function requestHost(req: ExpressRequest): string {
  const trusted = req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  const forwarded = req.get("x-forwarded-host");
  if (forwarded && trusted(req.socket.remoteAddress, 0)) return forwarded.split(",")[0].trim();
  return req.get("host") ?? "localhost";
}

/** The fetch Request for an Express request; aborted when the client goes away before the answer. Throws on a malformed Host. */
export function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const url = new URL(`${req.protocol}://${requestHost(req)}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : bufferedBody(req);
  return new Request(url, { method: req.method, headers: toHeaders(req.headers), signal: controller.signal, body: body && asBytes(body) });
}

export function remixHandler(build: ServerBuild, mode: string, getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext): RequestHandler {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    let request: Request;
    try {
      request = toFetchRequest(req, res);
    } catch {
      res.status(400).type("text/plain; charset=utf-8").send("Хүсэлтийн хаяг буруу байна.\nBad request: malformed host.\n");
      return;
    }
    try {
      const response = await handle(request, getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}
