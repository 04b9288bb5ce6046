// Serves the app on node:http (so socket.io can share the port) and wires the page routes in.
import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../fresh.config.ts";
import { createApp } from "./services.ts";
import type { Db } from "../lib/db/mod.ts";
import type { Mailer } from "../lib/mail/mailer.ts";
import { mountPages } from "./pages.ts";
import { attachRealtime } from "../realtime/server.ts";

export async function startServer(config: Config, db: Db, mailer: Mailer, jwtSecret: string) {
  const { root, services } = createApp(config, db, mailer, jwtSecret);
  const web = await mountPages(root, services);
  const server = serve({ fetch: root.fetch, port: config.port, hostname: "0.0.0.0" }) as Server;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  if (config.port === 0) services.config = { ...config, port, publicUrl: url };
  // socket.io takes over /socket.io on this same server and hands every other request on to Hono.
  const realtime = attachRealtime(server, services);
  await realtime.ready;
  return {
    url,
    services,
    server,
    realtime,
    close: () =>
      realtime.close().then(() =>
        new Promise<void>((resolve, reject) => {
          // Keep-alive sockets would hold close() open; older @types/node lack this method's type.
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close((error) => (error ? reject(error) : resolve()));
        })
      ).finally(() => Promise.all([web.close(), services.throttle.close()])),
  };
}
