// One training event in a list: what, where, when, for whom, how full, and the viewer's own place.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface EventCardData {
  id: string;
  title: string;
  place: string;
  venue: string;
  dates: string;
  audience: string[];
  left: number;
  waiting: number;
  cancelled: boolean;
  mine: { status: "registered" | "waiting"; position: number | null } | null;
}

export function EventCard({ e, headingLevel = 3 }: { e: EventCardData; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card">
      <H className="text-lg font-bold">
        <Link to={`/events/${e.id}`}>{e.title}</Link>
      </H>
      {e.cancelled ? <p className="mt-1 font-semibold text-danger">{t("events.status.cancelled")}</p> : null}
      <p className="mt-1">{e.dates}</p>
      <p className="text-slate-700">
        {e.venue}
        {e.place ? ` · ${e.place}` : null}
      </p>
      {e.audience.length ? <p className="mt-1 text-sm text-slate-700">{e.audience.map((a) => t(`events.audience.${a}`)).join(", ")}</p> : null}
      <p className="mt-2 text-sm">
        {t("eventPlan.placesLeft", { count: e.left })}
        {e.waiting ? ` · ${t("eventPlan.waitingCount", { count: e.waiting })}` : null}
      </p>
      {e.mine ? (
        <p className="mt-2 inline-block rounded-full bg-success-light px-3 py-1 text-sm font-semibold text-success">
          {e.mine.status === "registered" ? t("events.registration.registered") : t("eventPlan.waitingN", { position: e.mine.position })}
        </p>
      ) : null}
    </li>
  );
}
