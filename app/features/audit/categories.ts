// Kinds of audit entries, by the first part of their action ("certificate.revoke" → certificate).
// Shared by the server and the page, so not in a .server module.
export const AUDIT_CATEGORIES = [
  "user",
  "certificate",
  "enrolment",
  "report",
  "organisation",
  "sum",
  "event",
  "attendance",
  "campaign",
  "creditReview",
  "course",
] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];
