// English: taking an exam (question overview, flags, time warnings), the certificate after the
// exam, an unknown certificate code, file and date fields.
import type mn from "./road-exam.mn";

const roadExam: typeof mn = {
  examNav: {
    overview: "Question overview",
    overviewLead: "Choose a number to go to that question. The current answer is saved.",
    overviewLeadOnePage: "Choose a number to go to that question.",
    answered: "Answered",
    flagged: "Flagged",
    notAnswered: "Not answered",
    current: "current question",
    item: "Question {{n}}: {{state}}",
    flag: "Flag for review",
    positionOf: "Position of",
    unansweredCount_one: "{{count}} question is not answered.",
    unansweredCount_other: "{{count}} questions are not answered.",
    flaggedCount_one: "{{count}} question is flagged for review.",
    flaggedCount_other: "{{count}} questions are flagged for review.",
    fiveMinutes: "Less than 5 minutes left. Check your answers and submit.",
    oneMinute: "Less than 1 minute left! When time runs out, the saved answers are submitted automatically.",
    autosaveNote: "Each answer is also saved automatically as you give it.",
  },
  examResult: {
    certificateTitle: "Your certificate is ready",
    certificateLead: "You completed the course and received your certificate.",
    allCertificates: "All my certificates",
    notYet: "You passed the exam. The certificate is issued once the rest of the course is done: the course page shows what is left.",
  },
  dateInput: {
    hint: "year-month-day",
    timeHint: "hours:minutes, 24-hour clock",
  },
  fileInput: {
    choose: "Choose a file",
    none: "No file chosen",
    some: "File chosen",
    chosen: "Chosen file: {{name}}",
  },
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
