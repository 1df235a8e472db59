// Personal pages built from shared documents (decision 028). A signed-in lesson or course page
// differs from one learner to the next only in the learner's name and in a few facts (language,
// which menus, draft lessons shown, lesson done; a course page's progress and registrations): its
// "shape". The HTTP server (server/shaped-pages.ts) renders
// a page once per shape, with a marker where the name goes, keeps it, and answers the next learner
// of the same shape by putting their name in place of the marker: no routing, loaders or React.
//
// The shape is computed by the same functions the loaders use (`lessonPageFacts`, `coursePageFacts`), and a render
// kept as a template reports the facts it saw, so a template is stored only under the shape it was
// actually made from. tests: shaped-page.server.test.ts renders pages both ways and compares them.
import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { readSessionToken } from "~/features/auth/cookie.server";
import { coursePageFacts, courseShapeKey } from "~/features/content/course-page.server";
import { lessonPageFacts, lessonShapeKey } from "~/features/content/lesson-page.server";
import { shortName } from "~/i18n/format";

/** Where the name goes in a template: random per process, letters and digits only (HTML-escaping leaves it as it is). */
export const NAME_MARKER = `erdem${crypto.randomBytes(12).toString("hex")}name`;

/** Set on the load context by the HTTP server when it renders a page to keep as a template. */
export interface TemplateRender {
  nameMarker: string;
  /** The shape the page's loaders saw, set by them as they run. */
  seen?: string;
}

export interface PageShape {
  key: string;
  /** The reader's name as the header shows it. */
  name: string;
}

/** Paths that may have a shape, a course page or a lesson: anything else goes straight to the app. */
export const SHAPED_PATH = /^\/courses\/[a-z0-9-]+(?:\/[a-z0-9-]+)?$/;

/**
 * The shape of the page this request asks for, or null when it must be rendered as it is: not a
 * shaped page, a query string, no valid session, or a session being renewed (its cookie goes with a
 * full render). The HTTP server has already turned away cookies outside `shapedPageCookies`.
 */
export async function pageShape(request: Request, context: AppLoadContext): Promise<PageShape | null> {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  if (url.search || !SHAPED_PATH.test(url.pathname)) return null;
  if (!(await readSessionToken(request))) return null;
  const [, , course, lesson] = url.pathname.split("/");
  if (lesson === undefined) {
    const facts = await coursePageFacts({ request, context, params: { course } });
    if (!facts?.user || context.responseCookies.length) return null;
    return { key: courseShapeKey(facts), name: shortName(facts.user) };
  }
  const facts = await lessonPageFacts({ request, context, params: { course, lesson } });
  if (!facts?.user || context.responseCookies.length) return null;
  return { key: lessonShapeKey(facts), name: shortName(facts.user) };
}
