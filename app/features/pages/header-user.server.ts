// What the site header shows of the signed-in user: the root loader's one rule, which the shape of
// a personal page (shaped-page.server.ts) keys on too.
import type { AppLoadContext } from "@remix-run/node";
import { type CurrentUser, hasRole } from "~/features/auth/guards.server";
import { shortName } from "~/i18n/format";

export function headerUser(user: CurrentUser, context?: AppLoadContext) {
  return {
    id: user.id,
    // a page rendered as a template carries a marker where the name goes
    name: context?.pageTemplate ? context.pageTemplate.nameMarker : shortName(user),
    roles: user.roles.map((r) => r.role),
    canManage: hasRole(user, "admin", "coordinator"),
    /** A trainer's menu links their workspace (/trainer), whether or not they train a course yet. */
    isTrainer: hasRole(user, "trainer"),
    /** Unread notifications, up to UNREAD_CAP (the bell says "9+" beyond 9); part of a shaped page's shape. */
    unread: user.unread,
  };
}
