// English for road.mn.ts.
import type mn from "./road.mn";

const road: typeof mn = {
  missingTitle: "Still needed for the certificate",
  lessonsLeft: "Lessons: {{done}} of {{total}} done, {{left}} left",
  examMissing: "The final exam is not passed yet",
  attendanceMissing: "Attendance at an in-person training is not recorded yet",
  attendanceWhere: "In-person training dates",
  certificate: "Your certificate",
  completedOn: "Completed on",
  validUntil: "Valid until",
  validUntilDate: "{{date}}",
  expiredOn: "Expired on",
  noExpiry: "Does not expire",
  renewal: "Renewal due",
  renewalFrom: "from {{date}}",
  renewalNow: "Now",
  renewalNowLead: "The certificate is valid until {{date}}. Pass the final exam again to keep it valid.",
  expiredLead: "This certificate has expired. Pass the final exam again to get a new one.",
  revokedLead: "This certificate has been revoked.",
  pdf: "Certificate (PDF)",
  verify: "Verification page",
  credential: "Digital credential",
  credentialWhat:
    "The digital credential is the certificate as a signed file: your employer's or another agency's system can check it on its own, without phoning us.",
  renewalsTitle: "Certificates",
  renewalDueOn: "{{course}}: certificate valid until {{date}} — renew it now",
  expiredOnCourse: "{{course}}: certificate expired on {{date}}",
  allCertificates: "All certificates",
  moduleProgress: "{{done}} of {{total}} lessons done",
  moduleLessons: "{{total}} lessons",
  moduleDone: "Module completed",
};

export default road;
