// Development only (decision 037): the server-sent events stream the pages of a development server
// listen to (app/features/pages/dev-reload.ts). A file saved under a watched folder (content/) sends
// "reload"; lessons and the catalogue are re-read on the next request already (content.server.ts).
// The folders are watched with node's own recursive fs.watch, and only while a page listens.
import { existsSync, type FSWatcher, watch } from "node:fs";
import path from "node:path";
import type { RequestHandler, Response } from "express";

export interface DevEvents {
  handler: RequestHandler;
  /** Ends every stream and stops watching. */
  close: () => void;
}

export interface DevEventsOptions {
  dirs: string[];
  /** An editor's save is several file events (a temporary file, a rename): one reload after they settle. */
  debounceMs?: number;
  onReload?: (files: string[]) => void;
}

/** Editors' temporary and backup files (.x.swp, x~, vim's 4913 probe) are not a save. */
const IGNORED = /(^|[/\\])(\.[^/\\]*|[^/\\]*~|4913)$/;

export function devEvents({ dirs, debounceMs = 100, onReload = () => {} }: DevEventsOptions): DevEvents {
  const clients = new Set<Response>();
  const changed = new Set<string>();
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const files = [...changed].sort();
    changed.clear();
    const message = `event: reload\ndata: ${JSON.stringify(files)}\n\n`;
    for (const res of clients) res.write(message);
    onReload(files);
  };

  const startWatching = () => {
    watchers = dirs
      .filter((dir) => existsSync(dir))
      .map((dir) => {
        const watcher = watch(dir, { recursive: true }, (_event, name) => {
          if (!name || IGNORED.test(String(name))) return;
          changed.add(path.relative(process.cwd(), path.join(dir, String(name))));
          clearTimeout(timer);
          timer = setTimeout(flush, debounceMs);
        });
        // a watched folder removed under the server: nothing more to say about it
        watcher.on("error", () => watcher.close());
        return watcher;
      });
  };

  const stopWatching = () => {
    for (const w of watchers) w.close();
    watchers = [];
    clearTimeout(timer);
    timer = undefined;
    changed.clear();
  };

  const handler: RequestHandler = (req, res) => {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the compression middleware leaves the stream alone instead of holding it back
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
    });
    // reconnect quickly when the server restarts after a rebuild
    res.write("retry: 500\n\n");
    if (clients.size === 0) startWatching();
    clients.add(res);
    req.on("close", () => {
      clients.delete(res);
      if (clients.size === 0) stopWatching();
    });
  };

  return {
    handler,
    close() {
      for (const res of clients) res.end();
      clients.clear();
      stopWatching();
    },
  };
}
