// The header's bell: a plain link to the notifications page, named with the unread count for
// screen readers, with the count drawn as a badge ("9+" beyond nine; the session counts up to ten).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function NotificationBell({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const label = unread > 9 ? t("notifications.bellMany") : unread ? t("notifications.bellUnread", { count: unread }) : t("notifications.bell");
  return (
    <Link
      to="/notifications"
      aria-label={label}
      className="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-md text-white no-underline hover:bg-white/10 hover:text-white"
    >
      <svg
        aria-hidden="true"
        width="22"
        height="22"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread ? (
        <span
          aria-hidden="true"
          className="absolute right-0.5 top-1 min-w-5 rounded-full bg-amber-400 px-1 text-center text-xs font-bold leading-5 text-slate-900"
        >
          {unread > 9 ? "9+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
