import { Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { forgetStoredPages } from "~/features/events/roll-call-queue";
import { NotificationBell } from "./notification-bell";

interface HeaderUser {
  name: string;
  canManage: boolean;
  isTrainer?: boolean;
  /** Unread notifications, up to ten (part of a shaped page's shape). */
  unread: number;
}

function LanguageSwitch({ locale }: { locale: "mn" | "en" }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other = locale === "mn" ? "en" : "mn";
  const params = new URLSearchParams(location.search);
  params.delete("lng");
  const back = location.pathname + (params.size ? `?${params}` : "");
  // A plain link (full page load): works without JavaScript and reloads every string in the new language.
  return (
    <a
      href={`/language?lng=${other}&redirectTo=${encodeURIComponent(back)}`}
      lang={other}
      hrefLang={other}
      aria-label={t("nav.switchToLabel")}
      className="inline-flex min-h-11 items-center rounded-md border border-white/60 px-2.5 text-sm font-semibold sm:px-3 text-white no-underline hover:bg-white/10 hover:text-white"
    >
      <span className="hidden sm:inline">{t("nav.switchTo")}</span>
      <span className="sm:hidden">{t("nav.switchToShort")}</span>
    </a>
  );
}

/** The sections of the site, in menu order: the header's row on wide screens and its menu on a phone. */
function menuItems(user: HeaderUser | null) {
  return [
    { to: "/", key: "nav.home", end: true },
    { to: "/courses", key: "nav.courses" },
    { to: "/events", key: "eventPlan.navLink" },
    ...(user
      ? [
          { to: "/my", key: "nav.myLearning" },
          { to: "/certificates", key: "nav.certificates" },
        ]
      : []),
    ...(user?.isTrainer ? [{ to: "/trainer", key: "nav.trainer" }] : []),
    ...(user?.canManage ? [{ to: "/admin", key: "nav.admin" }] : []),
    ...(user ? [] : [{ to: "/register", key: "nav.register" }]),
  ];
}

/**
 * The site menu, a <details> so that it opens without JavaScript. On a phone its button reads "Menu"
 * and it holds every section and the account's links; from 640 px the sections are a row under the
 * header and the same <details> is the account menu under the reader's name. The name is written
 * once in the page: a page built from a shared template (decision 028) has exactly one place for it.
 */
function SiteMenu({ user }: { user: HeaderUser | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);
  // With JavaScript, links navigate without a page load: close the menu once a page is reached,
  // when Escape is pressed and when the reader taps elsewhere.
  const page = location.key;
  useEffect(() => {
    if (ref.current && page) ref.current.open = false;
  }, [page]);
  useEffect(() => {
    const close = (e: PointerEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, []);
  const itemClass = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-12 items-center border-l-4 px-4 py-2 text-slate-900 no-underline hover:bg-slate-100 hover:text-slate-900 ${isActive ? "border-primary bg-primary-light font-bold" : "border-transparent"}`;
  return (
    <details
      ref={ref}
      className={`group sm:relative ${user ? "" : "sm:hidden"}`}
      onKeyDown={(e) => {
        if (e.key === "Escape" && ref.current?.open) {
          ref.current.open = false;
          ref.current.querySelector("summary")?.focus();
        }
      }}
    >
      {/* On a phone an icon over a short word, to leave the row room for the language and log-in links. */}
      <summary className="flex min-h-11 min-w-11 cursor-pointer list-none flex-col items-center justify-center rounded-md border border-white/60 px-1.5 font-semibold leading-none hover:bg-white/10 group-open:bg-white/15 sm:flex-row sm:gap-1 sm:border-transparent sm:px-2 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" fill="currentColor" className="sm:hidden">
          <path className="group-open:hidden" d="M2 4h16v2H2zm0 5h16v2H2zm0 5h16v2H2z" />
          <path className="hidden group-open:block" d="M4.2 2.8 10 8.6l5.8-5.8 1.4 1.4L11.4 10l5.8 5.8-1.4 1.4L10 11.4l-5.8 5.8-1.4-1.4L8.6 10 2.8 4.2z" />
        </svg>
        <span className="mt-0.5 text-xs sm:hidden">{t("nav.menu")}</span>
        {user ? (
          <span className="flex items-center gap-1 max-sm:hidden">
            <span className="sr-only">{t("nav.account")}: </span>
            {user.name}
            <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
              <path d="M4 6l4 4 4-4z" />
            </svg>
          </span>
        ) : null}
      </summary>
      <div className="absolute inset-x-0 top-full z-30 max-h-[calc(100dvh-4rem)] overflow-y-auto border-b border-slate-300 bg-white py-1 text-slate-900 shadow-lg sm:inset-x-auto sm:right-0 sm:mt-1 sm:w-60 sm:rounded-md sm:border">
        <nav aria-label={t("nav.mainMenu")} className="sm:hidden">
          <ul>
            {menuItems(user).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className={itemClass}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user ? (
          <ul aria-label={t("nav.account")} className="max-sm:mt-1 max-sm:border-t max-sm:border-slate-200 max-sm:pt-1">
            <li>
              <NavLink to="/profile" className={itemClass}>
                {t("nav.profile")}
              </NavLink>
            </li>
            <li>
              <form
                method="post"
                action="/logout"
                onSubmit={(e) => {
                  // with JavaScript, the roll-call pages this phone stored for offline use go first
                  e.preventDefault();
                  const form = e.currentTarget;
                  void forgetStoredPages().finally(() => form.submit());
                }}
              >
                <button
                  type="submit"
                  className="flex min-h-12 w-full cursor-pointer items-center border-l-4 border-transparent px-4 py-2 text-left hover:bg-slate-100"
                >
                  {t("nav.logout")}
                </button>
              </form>
            </li>
          </ul>
        ) : null}
      </div>
    </details>
  );
}

export function SiteHeader({ user, locale }: { user: HeaderUser | null; locale: "mn" | "en" }) {
  const { t } = useTranslation();
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `inline-flex min-h-11 items-center px-2 text-white no-underline hover:text-white hover:underline ${isActive ? "underline decoration-2 underline-offset-8" : ""}`;
  return (
    <header className="relative bg-primary text-white print:hidden">
      <a href="#main" className="sr-only bg-white px-4 py-2 text-primary focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
        {t("nav.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-5xl items-center gap-x-1.5 px-3 py-1 sm:gap-x-3 sm:px-4 sm:py-2">
        <Link to="/" className="mr-auto flex min-h-11 shrink-0 items-center gap-2 text-white no-underline hover:text-white">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="6" fill="#fff" />
            <path d="M9 8h14v3H13v3.5h9v3h-9V21h10v3H9z" fill="#015197" />
          </svg>
          <span className="text-xl font-bold tracking-wide">{t("app.name")}</span>
        </Link>
        {user ? <NotificationBell unread={user.unread} /> : null}
        <LanguageSwitch locale={locale} />
        {user ? null : (
          <Link to="/login" className="inline-flex min-h-11 items-center px-1.5 font-semibold text-white hover:text-white sm:px-2">
            {t("nav.login")}
          </Link>
        )}
        <SiteMenu user={user} />
      </div>
      <nav aria-label={t("nav.mainMenu")} className="border-t border-white/20 max-sm:hidden">
        <ul className="mx-auto flex max-w-5xl flex-wrap gap-x-3 px-4">
          {menuItems(user).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end} className={navClass}>
                {t(item.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="mt-10 border-t border-slate-200 bg-white print:hidden">
      <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600">
        <p>{t("footer.text")}</p>
      </div>
    </footer>
  );
}
