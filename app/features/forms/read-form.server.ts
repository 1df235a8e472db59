// Every action reads its form through here. The HTTP layer (server/form-body.ts) already refuses
// bodies that are not forms before Remix runs; this is the same rule where the action stands, so an
// action called any other way still answers a body it cannot read with 4xx, never a 500.
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

function refuse(status: 400 | 415) {
  const text = status === 415 ? "Зөвхөн маягт илгээнэ үү. / Only forms are accepted here." : "Маягтыг уншиж чадсангүй. / The form could not be read.";
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) throw refuse(415);
  try {
    return await request.formData();
  } catch {
    throw refuse(400);
  }
}
