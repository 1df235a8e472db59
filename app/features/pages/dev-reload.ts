// Development only (decision 037): every page listens to the server's events and reloads when a
// content file is saved (a "reload" event) or when the server comes back after `npm run dev` rebuilt
// and restarted it (the stream opens a second time). server/dev-events.ts serves the stream; the
// root layout adds the script, with the page's CSP nonce, when NODE_ENV is development.

/** The server-sent events stream; mounted only on a development server (404 elsewhere). */
export const DEV_EVENTS_PATH = "/__dev/events";

export const DEV_RELOAD_SCRIPT = `(() => {
  let opened = false;
  const events = new EventSource(${JSON.stringify(DEV_EVENTS_PATH)});
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("open", () => {
    if (opened) location.reload();
    opened = true;
  });
})();`;
