import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { getUser, hasRole } from "~/features/auth/guards.server";
import { EventCard, type EventCardData } from "~/features/events/event-card";
import { eventDates } from "~/features/events/format";
import * as repo from "~/features/events/repository.server";
import { listAimags } from "~/features/geo/repository.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const lng = await getLanguage(args.request);
  const q = new URL(args.request.url).searchParams;
  const [aimags, campaigns] = await Promise.all([listAimags(), repo.listCampaigns()]);
  const campaign = campaigns.find((c) => c.id === q.get("campaign"))?.id ?? "";
  const aimag = aimags.find((a) => a.code === q.get("aimag"))?.code ?? "";
  const past = q.get("when") === "past";
  const now = new Date().toISOString();
  const preferAimag = user && !aimag ? user.aimag_code : undefined;
  let rows = await repo.listEvents({
    campaignId: campaign || undefined,
    aimagCode: aimag || undefined,
    ...(past ? { to: now, includeCancelled: true } : { from: now }),
    preferAimag,
    limit: 200,
  });
  if (past) rows = rows.filter((r) => r.ends_at < now).reverse();
  const mine = new Map(
    (user
      ? await repo.findUserRegistrations(
          user.id,
          rows.map((r) => r.id),
        )
      : []
    ).map((r) => [r.event_id, r]),
  );
  const card = async (r: (typeof rows)[number]): Promise<EventCardData> => {
    const m = mine.get(r.id);
    return {
      id: r.id,
      title: lng === "en" ? r.title_en : r.title_mn,
      place: [lng === "en" ? r.sum_en : r.sum_mn, lng === "en" ? r.aimag_en : r.aimag_mn].filter(Boolean).join(", "),
      venue: r.venue,
      dates: eventDates(r.starts_at, r.ends_at, lng),
      audience: r.audience ? r.audience.split(",") : [],
      left: Math.max(0, r.capacity - Number(r.registered)),
      waiting: Number(r.waiting),
      cancelled: r.status === "cancelled",
      mine: m && m.status !== "cancelled" ? { status: m.status, position: m.status === "waiting" ? await repo.waitingPosition(r.id, m.queue_no) : null } : null,
    };
  };
  const cards = await Promise.all(rows.map(card));
  const ownAimag = preferAimag ? aimags.find((a) => a.code === preferAimag) : undefined;
  const staff = Boolean(user && hasRole(user, "admin", "coordinator", "trainer"));
  const running = user && hasRole(user, "trainer") ? await repo.listEvents({ trainerId: user.id, from: now, includeCancelled: true }) : [];
  const registrations = user ? await repo.listUserRegistrations(user.id, now) : [];
  return json({
    title: await titleFor(args.request, "events.title"),
    filters: { campaign, aimag, when: past ? "past" : "upcoming" },
    aimags: aimags.map((a) => ({ value: a.code, label: lng === "en" ? a.name_en : a.name_mn })),
    campaigns: campaigns.map((c) => ({ value: c.id, label: lng === "en" ? c.title_en : c.title_mn })),
    ownAimag: ownAimag ? (lng === "en" ? ownAimag.name_en : ownAimag.name_mn) : null,
    near: preferAimag ? cards.filter((_, i) => rows[i].aimag_code === preferAimag) : [],
    rest: preferAimag ? cards.filter((_, i) => rows[i].aimag_code !== preferAimag) : cards,
    signedIn: Boolean(user),
    staff,
    canCampaign: Boolean(user && hasRole(user, "admin", "coordinator")),
    running: running.map((r) => ({
      id: r.id,
      title: lng === "en" ? r.title_en : r.title_mn,
      dates: eventDates(r.starts_at, r.ends_at, lng),
      cancelled: r.status === "cancelled",
    })),
    registrations: registrations.map((r) => ({
      id: r.event_id,
      title: lng === "en" ? r.title_en : r.title_mn,
      dates: eventDates(r.starts_at, r.ends_at, lng),
      status: r.status,
    })),
  });
}

export default function Events() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const empty = !d.near.length && !d.rest.length;
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t("events.title")}</h1>
        {d.staff ? (
          <p className="flex flex-wrap gap-3">
            <Link to="/campaigns" className="btn-secondary">
              {t("events.campaigns")}
            </Link>
            <Link to="/events/new" className="btn-primary">
              {t("eventPlan.newEvent")}
            </Link>
          </p>
        ) : null}
      </div>
      <p className="mt-2 text-slate-700">{t("eventPlan.listLead")}</p>

      {d.signedIn ? (
        <section className="card mt-6" aria-labelledby="mine">
          <h2 id="mine" className="mb-2 text-xl font-bold">
            {t("eventPlan.myRegistrations")}
          </h2>
          {d.registrations.length ? (
            <ul className="divide-y divide-slate-200">
              {d.registrations.map((r) => (
                <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2">
                  <Link to={`/events/${r.id}`}>{r.title}</Link>
                  <span className="text-sm text-slate-700">
                    {r.dates} · {t(`events.registration.${r.status}`)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-700">{t("eventPlan.noRegistrations")}</p>
          )}
        </section>
      ) : null}

      {d.running.length ? (
        <section className="card mt-6" aria-labelledby="running">
          <h2 id="running" className="mb-2 text-xl font-bold">
            {t("eventPlan.eventsIRun")}
          </h2>
          <ul className="divide-y divide-slate-200">
            {d.running.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2">
                <Link to={`/events/${r.id}`}>{r.title}</Link>
                <span className="text-sm text-slate-700">
                  {r.dates}
                  {r.cancelled ? ` · ${t("events.status.cancelled")}` : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="get" className="card mt-6 grid items-end gap-3 sm:grid-cols-4" aria-label={t("eventPlan.filters")}>
        <FilterSelect name="campaign" label={t("events.campaign")} value={d.filters.campaign} emptyLabel={t("eventPlan.anyCampaign")} options={d.campaigns} />
        <FilterSelect name="aimag" label={t("fields.aimag")} value={d.filters.aimag} emptyLabel={t("eventPlan.anyAimag")} options={d.aimags} />
        <FilterSelect
          name="when"
          label={t("eventPlan.whenFilter")}
          value={d.filters.when}
          options={[
            { value: "upcoming", label: t("eventPlan.upcoming") },
            { value: "past", label: t("eventPlan.past") },
          ]}
        />
        <button type="submit" className="btn-secondary">
          {t("eventPlan.show")}
        </button>
      </Form>

      {empty ? <p className="card mt-6">{t("eventPlan.noEvents")}</p> : null}
      {d.near.length ? (
        <section className="mt-6" aria-labelledby="near">
          <h2 id="near" className="mb-3 text-xl font-bold">
            {t("eventPlan.inYourAimag", { aimag: d.ownAimag })}
          </h2>
          <ul className="grid gap-4 md:grid-cols-2">
            {d.near.map((e) => (
              <EventCard key={e.id} e={e} />
            ))}
          </ul>
        </section>
      ) : null}
      {d.rest.length ? (
        <section className="mt-6" aria-labelledby="rest">
          <h2 id="rest" className="mb-3 text-xl font-bold">
            {d.near.length ? t("eventPlan.elsewhere") : d.filters.when === "past" ? t("eventPlan.pastEvents") : t("eventPlan.upcomingEvents")}
          </h2>
          <ul className="grid gap-4 md:grid-cols-2">
            {d.rest.map((e) => (
              <EventCard key={e.id} e={e} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const meta = titleMeta;
