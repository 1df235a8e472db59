import { z } from "zod";
import { ORGANISATION_KINDS } from "../../../db/schema";

const name = z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(300, "errors.tooLong");

export const OrganisationSchema = z.object({
  nameMn: name,
  nameEn: name,
  kind: z.enum(ORGANISATION_KINDS as [string, ...string[]], { error: "errors.invalidChoice" }),
  aimagCode: z.string().trim().max(20).optional(),
});

export const SumSchema = z.object({
  aimagCode: z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(20),
  nameMn: name,
  nameEn: name,
});

export const RenameSumSchema = z.object({
  sumId: z.string({ error: "errors.required" }).trim().min(1).max(60),
  nameMn: name,
  nameEn: name,
});
