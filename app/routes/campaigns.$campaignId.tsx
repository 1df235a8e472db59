import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser, hasRole } from "~/features/auth/guards.server";
import { AIMAG_TILES } from "~/features/events/aimag-tiles";
import { eventDates } from "~/features/events/format";
import * as repo from "~/features/events/repository.server";
import { instantToLocal } from "~/features/events/rules";
import { listAimags } from "~/features/geo/repository.server";
import { formatDateLong } from "~/i18n/format";
import { getLanguage } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const pad = (n: number) => String(n).padStart(2, "0");

/** The weeks of a month, Monday first; days outside it are null. */
function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => `${year}-${pad(month)}-${pad(i + 1)}`)];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

function shiftMonth(year: number, month: number, by: number) {
  const d = new Date(Date.UTC(year, month - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const campaign = await repo.findCampaign(args.params.campaignId ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const lng = await getLanguage(args.request);
  const requested = new URL(args.request.url).searchParams.get("month") ?? "";
  const m = /^(\d{4})-(\d{2})$/.exec(requested);
  const valid = m && Number(m[1]) >= 2000 && Number(m[1]) <= 2100 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
  const [year, month] = valid ? [Number(m[1]), Number(m[2])] : campaign.starts_on.split("-").slice(0, 2).map(Number);
  const [events, aimags] = await Promise.all([repo.listEvents({ campaignId: campaign.id, includeCancelled: true }), listAimags()]);
  const scheduled = events.filter((e) => e.status === "scheduled");
  const numbered = events.map((e, i) => ({
    n: i + 1,
    id: e.id,
    title: lng === "en" ? e.title_en : e.title_mn,
    place: [lng === "en" ? e.sum_en : e.sum_mn, lng === "en" ? e.aimag_en : e.aimag_mn].filter(Boolean).join(", "),
    venue: e.venue,
    dates: eventDates(e.starts_at, e.ends_at, lng),
    cancelled: e.status === "cancelled",
    from: instantToLocal(e.starts_at).date,
    to: instantToLocal(e.ends_at).date,
  }));
  const count = new Map<string, number>();
  for (const e of scheduled) count.set(e.aimag_code, (count.get(e.aimag_code) ?? 0) + 1);
  const day = (d: string) => formatDateLong(`${d}T12:00:00Z`, lng);
  return json({
    title: lng === "en" ? campaign.title_en : campaign.title_mn,
    id: campaign.id,
    dates: `${day(campaign.starts_on)} – ${day(campaign.ends_on)}`,
    staff: Boolean(user && hasRole(user, "admin", "coordinator", "trainer")),
    year,
    month,
    previous: shiftMonth(year, month, -1),
    next: shiftMonth(year, month, 1),
    weeks: monthWeeks(year, month).map((week) =>
      week.map((date) => ({
        date,
        day: date ? Number(date.slice(8)) : 0,
        events: date ? numbered.filter((e) => !e.cancelled && e.from <= date && date <= e.to).map((e) => ({ n: e.n, id: e.id, title: e.title })) : [],
      })),
    ),
    tiles: aimags.map((a) => {
      const tile = AIMAG_TILES[a.code];
      return {
        code: a.code,
        name: lng === "en" ? a.name_en : a.name_mn,
        short: tile ? tile[lng] : lng === "en" ? a.name_en : a.name_mn,
        abbr: tile ? (lng === "en" ? tile.abbrEn : tile.abbrMn) : a.code,
        col: tile?.col ?? null,
        row: tile?.row ?? null,
        count: count.get(a.code) ?? 0,
      };
    }),
    events: numbered,
  });
}

export default function CampaignPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const eventsOf = (code: string) => `/events?campaign=${encodeURIComponent(d.id)}&aimag=${encodeURIComponent(code)}`;
  const weekdays = [1, 2, 3, 4, 5, 6, 7];
  return (
    <>
      <p className="mb-2">
        <Link to="/campaigns">← {t("events.campaigns")}</Link>
      </p>
      <h1 className="page-title">{d.title}</h1>
      <p className="mt-2 text-slate-700">{d.dates}</p>
      {d.staff ? (
        <p className="mt-4">
          <Link to="/events/new" className="btn-primary">
            {t("eventPlan.newEvent")}
          </Link>
        </p>
      ) : null}

      <section className="card mt-6" aria-labelledby="calendar">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id="calendar" className="text-xl font-bold">
            {t("eventPlan.campaign.monthTitle", { year: d.year, month: t(`eventPlan.months.${d.month}`) })}
          </h2>
          <nav aria-label={t("eventPlan.campaign.months")} className="flex gap-2">
            <Link to={`?month=${d.previous}`} className="btn-secondary" rel="prev">
              ← <span className="sr-only sm:not-sr-only">{t("eventPlan.campaign.previousMonth")}</span>
            </Link>
            <Link to={`?month=${d.next}`} className="btn-secondary" rel="next">
              <span className="sr-only sm:not-sr-only">{t("eventPlan.campaign.nextMonth")}</span> →
            </Link>
          </nav>
        </div>
        <table className="w-full table-fixed border-collapse text-sm">
          <caption className="sr-only">{t("eventPlan.campaign.monthTitle", { year: d.year, month: t(`eventPlan.months.${d.month}`) })}</caption>
          <thead>
            <tr>
              {weekdays.map((w) => (
                <th key={w} scope="col" className="border border-slate-200 bg-slate-50 px-1 py-1 text-center font-semibold">
                  <abbr title={t(`eventPlan.weekdays.${w}`)} className="no-underline">
                    {t(`eventPlan.weekdaysShort.${w}`)}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.weeks.map((week) => (
              <tr key={week.find((c) => c.date)?.date}>
                {week.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a day's place in the week
                  <td key={i} className={`h-16 border border-slate-200 p-1 align-top ${c.date ? "" : "bg-slate-50"}`}>
                    {c.date ? (
                      <>
                        <span className={c.events.length ? "font-bold" : "text-slate-600"}>{c.day}</span>
                        {c.events.length ? (
                          <ul className="mt-1 flex flex-wrap gap-1 sm:block sm:space-y-1">
                            {c.events.map((e) => (
                              <li key={e.id}>
                                <Link
                                  to={`/events/${e.id}`}
                                  className="inline-flex min-h-6 min-w-6 items-center justify-center rounded bg-primary px-1 text-xs font-semibold text-white no-underline hover:text-white sm:hidden"
                                  aria-label={e.title}
                                >
                                  {e.n}
                                </Link>
                                <Link to={`/events/${e.id}`} className="hidden text-xs leading-tight break-words sm:line-clamp-3">
                                  {e.n}. {e.title}
                                </Link>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card mt-6" aria-labelledby="map">
        <h2 id="map" className="mb-1 text-xl font-bold">
          {t("eventPlan.campaign.map")}
        </h2>
        <p className="mb-3 text-sm text-slate-700">{t("eventPlan.campaign.mapHelp")}</p>
        <ul className="grid grid-cols-8 gap-0.5 sm:gap-1" aria-label={t("eventPlan.campaign.map")}>
          {d.tiles
            .filter((x) => x.col)
            .map((x) => (
              <li key={x.code} style={{ gridColumn: x.col ?? undefined, gridRow: x.row ?? undefined }}>
                <Link
                  to={eventsOf(x.code)}
                  aria-label={t("eventPlan.campaign.tileLabel", { name: x.name, count: x.count })}
                  className={`flex min-h-14 flex-col items-center justify-center rounded px-0.5 py-1 text-center no-underline sm:min-h-16 ${
                    x.count ? "border-2 border-primary-dark bg-primary-light font-bold text-primary-dark" : "border border-slate-300 bg-white text-slate-700"
                  }`}
                >
                  <span className="text-[0.7rem] leading-tight sm:hidden">{x.abbr}</span>
                  <span className="hidden w-full truncate text-xs leading-tight sm:block">{x.short}</span>
                  <span className={x.count ? "text-base sm:text-lg" : "text-xs"}>{x.count}</span>
                </Link>
              </li>
            ))}
        </ul>
        <h3 className="mt-4 mb-1 font-semibold">{t("eventPlan.campaign.byAimag")}</h3>
        <ul className="grid gap-x-6 text-sm sm:grid-cols-2">
          {d.tiles
            .filter((x) => x.count)
            .map((x) => (
              <li key={x.code}>
                <Link to={eventsOf(x.code)}>{x.name}</Link>: {t("eventPlan.campaign.eventCount", { count: x.count })}
              </li>
            ))}
          {d.tiles.every((x) => !x.count) ? <li>{t("eventPlan.campaign.noEvents")}</li> : null}
        </ul>
      </section>

      <section className="card mt-6" aria-labelledby="list">
        <h2 id="list" className="mb-2 text-xl font-bold">
          {t("events.title")}
        </h2>
        {d.events.length ? (
          <ol className="divide-y divide-slate-200">
            {d.events.map((e) => (
              <li key={e.id} className="py-2">
                <span className="font-semibold">{e.n}. </span>
                <Link to={`/events/${e.id}`}>{e.title}</Link>
                {e.cancelled ? <span className="ml-2 font-semibold text-danger">({t("events.status.cancelled")})</span> : null}
                <span className="block text-sm text-slate-700">
                  {e.dates} · {e.venue}
                  {e.place ? `, ${e.place}` : ""}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("eventPlan.campaign.noEvents")}</p>
        )}
      </section>
    </>
  );
}

export const meta = titleMeta;
