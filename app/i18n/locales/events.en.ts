// English for events.mn.ts.
export default {
  title: "Training events",
  campaign: "Campaign",
  campaigns: "Campaigns",
  audience: {
    khurdan_tseg: "Khurdan Tseg officials",
    sum_operator: "Sum operators",
    request_registry: "Request registration officials",
    citizen: "Citizens",
  },
  marks: {
    present: "Present",
    late: "Late",
    absent: "Absent",
    excused: "Excused",
  },
  registration: {
    registered: "Registered",
    waiting: "On the waiting list",
    cancelled: "Cancelled",
  },
  status: {
    scheduled: "Scheduled",
    cancelled: "Cancelled",
  },
  dashboard: {
    title: "In-person trainings",
    upcoming: "Upcoming events",
  },
  forCourse: {
    title: "In-person sessions",
    lead: "To complete this course you attend an in-person training and have your attendance recorded. Register for one near you.",
    none: "No in-person training is scheduled yet. Ask your aimag coordinator.",
    all: "All training events",
  },
  problems: {
    notFound: "No such training event.",
    forbidden: "You may not do this.",
    cancelled: "This training event has been cancelled.",
    ended: "This training event is over; registration is closed.",
    noSessions: "Enter at least one day with its hours.",
    hasAttendance: "A training event whose roll has been taken cannot be cancelled: it took place, and its attendance counts toward learners’ certificates.",
    sessionHasMarks: "A day with attendance recorded cannot be removed.",
    emailTaken: "Someone is registered with this e-mail. Find them with the search and add them.",
    badPlace: "The sum is not in that aimag.",
  },
};
