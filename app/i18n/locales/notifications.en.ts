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
};

export default notifications;
