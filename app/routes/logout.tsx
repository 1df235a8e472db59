import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endSession } from "~/features/auth/auth.server";
import { redirectWithFlash } from "~/features/auth/flash.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(request);
  return redirectWithFlash("/", { key: "logout.done", kind: "info" }, { headers: { "Set-Cookie": cookie } });
}
