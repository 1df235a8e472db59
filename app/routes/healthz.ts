import { json } from "@remix-run/node";
import { database } from "~/db.server";
import { ping } from "../../db/connection";

export async function loader() {
  const started = performance.now();
  try {
    await ping(database.db);
    return json(
      { status: "ok", database: { engine: database.engine, status: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return json(
      { status: "error", database: { engine: database.engine, status: "error", message: String((error as Error).message) } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
