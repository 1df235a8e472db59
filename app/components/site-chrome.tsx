import { Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forgetStoredPages } from "~/features/events/roll-call-queue";

interface HeaderUser {
  name: string;
  canManage: boolean;
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
      className="inline-flex min-h-11 items-center rounded-md border border-white/60 px-3 text-sm font-semibold text-white no-underline hover:bg-white/10 hover:text-white"
    >
      <span className="hidden sm:inline">{t("nav.switchTo")}</span>
      <span className="sm:hidden">{t("nav.switchToShort")}</span>
    </a>
  );
}

export function SiteHeader({ user, locale }: { user: HeaderUser | null; locale: "mn" | "en" }) {
  const { t } = useTranslation();
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `inline-flex min-h-11 items-center px-2 text-white no-underline hover:text-white hover:underline ${isActive ? "underline decoration-2 underline-offset-8" : ""}`;
  return (
    <header className="bg-primary text-white print:hidden">
      <a href="#main" className="sr-only bg-white px-4 py-2 text-primary focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
        {t("nav.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-5xl items-center gap-x-2 px-4 py-1 sm:gap-x-4 sm:py-2">
        <Link to="/" className="mr-auto flex min-h-11 shrink-0 items-center gap-2 text-white no-underline hover:text-white">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="6" fill="#fff" />
            <path d="M9 8h14v3H13v3.5h9v3h-9V21h10v3H9z" fill="#015197" />
          </svg>
          <span className="text-xl font-bold tracking-wide">{t("app.name")}</span>
        </Link>
        <LanguageSwitch locale={locale} />
        {user ? (
          <details className="relative min-w-0">
            <summary className="flex min-h-11 cursor-pointer list-none items-center gap-1 rounded-md px-2 font-semibold hover:bg-white/10">
              <span className="sr-only">{t("nav.account")}: </span>
              <span className="max-w-[9rem] truncate sm:max-w-none">{user.name}</span>
              <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
                <path d="M4 6l4 4 4-4z" />
              </svg>
            </summary>
            <div className="absolute right-0 z-20 mt-1 w-56 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white py-1 text-slate-900 shadow-lg">
              <Link to="/profile" className="block px-4 py-3 text-slate-900 no-underline hover:bg-slate-100">
                {t("nav.profile")}
              </Link>
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
                <button type="submit" className="block w-full cursor-pointer px-4 py-3 text-left hover:bg-slate-100">
                  {t("nav.logout")}
                </button>
              </form>
            </div>
          </details>
        ) : (
          <Link to="/login" className="inline-flex min-h-11 items-center px-2 font-semibold text-white hover:text-white">
            {t("nav.login")}
          </Link>
        )}
      </div>
      <nav aria-label={t("nav.mainMenu")} className="border-t border-white/20">
        {/* One row on a phone: the menu scrolls sideways rather than taking a third of the screen. */}
        <ul className="mx-auto flex max-w-5xl gap-x-1 overflow-x-auto whitespace-nowrap px-2 pr-10 max-sm:[mask-image:linear-gradient(to_right,#000_88%,transparent)] sm:flex-wrap sm:gap-x-3 sm:px-4">
          <li>
            <NavLink to="/" end className={navClass}>
              {t("nav.home")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/courses" className={navClass}>
              {t("nav.courses")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/events" className={navClass}>
              <span className="sm:hidden">{t("eventPlan.navLinkShort")}</span>
              <span className="max-sm:hidden">{t("eventPlan.navLink")}</span>
            </NavLink>
          </li>
          {user ? (
            <li>
              <NavLink to="/my" className={navClass}>
                {t("nav.myLearning")}
              </NavLink>
            </li>
          ) : null}
          {user ? (
            <li>
              <NavLink to="/certificates" className={navClass}>
                {t("nav.certificates")}
              </NavLink>
            </li>
          ) : null}
          {user?.canManage ? (
            <li>
              <NavLink to="/admin" className={navClass}>
                {t("nav.admin")}
              </NavLink>
            </li>
          ) : null}
          {!user ? (
            <li>
              <NavLink to="/register" className={navClass}>
                {t("nav.register")}
              </NavLink>
            </li>
          ) : null}
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
