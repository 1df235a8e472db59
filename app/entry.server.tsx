import { PassThrough } from "node:stream";
import {
  createReadableStreamFromReadable,
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type HandleDataRequestFunction,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { migrateToLatest } from "../db/connection";
import { NonceProvider } from "./components/nonce";
import { config } from "./config.server";
import { deviceCookie, sessionCookie } from "./features/auth/cookie.server";
import { database } from "./db.server";
import { warmUpCertificatePdf } from "./features/certificates/pdf.server";
import { contentVersion, liveContent } from "./features/content/content.server";
import { indexLessonText } from "./features/content/search.server";
import { startScheduler } from "./features/notifications/jobs.server";
import { startOutboxSender } from "./features/notifications/sender.server";
import { isLanguage } from "./i18n/config";
import { getLanguage, i18nInstance, languageCookie } from "./i18n/i18next.server";

const ABORT_DELAY = 5_000;

// The HTTP server (server/main.ts) takes its settings from the app build, so that the whole
// process runs on one validated config, and learns which cookie the language is kept in.
export { config };
export const languageCookieName = languageCookie.name;
// the content version served, for the anonymous page cache's keys (decision 038)
export { contentVersion };
// Personal pages built from shared documents (server/shaped-pages.ts, decision 028): the cookies
// such a page may be asked for with (any other, a flash message say, means a full render).
export { NAME_MARKER, pageShape, SHAPED_PATH } from "./features/pages/shaped-page.server";
export const shapedPageCookies: ReadonlySet<string> = new Set([sessionCookie.name, deviceCookie.name, languageCookie.name]);

/** Run once by the HTTP server (server/main.ts) before it listens: the schema is always current when requests arrive. */
export async function startup({ migrate = true } = {}): Promise<void> {
  if (migrate) await migrateToLatest(database.db);
  if (config.NODE_ENV === "production") {
    const started = performance.now();
    // the live published version (the deployed folder is published first when nothing is yet), compiled
    const { version, compiled, failed, published } = await liveContent!.start();
    for (const f of failed) console.error(`content: ${f}`);
    console.log(
      `Content ${version}${published ? " (published at start-up)" : ""}: ${compiled} lessons compiled in ${Math.round(performance.now() - started)} ms`,
    );
    // the catalogue search's text, so the first search reads no files; again for each version swapped to
    indexLessonText();
    liveContent!.onSwap(() => indexLessonText());
    await warmUpCertificatePdf();
  }
}

/** Work a server process does besides answering requests: sending the e-mail outbox (decision 031). Returns its stop. */
export function startBackgroundJobs(): () => void {
  const stops = [
    startOutboxSender(),
    config.JOBS_IN_APP ? startScheduler() : () => {},
    // a newly published content version, swapped to within seconds (decision 038)
    liveContent ? liveContent.watch(config.CONTENT_POLL_SECONDS) : () => {},
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

/** Closes the database (on SQLite this also checkpoints the write-ahead log). */
export async function shutdown(): Promise<void> {
  await database.close();
}

/** `?lng=en` on any URL also remembers the choice. */
async function languageCookieFor(request: Request): Promise<string | null> {
  const lng = new URL(request.url).searchParams.get("lng");
  return isLanguage(lng) ? languageCookie.serialize(lng) : null;
}

async function appendContextCookies(headers: Headers, request: Request, context: AppLoadContext) {
  for (const c of context.responseCookies ?? []) headers.append("Set-Cookie", c);
  const lngCookie = await languageCookieFor(request);
  if (lngCookie) headers.append("Set-Cookie", lngCookie);
}

export const handleDataRequest: HandleDataRequestFunction = async (response, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) => {
  await appendContextCookies(response.headers, request, context);
  return response;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = i18nInstance(await getLanguage(request));
  await appendContextCookies(responseHeaders, request, loadContext);
  const nonce = loadContext.cspNonce ?? "";
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The timer holds the whole render (loader data, the lesson's HTML): it is cleared as soon as
    // React has written the page, or it kept thousands of finished pages alive for 5 s under load.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          body.once("finish", () => clearTimeout(timer));
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}
