// Remix behind Express, as @remix-run/express does it (that package exports only its handler),
// except that a request body comes from the form-body guard, already read and checked, rather than
// from the socket, and that a response body is read only as fast as the client takes it.
import type { IncomingHttpHeaders } from "node:http";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
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
  // A page is compressed in one pass (React writes it in many small pieces; a flush after each made
  // the gzip output up to twice as large); an export or other stream is flushed piece by piece, so
  // its first rows leave at once.
  const page = /^text\/html\b/i.test(response.headers.get("content-type") ?? "");
  if (response.body) await writeBody(response.body, res, { flush: !page });
  else res.end();
}

/**
 * Remix's writeReadableStreamToWritable writes every chunk as soon as it is read, so a streamed
 * export to a slow client would be read whole into the socket's buffer. Here a full socket is
 * waited for, and a client who leaves cancels the body (which stops, say, an export's query).
 * With `flush`, each chunk is flushed through compression as soon as it is written.
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: ExpressResponse, { flush }: { flush: boolean }): Promise<void> {
  const reader = body.getReader();
  let gone = false;
  let wake = () => {};
  const onClose = () => {
    gone = true;
    wake();
  };
  res.once("close", onClose);
  // one listener for the whole body: compression moves "drain" listeners onto its gzip stream, where
  // a `once` listener is never removed and would pile up
  res.on("drain", () => wake());
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !gone) await new Promise<void>((resolve) => (wake = resolve));
      if (gone) return await reader.cancel();
      if (flush) (res as ExpressResponse & { flush?: () => void }).flush?.();
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  } finally {
    res.off("close", onClose);
  }
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
