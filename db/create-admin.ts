// npm run admin:create -- --email a@b.mn --surname Дорж --given-name Болд [--aimag MN-1] [--password ...]
// Creates an administrator, or grants the role to an existing account. Without --password one is
// generated and printed once.
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { config } from "../app/config.server";
import { openDatabase, migrateToLatest } from "./connection";
import { createUser } from "./factories";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    surname: { type: "string", default: "Админ" },
    "given-name": { type: "string", default: "Систем" },
    aimag: { type: "string", default: "MN-1" },
    password: { type: "string" },
    position: { type: "string", default: "Системийн админ" },
  },
});

if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) {
  console.error("Usage: npm run admin:create -- --email admin@example.mn [--surname …] [--given-name …] [--aimag MN-1] [--password …]");
  process.exit(2);
}
if (values.password && (values.password.length < 8 || values.password.length > 128)) {
  console.error("The password must be 8 to 128 characters long.");
  process.exit(2);
}

const database = openDatabase(config.DATABASE_URL, { pgPoolMax: config.PG_POOL_MAX });
const { db } = database;
try {
  await migrateToLatest(db);
  const email = values.email.toLowerCase();
  const existing = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) {
    const has = await db.selectFrom("user_role").select("role").where("user_id", "=", existing.id).where("role", "=", "admin").executeTakeFirst();
    if (!has) {
      // a reset link created while the person held a lesser role must not outlive it (decision 008)
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("password_reset").where("user_id", "=", existing.id).execute();
        await trx
          .insertInto("user_role")
          .values({ user_id: existing.id, role: "admin", aimag_code: null, granted_at: new Date().toISOString(), granted_by: null })
          .execute();
      });
    }
    console.log(`${email} is an administrator.`);
  } else {
    const aimag = await db.selectFrom("aimag").select("code").where("code", "=", values.aimag!).executeTakeFirst();
    if (!aimag) throw new Error(`Unknown aimag code ${values.aimag}`);
    const password = values.password ?? randomBytes(12).toString("base64url");
    await createUser(db, {
      email,
      surname: values.surname,
      givenName: values["given-name"],
      position: values.position,
      aimagCode: aimag.code,
      organisationId: `org-${aimag.code}`,
      password,
      roles: [{ role: "admin" }, { role: "learner" }],
    });
    console.log(`Administrator ${email} created.${values.password ? "" : ` Password: ${password}`}`);
  }
} finally {
  await database.close();
}
