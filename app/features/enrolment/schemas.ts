// The forms of a learner's page under "who is enrolled": one zod schema each, parsed on the server
// with Conform. Messages are i18n keys; the service checks the same bounds again (and the due date
// against today), so these only shape the input.
import { z } from "zod";

/** Four hours on top of the exam's own time: more than any arrangement needs, less than a typing slip. */
export const MAX_EXTRA_MINUTES = 240;
export const MAX_EXTRA_ATTEMPTS = 10;
export const MAX_REASON_LENGTH = 500;

const whole = (max: number, message: string) => z.number({ error: "errors.required" }).int(message).min(0, message).max(max, message);

/** Empty: no due date. The day is checked by the service (parseDueDate). */
export const DueDateSchema = z.object({ due: z.string().trim().max(20, "enrolled.errors.badDate").optional().default("") });

export const ExtraMinutesSchema = z.object({ minutes: whole(MAX_EXTRA_MINUTES, "enrolled.errors.minutesRange") });

export const ExtraAttemptsSchema = z.object({ attempts: whole(MAX_EXTRA_ATTEMPTS, "enrolled.errors.attemptsRange") });

export const WithdrawSchema = z.object({ reason: z.string().trim().max(MAX_REASON_LENGTH, "errors.tooLong").optional().default("") });

/** Reinstating asks nothing; its problems still come back through Conform like the other forms'. */
export const ReinstateSchema = z.object({});
