// A certificate's verification as JSON (also /verify/:code asked for with Accept: application/json,
// see server/app.ts). Every answer is JSON, an unknown code included.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { jsonError, lookUpCertificate } from "~/features/certificates/verification.server";
import { getFixedT } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const found = await lookUpCertificate(args.request, args.context, args.params.code ?? "", true);
  const cors = { "Access-Control-Allow-Origin": "*" };
  if (!found) return jsonError("not_found", (await getFixedT(args.request))("verifyUnknown.jsonNotFound"), 404, cors);
  return json(found.data, { headers: { "Cache-Control": "no-store", ...cors } });
}
