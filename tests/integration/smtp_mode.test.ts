// With SMTP_URL set, mail goes through nodemailer and the dev mailbox routes do not exist.
import { createServer } from "node:net";
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { loadConfig } from "../../fresh.config.ts";
import { createMailer } from "../../lib/mail/mailer.ts";
import { startServer } from "../../app/server.ts";

/** A tiny SMTP sink on a free port: just enough of the protocol for one message. */
function startSmtpSink() {
  const received: string[] = [];
  let delivered: () => void;
  const gotOne = new Promise<void>((resolve) => (delivered = resolve));
  const server = createServer((socket) => {
    let data = false;
    let buffer = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      let index;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (data) {
          if (line === ".") {
            data = false;
            socket.write("250 queued\r\n");
            delivered();
          } else received.push(line);
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 sink\r\n");
        else if (/^DATA/i.test(line)) {
          data = true;
          socket.write("354 go\r\n");
        } else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise<{ port: number; received: string[]; gotOne: Promise<void>; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as { port: number }).port,
        received,
        gotOne,
        close: () => server.close(),
      }))
  );
}

Deno.test("SMTP_URL: codes are sent through nodemailer and /dev/mailbox is gone", async () => {
  const sink = await startSmtpSink();
  const db = await freshDb();
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const config = { ...loadConfig({}), port: 0, smtpUrl, seedDemo: false, dataDir: await Deno.makeTempDir() };
  const server = await startServer(config, db, createMailer(db, config), "s".repeat(48));
  try {
    const res = await fetch(`${server.url}/auth/v1/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "smtp@x.test", password: "Sm7p-is-Working!" }),
    });
    assertEquals(res.status, 200);
    await res.body?.cancel();
    await sink.gotOne;
    assertMatch(sink.received.join("\n"), /is your Leadly verification code/);
    for (const path of ["/dev/mailbox", "/dev/mailbox.json"]) {
      const page = await fetch(`${server.url}${path}`);
      assertEquals(page.status, 404, path);
      await page.body?.cancel();
    }
  } finally {
    await server.close();
    await db.close();
    sink.close();
  }
});
