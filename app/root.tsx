import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { FlashMessage } from "./components/flash-message";
import { useNonce } from "./components/nonce";
import { config } from "./config.server";
import { ContentErrorPanel, isContentErrorView } from "./features/content/error-panel";
import { takeFlash } from "./features/auth/flash.server";
import { getUser } from "./features/auth/guards.server";
import { headerUser } from "./features/pages/header-user.server";
import { DEV_RELOAD_SCRIPT } from "./features/pages/dev-reload";
import { getLanguage } from "./i18n/i18next.server";
import styles from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const handle = { i18n: "common" };

/** Pages set their own titles; an error page's title is written by Layout, in the page's language. */
export const meta: MetaFunction = () => [];

export async function loader(args: LoaderFunctionArgs) {
  const [locale, user, flash] = await Promise.all([getLanguage(args.request), getUser(args), takeFlash(args.request, args.context)]);
  return json({
    locale: locale === "en" ? ("en" as const) : ("mn" as const),
    flash,
    user: user ? headerUser(user, args.context) : null,
    // a development server reloads its pages when a lesson is saved or the app rebuilt (decision 037)
    devReload: config.NODE_ENV === "development",
  });
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** The heading of the error page for this error: not found, no access, or something went wrong. */
function errorTitle(error: unknown, t: (key: string) => string) {
  if (isRouteErrorResponse(error) && isContentErrorView(error.data)) return t("contentError.title");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return status === 404 ? t("errorPage.notFoundTitle") : status === 403 ? t("errorPage.forbiddenTitle") : t("errorPage.title");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const { t, i18n } = useTranslation();
  // set when the root error boundary renders (Layout wraps it too)
  const error = useRouteError();
  const nonce = useNonce();
  // Pages that opt out of hydration (lessons) are sent without any JavaScript.
  const hydrate = !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  const lang = data?.locale ?? (i18n.language === "en" ? "en" : "mn");
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#015197" />
        {error ? <title>{`${errorTitle(error, t)} — ${t("app.name")}`}</title> : null}
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
        {data?.devReload ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: our own constant script, not content
          <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: DEV_RELOAD_SCRIPT }} />
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  const data = useRootData();
  // report tables with a dozen columns get the width of a 1280 px screen; reading pages keep theirs
  const wide = useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide);
  return (
    <>
      <SiteHeader user={data?.user ?? null} locale={data?.locale ?? "mn"} />
      <main id="main" className={`mx-auto w-full ${wide ? "max-w-7xl" : "max-w-5xl"} flex-1 px-4 py-6 sm:py-10 print:max-w-none print:p-0`}>
        {data?.flash ? <FlashMessage flash={data.flash} /> : null}
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const data = useRootData();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // a broken lesson, for those who may see where it is broken (features/content/lesson-error.server.ts)
  if (isRouteErrorResponse(error) && isContentErrorView(error.data)) {
    return (
      <>
        <SiteHeader user={data?.user ?? null} locale={data?.locale ?? "mn"} />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-10">
          <ContentErrorPanel view={error.data} />
        </main>
        <SiteFooter />
      </>
    );
  }
  if (status >= 500) console.error(error);
  const [title, text] =
    status === 404
      ? [t("errorPage.notFoundTitle"), t("errorPage.notFound")]
      : status === 403
        ? [t("errorPage.forbiddenTitle"), t("errorPage.forbidden")]
        : [t("errorPage.title"), t("errorPage.serverError")];
  return (
    <>
      <SiteHeader user={data?.user ?? null} locale={data?.locale ?? "mn"} />
      <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-10">
        <div className="card">
          <p className="text-sm font-semibold text-slate-600">{status}</p>
          <h1 className="page-title mt-1">{title}</h1>
          <p className="mt-3">{text}</p>
          <p className="mt-6">
            <a className="btn-primary" href="/">
              {t("errorPage.backHome")}
            </a>
          </p>
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
