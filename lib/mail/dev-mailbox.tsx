// /dev/mailbox: mail captured in embedded mode, for people (page) and tests (JSON).
import { Hono } from "hono";
import { renderToString } from "preact-render-to-string";
import type { Config } from "../../fresh.config.ts";
import type { Db } from "../db/mod.ts";
import { isLocalRequest } from "../web/peer.ts";
import { type CapturedMail, readMailbox } from "./mailer.ts";

function MailboxPage({ mails, to }: { mails: CapturedMail[]; to?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Dev mailbox · Leadly</title>
        <link rel="stylesheet" href="/styles.css" />
      </head>
      <body>
        <main class="container stack" style="max-width: 860px; margin: 0 auto; padding: 24px">
          <h1>Dev mailbox</h1>
          <p class="muted">
            Leadly runs without a mail server, so outgoing email is kept here instead of being sent
            {to ? ` (showing mail to ${to})` : ""}. Set SMTP_URL to send real email.
          </p>
          {mails.length === 0 && <p class="muted">No mail yet.</p>}
          {mails.map((mail) => (
            <article class="card stack" key={mail.id}>
              <header>
                <strong>{mail.subject}</strong>
                <div class="muted">To {mail.to} · {new Date(mail.created_at).toLocaleString("en")}</div>
              </header>
              <pre style="white-space: pre-wrap">{mail.text}</pre>
            </article>
          ))}
        </main>
      </body>
    </html>
  );
}

/** Only without a mail server, and never on a public https deployment (PUBLIC_URL), where no one debugs. */
export function devMailboxEnabled(config: Pick<Config, "smtpUrl" | "publicUrl">): boolean {
  return !config.smtpUrl && !config.publicUrl.startsWith("https:");
}

/** Where captured mail can be read, for the console at start. */
export function capturedMailNotice(config: Pick<Config, "smtpUrl" | "publicUrl">): string | null {
  if (config.smtpUrl) return null;
  return devMailboxEnabled(config)
    ? `Email is captured, not sent: read it on this machine at ${config.publicUrl}/dev/mailbox`
    : "Email is captured, not sent (no SMTP_URL): it is kept in identity.mail_outbox; /dev/mailbox is off on https.";
}

/**
 * Captured mail holds sign-up and password-reset codes, so only a person on this machine may read it:
 * anyone else gets the same 404 as for a route that does not exist.
 */
export function createDevMailbox(db: Db) {
  const api = new Hono();
  api.use("*", async (c, next) => {
    if (!isLocalRequest(c)) return c.json({ error: { code: "not_found", message: "There is nothing here." } }, 404);
    await next();
  });
  api.get("/mailbox.json", async (c) => c.json(await readMailbox(db, c.req.query("to") || undefined)));
  api.get("/mailbox", async (c) => {
    const to = c.req.query("to") || undefined;
    return c.html("<!doctype html>" + renderToString(<MailboxPage mails={await readMailbox(db, to)} to={to} />));
  });
  return api;
}
