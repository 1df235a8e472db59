// Every action reads its input with `request.formData()`, which throws — and Remix answers 500 — on a
// body that is not a well-formed form. So the server reads the body of every state-changing request
// once, before Remix, and lets through only what `formData()` can read: an UTF-8 URL-encoded form or
// a multipart form that parses, no larger than BODY_MAX_BYTES. Anything else gets a short 4xx in
// both languages. The body read here is what Remix is given (see `bufferedBody`).
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

const BODYLESS_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
// RFC 2046 §5.1.1 allows 1 to 70 characters, some of which need quoting; the ones that need none
// are all browsers and HTTP clients use, and all Remix's own multipart parser (which reads the
// header naively) copes with.
const BOUNDARY = /^[0-9A-Za-z'+_\-.]{1,70}$/;

const bodies = new WeakMap<ExpressRequest, Buffer>();

/** A Buffer as the plain bytes the fetch API takes, without copying. */
export function asBytes(body: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length);
}

/** The body the guard read and checked, for the Remix adapter to hand on. */
export function bufferedBody(req: ExpressRequest): Buffer | undefined {
  return bodies.get(req);
}

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

/** `type/subtype; key=value; key="quoted value"`, or null when it is not one. */
export function parseMediaType(header: string | undefined): MediaType | null {
  if (!header) return null;
  const match = /^\s*([\w!#$&^.+-]+\/[\w!#$&^.+-]+)\s*(;.*)?$/.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  const rest = match[2] ?? "";
  const param = /;\s*([\w!#$&^.+-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))\s*/gy;
  let at = 0;
  for (let m = param.exec(rest); m; m = param.exec(rest)) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3];
    at = param.lastIndex;
  }
  if (rest.slice(at).trim() !== "") return null;
  return { type: match[1].toLowerCase(), params };
}

type Refusal = { status: 400 | 413 | 415; mn: string; en: string };

const REFUSALS = {
  type: {
    status: 415,
    mn: "Маягтын өгөгдөл хүлээн авна (application/x-www-form-urlencoded эсвэл multipart/form-data).",
    en: "Only form data is accepted (application/x-www-form-urlencoded or multipart/form-data).",
  },
  charset: { status: 415, mn: "Маягтыг UTF-8 кодчилолоор илгээнэ үү.", en: "Forms must be sent in UTF-8." },
  boundary: { status: 400, mn: "Маягтын хил заагч (boundary) буруу эсвэл дутуу байна.", en: "The form's multipart boundary is missing or invalid." },
  malformed: { status: 400, mn: "Маягтын өгөгдлийг уншиж чадсангүй.", en: "The form data could not be read." },
  encoding: { status: 400, mn: "Маягтад UTF-8 биш тэмдэгт байна.", en: "The form contains bytes that are not UTF-8." },
  tooLarge: { status: 413, mn: "Илгээсэн өгөгдөл хэт том байна.", en: "The request body is too large." },
} satisfies Record<string, Refusal>;

function refuse(res: ExpressResponse, refusal: Refusal, close = false) {
  if (close) res.set("Connection", "close");
  res.status(refusal.status).type("text/plain; charset=utf-8").send(`${refusal.mn}\n${refusal.en}\n`);
}

/** Reads at most `limit` bytes. */
function readBody(req: ExpressRequest, limit: number): Promise<Buffer | "too large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks, size)));
    // A client that went away mid-upload (the stream errs, or closes before its end): nothing to
    // answer, nothing to hand on.
    req.once("error", () => resolve("aborted"));
    req.once("close", () => resolve("aborted"));
  });
}

/** What is wrong with a form body of this media type, or null when `formData()` will read it. */
export async function checkFormBody(mediaType: MediaType, body: Buffer): Promise<Refusal | null> {
  if (mediaType.type === URLENCODED) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      return REFUSALS.encoding;
    }
    return null;
  }
  try {
    await new Response(asBytes(body), { headers: { "Content-Type": `${MULTIPART}; boundary="${mediaType.params.boundary}"` } }).formData();
    return null;
  } catch {
    return REFUSALS.malformed;
  }
}

export function formBodyGuard({ maxBytes }: { maxBytes: number }): RequestHandler {
  return async (req, res, next) => {
    if (BODYLESS_METHODS.has(req.method)) return next();
    const mediaType = parseMediaType(req.get("content-type"));
    // An unread body is not drained: the connection is closed after the answer.
    if (!mediaType || (mediaType.type !== URLENCODED && mediaType.type !== MULTIPART)) return refuse(res, REFUSALS.type, true);
    const charset = mediaType.params.charset?.toLowerCase();
    if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return refuse(res, REFUSALS.charset, true);
    if (mediaType.type === MULTIPART && !BOUNDARY.test(mediaType.params.boundary ?? "")) return refuse(res, REFUSALS.boundary, true);
    const declared = Number(req.get("content-length") ?? 0);
    if (declared > maxBytes) return refuse(res, REFUSALS.tooLarge, true);
    try {
      const body = await readBody(req, maxBytes);
      if (body === "aborted") return;
      if (body === "too large") return refuse(res, REFUSALS.tooLarge, true);
      const problem = await checkFormBody(mediaType, body);
      if (problem) return refuse(res, problem);
      bodies.set(req, body);
      // Handed on in the one spelling that both request.formData() and Remix's multipart parser read.
      req.headers["content-type"] = mediaType.type === MULTIPART ? `${MULTIPART}; boundary=${mediaType.params.boundary}` : URLENCODED;
      next();
    } catch (error) {
      next(error);
    }
  };
}
