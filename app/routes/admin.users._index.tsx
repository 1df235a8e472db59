import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect, Pager } from "~/components/list-controls";
import { forbidden, readableAimags, requireRole } from "~/features/auth/guards.server";
import { findOrganisation, findSum, listAimags } from "~/features/geo/repository.server";
import { decodePersonCursor, encodePersonCursor, listUsers, USERS_COUNT_CAP } from "~/features/users/repository.server";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { ROLES, type Role } from "../../db/schema";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const url = new URL(args.request.url);
  const scope = readableAimags(user);
  const aimagCode = url.searchParams.get("aimag")?.trim() || undefined;
  if (aimagCode && scope !== "all" && !scope.includes(aimagCode)) throw forbidden();
  const q = url.searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const requestedRole = url.searchParams.get("role");
  const role = (ROLES as readonly string[]).includes(requestedRole ?? "") ? (requestedRole as Role) : undefined;
  const after = decodePersonCursor(url.searchParams.get("after"));
  const before = after ? null : decodePersonCursor(url.searchParams.get("before"));
  // a sum or an organisation (the dashboards link here for the people of one place), within the aimag chosen
  const [sum, organisation] = await Promise.all([
    url.searchParams.get("sum") && aimagCode ? findSum(url.searchParams.get("sum")!) : undefined,
    url.searchParams.get("organisation") && aimagCode ? findOrganisation(url.searchParams.get("organisation")!) : undefined,
  ]);
  const sumId = sum && sum.aimag_code === aimagCode ? sum.id : undefined;
  const organisationId = organisation ? organisation.id : undefined;
  const [{ users, total, more }, aimags] = await Promise.all([
    listUsers({ aimags: scope, aimagCode, sumId, organisationId, q, role }, { after: after ?? undefined, before: before ?? undefined }),
    listAimags(),
  ]);
  const first = users[0];
  const last = users.at(-1);
  const cursorOf = (u: { surname: string; given_name: string; id: string }) => encodePersonCursor({ surname: u.surname, givenName: u.given_name, id: u.id });
  const name = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const aimagName = (mn: string, en: string) => (lng === "en" ? en : mn);
  return json({
    title: await titleFor(args.request, "admin.users"),
    totalText: total === null ? "" : formatNumber(Math.min(total, USERS_COUNT_CAP), lng),
    total,
    /** More match than were counted. */
    capped: total !== null && total > USERS_COUNT_CAP,
    // a page reached backwards has a next page (the one it came from); its previous exists if more rows were read
    previous: first && (before ? more : Boolean(after)) ? cursorOf(first) : null,
    next: last && (before ? true : more) ? cursorOf(last) : null,
    filter: { aimag: aimagCode ?? "", sum: sumId ?? "", organisation: organisationId ?? "", q: q ?? "", role: role ?? "" },
    place: sumId && sum ? name(sum) : organisationId && organisation ? name(organisation) : "",
    aimags: aimags.filter((a) => scope === "all" || scope.includes(a.code)).map((a) => ({ code: a.code, name: name(a) })),
    users: users.map((u) => ({
      id: u.id,
      name: `${u.surname} ${u.given_name}`,
      email: u.email,
      position: u.position,
      place: `${aimagName(u.aimag_mn, u.aimag_en)}, ${aimagName(u.sum_mn, u.sum_en)}`,
      disabled: Boolean(u.disabled_at),
      // the plain learner role goes without saying; staff roles are shown
      roles: u.roles.filter((r) => r !== "learner"),
    })),
  });
}

export default function Users() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pageLink = (cursor: string, key: "after" | "before") => {
    const p = new URLSearchParams({
      ...(data.filter.aimag ? { aimag: data.filter.aimag } : {}),
      ...(data.filter.sum ? { sum: data.filter.sum } : {}),
      ...(data.filter.organisation ? { organisation: data.filter.organisation } : {}),
      ...(data.filter.q ? { q: data.filter.q } : {}),
      ...(data.filter.role ? { role: data.filter.role } : {}),
      [key]: cursor,
    });
    return `?${p}`;
  };
  return (
    <>
      <h1 className="page-title">{t("admin.users")}</h1>
      <p className="mt-1 text-slate-700">
        {data.total === null ? t("reports.manyMatches") : t(data.capped ? "admin.usersLeadMore" : "admin.usersLead", { total: data.totalText })}
      </p>
      {data.place ? (
        <p className="mt-2">
          {t("admin.usersOfPlace", { place: data.place })} <Link to={`?aimag=${data.filter.aimag}`}>{t("admin.usersWholeAimag")}</Link>
        </p>
      ) : null}
      <Form method="get" className="card mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto] lg:items-end">
        {data.filter.sum ? <input type="hidden" name="sum" value={data.filter.sum} /> : null}
        {data.filter.organisation ? <input type="hidden" name="organisation" value={data.filter.organisation} /> : null}
        <div>
          <label htmlFor="q" className="field-label">
            {t("admin.searchUsers")}
          </label>
          <input id="q" name="q" type="search" defaultValue={data.filter.q} className="field-input" />
        </div>
        <FilterSelect
          name="aimag"
          label={t("fields.aimag")}
          value={data.filter.aimag}
          emptyLabel={data.aimags.length > 1 ? t("admin.allAimags") : undefined}
          options={data.aimags.map((a) => ({ value: a.code, label: a.name }))}
        />
        <FilterSelect
          name="role"
          label={t("assign.role")}
          value={data.filter.role}
          emptyLabel={t("assign.anyRole")}
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <button type="submit" className="btn-primary">
          {t("form.search")}
        </button>
      </Form>
      {data.users.length === 0 ? (
        <p className="mt-6">{t("admin.noUsers")}</p>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {data.users.map((u) => (
            <li key={u.id} className="grid gap-x-4 gap-y-1 px-4 py-3 sm:grid-cols-[2fr_2fr_1fr] sm:items-center">
              <span>
                <Link to={`/admin/users/${u.id}`} className="font-semibold">
                  {u.name}
                </Link>
                <span className="block break-all text-sm text-slate-600">{u.email}</span>
              </span>
              <span className="text-sm text-slate-700">
                {u.position}
                <span className="block">{u.place}</span>
              </span>
              <span className="flex flex-wrap gap-1 sm:justify-end">
                {u.roles.map((r) => (
                  <span key={r} className="rounded bg-primary-light px-2 py-0.5 text-sm font-semibold text-primary-dark">
                    {t(`roles.${r}`)}
                  </span>
                ))}
                {u.disabled ? <span className="rounded bg-slate-200 px-2 py-0.5 text-sm">{t("admin.disabled")}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.previous || data.next ? (
        <Pager position="" previous={data.previous ? pageLink(data.previous, "before") : null} next={data.next ? pageLink(data.next, "after") : null} />
      ) : null}
    </>
  );
}

export const meta = titleMeta;
