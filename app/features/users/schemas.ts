// Form schemas. Messages are i18n keys, translated where the error is shown.
import { z } from "zod";
import { ROLES } from "../../../db/schema";

const text = (max: number) => z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

export const email = z.string({ error: "errors.required" }).trim().toLowerCase().max(254, "errors.tooLong").pipe(z.email("errors.email"));

/**
 * A phone number as stored and searched: digits only, and a Mongolian number without its +976
 * country code (the 8 digits people give). One rule for the profile, walk-ins and the search.
 */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/\D/g, "");
  return digits.length === 11 && digits.startsWith("976") ? digits.slice(3) : digits;
}

/** Optional phone: empty, or 6–15 digits once spaces, dashes, brackets and a leading + are taken out. */
export const phone = z
  .string()
  .trim()
  .max(30, "errors.tooLong")
  .refine((v) => v === "" || /^\+?[\d\s()-]+$/.test(v), "errors.phone")
  .transform(normalisePhone)
  .refine((v) => v === "" || (v.length >= 6 && v.length <= 15), "errors.phone");

export const password = z.string({ error: "errors.required" }).min(8, "errors.passwordLength").max(128, "errors.passwordLength");

const placement = {
  position: text(200),
  aimagCode: text(20),
  sumId: text(40),
  organisationId: text(60),
};

export const RegisterSchema = z.object({
  surname: text(100),
  givenName: text(100),
  email,
  password,
  ...placement,
});

export const ProfileSchema = z.object({
  surname: text(100),
  givenName: text(100),
  phone: phone.optional().default(""),
  locale: z.enum(["mn", "en"], { error: "errors.invalidChoice" }),
  ...placement,
});

export const LoginSchema = z.object({
  email,
  password: z.string({ error: "errors.required" }).max(1000, "errors.tooLong"),
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "errors.required" }).max(1000, "errors.tooLong"),
    newPassword: password,
    confirmPassword: z.string({ error: "errors.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordMismatch" });

export const ResetPasswordSchema = z
  .object({
    newPassword: password,
    confirmPassword: z.string({ error: "errors.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordMismatch" });

export const RolesSchema = z.object({
  roles: z.array(z.enum(ROLES as [string, ...string[]], { error: "errors.invalidChoice" })).default([]),
  coordinatorAimag: z.string().trim().optional(),
});
