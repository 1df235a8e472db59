// Files of a course folder that lessons show (images, videos, captions). Scripts inside an SVG
// cannot run: the response carries its own strict CSP.
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { findCourse } from "~/features/content/content.server";
import { realInside } from "~/features/content/guard";
import { getViewer } from "~/features/content/viewer.server";

const TYPES: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".vtt": "text/vtt; charset=utf-8",
};

export async function loader(args: LoaderFunctionArgs) {
  const course = findCourse(args.params.course ?? "", await getViewer(args));
  const rel = args.params["*"] ?? "";
  const type = TYPES[path.extname(rel).toLowerCase()];
  if (!course || !type) throw new Response("Not found", { status: 404 });
  // the real path (symlinks resolved) must be a file inside the course folder: the guard's rule
  const file = realInside(course.dir, path.resolve(course.dir, rel));
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(createReadableStreamFromReadable(createReadStream(file)), {
    headers: {
      "Content-Type": type,
      "Content-Length": String(statSync(file).size),
      "Cache-Control": "public, max-age=3600",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
