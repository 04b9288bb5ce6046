// Outgoing email: captured in the database in embedded mode, sent through nodemailer with SMTP_URL.
import nodemailer from "nodemailer";
import type { Config } from "../../fresh.config.ts";
import type { Db } from "../db/mod.ts";
import type { CapturedMail, Mailer, MailMessage } from "./types.ts";

export type { CapturedMail, Mailer, MailMessage } from "./types.ts";

async function record(db: Db, message: MailMessage, transport: string) {
  await db.asService("mail:record", (tx) =>
    tx.query(
      "insert into identity.mail_outbox (to_email, subject, text_body, html_body, transport) values ($1, $2, $3, $4, $5)",
      [message.to, message.subject, message.text, message.html, transport],
    ));
}

export function createMailer(db: Db, options: Pick<Config, "smtpUrl" | "mailFrom">): Mailer {
  if (!options.smtpUrl) {
    return { transport: "captured", send: (message) => record(db, message, "captured") };
  }
  const smtp = nodemailer.createTransport(options.smtpUrl);
  return {
    transport: "smtp",
    async send(message) {
      await smtp.sendMail({ from: options.mailFrom, ...message });
      // Only the fact of sending is logged: bodies may hold codes that must not sit in a table.
      await record(db, { ...message, text: "(sent)", html: "" }, "smtp");
    },
  };
}

/** Newest first; only captured mail (never SMTP logs) is readable here. */
export async function readMailbox(db: Db, to?: string, limit = 50): Promise<CapturedMail[]> {
  return await db.asService("mail:dev-mailbox", (tx) =>
    tx.query<CapturedMail>(
      `select id, to_email as "to", subject, text_body as text, html_body as html, created_at
       from identity.mail_outbox
       where transport = 'captured' and ($1::text is null or lower(to_email) = lower($1))
       order by id desc limit $2`,
      [to ?? null, limit],
    ));
}
