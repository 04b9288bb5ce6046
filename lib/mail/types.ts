import type { Buffer } from "node:buffer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files sent with the mail (scheduled reports); captured mail keeps only the text. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface CapturedMail extends MailMessage {
  id: number;
  created_at: string;
}

export interface Mailer {
  /** "captured" keeps mail in the database for /dev/mailbox; "smtp" sends it. */
  readonly transport: "captured" | "smtp";
  send(message: MailMessage): Promise<void>;
}
