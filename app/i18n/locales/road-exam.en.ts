// English: taking an exam (question overview, flags, time warnings), the certificate after the
// exam, an unknown certificate code, file and date fields.
import type mn from "./road-exam.mn";

const roadExam: typeof mn = {
  verifyUnknown: {
    title: "No such certificate",
    lead: "No certificate with the code in this link is in our register.",
    hint: "Check that the whole link or QR code was copied. With a paper certificate, search by its serial and surname below.",
    code: "Code checked: {{code}}",
    searchTitle: "Search by serial and surname",
    jsonNotFound: "No certificate has this code.",
    signingOff: "The key for signing digital credentials is not configured.",
  },
};

export default roadExam;
