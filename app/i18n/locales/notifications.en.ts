// English for notifications.mn.ts.
import type mn from "./notifications.mn";

const notifications: typeof mn = {
  mail: {
    greeting: "Hello {{name}},",
    footer: "This message was sent automatically by the Erdem learning system. There is no need to reply.",
    reset: {
      subject: "Erdem: your password reset link",
      body: "Someone asked to reset the password of your account. To set a new password, open the link below. It works once, for {{minutes}} minutes.",
      action: "Set a new password",
      ignore: "If you did not ask for this, ignore this message: your password stays as it is.",
    },
  },
  mailStatus: {
    notConfigured: "E-mail is not set up (SMTP_URL): {{waiting}} messages are waiting to be sent. They go as soon as it is.",
    failed: "{{failed}} messages could not be sent after several tries. Check the mail server settings. Waiting: {{waiting}}.",
    ok: "E-mail: {{waiting}} messages waiting to be sent.",
  },
  forgot: {
    emailLead: "Enter the e-mail address of your account and we will send you a link to reset your password.",
    email: "E-mail",
    send: "Send the link",
    sent: "If there is an account for {{email}}, a password reset link is on its way. Check your inbox (and the spam folder). The link works for {{minutes}} minutes.",
    throttled: "Too many requests. Please try again in {{minutes}} minutes.",
    invalidEmail: "Please enter a valid e-mail address.",
    noEmailTitle: "Cannot use your e-mail?",
  },
  notify: {
    assigned: {
      title: "You have been assigned “{{course}}”",
      body: "A coordinator enrolled you in “{{course}}”. Complete it by {{date}}.",
      bodyNoDue: "A coordinator enrolled you in “{{course}}”. You can start whenever it suits you.",
      action: "Open the course",
    },
    due_week: {
      title: "“{{course}}” is due soon",
      body: "The due date is {{date}}, within a week. Finish the remaining lessons and take the exam.",
      action: "Carry on",
    },
    due_tomorrow: {
      title: "“{{course}}” is due tomorrow",
      body: "The due date is {{date}}. Finish the remaining lessons and take the exam.",
      action: "Carry on",
    },
    overdue: {
      title: "“{{course}}” is overdue",
      body: "The due date ({{date}}) has passed. Please finish as soon as you can. If you need help, contact your coordinator.",
      action: "Open the course",
    },
    certificate_issued: {
      title: "Your certificate for “{{course}}” is ready",
      body: "Congratulations! Certificate number: {{serial}}. Anyone can check it at this link: {{verify}}",
      action: "See your certificate",
    },
    certificate_expiring: {
      title: "Time to renew your “{{course}}” certificate",
      body: "Your certificate is valid until {{date}}. Renew it before then by passing the course's exam again.",
      action: "Renew",
    },
    certificate_expired: {
      title: "Your “{{course}}” certificate has expired",
      body: "Your certificate was valid until {{date}}. Pass the course's exam again to get a new one.",
      action: "Renew",
    },
    event_registered: {
      title: "You are registered for “{{event}}”",
      body: "Starts: {{date}}. Venue: {{venue}}.",
      action: "See the details",
    },
    event_waiting: {
      title: "You are on the waiting list for “{{event}}”",
      body: "Your place in the queue: {{position}}. If a place comes free you will be registered automatically and told. Starts: {{date}}. Venue: {{venue}}.",
      action: "See the details",
    },
    event_promoted: {
      title: "A place came free: you are registered for “{{event}}”",
      body: "You have been moved from the waiting list. Starts: {{date}}. Venue: {{venue}}.",
      action: "See the details",
    },
    event_reminder: {
      title: "Reminder: “{{event}}” starts soon",
      body: "Starts: {{date}}. Venue: {{venue}}. If you cannot come, please cancel your registration so that someone else can have the place.",
      action: "See the details",
    },
    event_cancelled: {
      title: "“{{event}}” has been cancelled",
      body: "The organisers cancelled this training, which was to start on {{date}}. Your registration no longer applies.",
      action: "See other trainings",
    },
    overdue_digest: {
      title: "{{aimag}}: {{count}} enrolments overdue",
      body: "As of this week, {{count}} enrolments in {{aimag}} are past their due date ({{newCount}} of them in the last 7 days). The report shows who.",
      action: "Open the report",
    },
  },
  notifications: {
    title: "Notifications",
    bell: "Notifications",
    bellUnread_one: "Notifications, {{count}} unread",
    bellUnread_other: "Notifications, {{count}} unread",
    bellMany: "Notifications, more than 9 unread",
    empty: "No notifications yet.",
    unread: "New",
    markAllRead: "Mark all as read",
    allRead: "All notifications are marked as read.",
    older: "Earlier notifications",
    settingsTitle: "Which notifications also come by e-mail",
    settingsLead: "Every notification shows here. Choose which also come to {{email}}.",
    settingsAlways: "Password reset links always come by e-mail.",
    save: "Save",
    saved: "Your choices are saved.",
    invalid: "Those choices could not be read. Please choose again.",
    topics: {
      assignment: "When I am assigned a course",
      due: "Due-date reminders (a week before, the day before, when overdue)",
      certificate: "Certificates (issued, expiring, expired)",
      event: "In-person trainings (registration, waiting list, the day-before reminder)",
      digest: "Weekly digest of overdue learners in my aimag (coordinators)",
    },
  },
};

export default notifications;
