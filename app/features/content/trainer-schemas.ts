// The form of an administrator's course-trainer assignment (shared by the server check and the page).
import { z } from "zod";

export const AssignTrainerSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    email: z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(254, "errors.tooLong").toLowerCase().email("errors.email"),
  }),
  z.object({ intent: z.literal("remove"), userId: z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(60, "errors.tooLong") }),
]);
