// The Excel template for assigning learners from a file: the columns the reader expects, the
// due-date column as date cells (features/enrolment/spreadsheet.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/features/auth/guards.server";
import { assignmentTemplate } from "~/features/enrolment/spreadsheet.server";

let template: Promise<Uint8Array> | undefined;

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "admin", "coordinator");
  // the same bytes for everyone: made once per process
  template ??= assignmentTemplate().catch((error) => {
    template = undefined;
    throw error;
  });
  return new Response(Buffer.from(await template), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="erdem-assign-template.xlsx"; filename*=UTF-8''erdem-%D1%85%D1%83%D0%B2%D0%B0%D0%B0%D1%80%D0%B8%D0%BB%D0%B0%D1%85.xlsx`,
      "Cache-Control": "private, max-age=3600",
    },
  });
}
