import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasRole, requireRole } from "~/features/auth/guards.server";
import { titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  return json({ title: await titleFor(args.request, "admin.title"), isAdmin: hasRole(user, "admin") });
}

export default function AdminHome() {
  const { isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const links = [
    { to: "/admin/reports", label: t("reports.title") },
    { to: "/admin/users", label: t("admin.users") },
    { to: "/admin/enrolments", label: t("assign.title") },
    ...(isAdmin
      ? [
          { to: "/admin/certificates", label: t("adminCertificates.title") },
          { to: "/admin/organisations", label: t("admin.organisations") },
          { to: "/admin/sums", label: t("admin.sums") },
        ]
      : []),
  ];
  return (
    <>
      <h1 className="page-title">{t("admin.title")}</h1>
      <p className="mt-2 text-slate-700">{t("admin.lead")}</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-3">
        {links.map((l) => (
          <li key={l.to}>
            <Link to={l.to} className="card block text-lg font-bold no-underline hover:bg-primary-light">
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta = titleMeta;
