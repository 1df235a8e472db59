/** The public origin used in QR codes and credentials: PUBLIC_URL when set, else the request's own. */
export function publicBase(request: Request): string {
  const configured = process.env.PUBLIC_URL?.replace(/\/$/, "");
  return configured || new URL(request.url).origin;
}
