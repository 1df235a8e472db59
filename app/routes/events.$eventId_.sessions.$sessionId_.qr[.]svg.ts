// The current self check-in QR code as an SVG, for the QR page's refresh; the code, its seconds
// left and the check-ins so far ride in headers. Never cached: a stored copy would be a stale code.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/features/auth/guards.server";
import { currentCheckIn, requireRollCall } from "~/features/events/roll-call.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { session } = await requireRollCall(user, args.params.eventId, args.params.sessionId);
  if (!session.self_check_in) return new Response("Self check-in is off", { status: 404, headers: { "Cache-Control": "no-store" } });
  const qr = await currentCheckIn(session);
  return new Response(qr.svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Check-In-Code": qr.code,
      "X-Seconds-Left": String(qr.secondsLeft),
      "X-Checked-In": String(qr.checkedIn),
    },
  });
}
