import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { lookUpCertificate } from "~/features/certificates/verification.server";

export async function loader(args: LoaderFunctionArgs) {
  const { data } = await lookUpCertificate(args.request, args.context, args.params.code ?? "", true);
  return json(data, { headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } });
}
