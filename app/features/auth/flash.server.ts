// One-time messages shown after a redirect ("Your details have been saved"); works without JavaScript.
import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { safeRedirectPath } from "./safe-redirect";

const flashCookie = createCookie("erdem_flash", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 });

const FlashSchema = z.object({
  key: z.string().max(100),
  kind: z.enum(["success", "info", "error"]),
  params: z.record(z.string(), z.union([z.string().max(200), z.number()])).optional(),
});
export type Flash = z.infer<typeof FlashSchema>;

export async function redirectWithFlash(to: string, flash: Flash, init: { headers?: HeadersInit } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie.serialize(flash));
  // Targets are the app's own paths, some built from input (a course slug, a page number): the
  // one redirect check keeps them on this site and their Location header valid.
  return redirect(safeRedirectPath(to), { headers });
}

/** Reads the flash message and queues its removal on the response. */
export async function takeFlash(request: Request, context: AppLoadContext): Promise<Flash | null> {
  const raw = await flashCookie.parse(request.headers.get("Cookie"));
  if (raw === null || raw === undefined) return null;
  context.responseCookies.push(await flashCookie.serialize("", { maxAge: 0 }));
  const parsed = FlashSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
