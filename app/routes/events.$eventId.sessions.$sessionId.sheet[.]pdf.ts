// The printable sign-in sheet of one session (A4, a row and a QR code per registered person), for
// those who may take the event's roll.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/features/auth/guards.server";
import { requireManagedSession, signInSheetPdf } from "~/features/events/paper.server";
import { getFixedT, getLanguage } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const managed = await requireManagedSession(user, args.params.eventId ?? "", args.params.sessionId ?? "");
  const { pdf, filename } = await signInSheetPdf(managed, await getLanguage(args.request), await getFixedT(args.request));
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
