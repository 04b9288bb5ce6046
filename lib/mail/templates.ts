// The emails Leadly sends, each as plain text and simple, escaped HTML.
import type { MailMessage } from "./types.ts";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function layout(title: string, paragraphs: string[], highlight?: string) {
  const body = paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join("");
  const code = highlight
    ? `<p style="font-size:28px;letter-spacing:6px;font-weight:700;margin:16px 0">${escapeHtml(highlight)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2333;padding:24px">` +
    `<h1 style="font-size:18px">${escapeHtml(title)}</h1>${body}${code}` +
    `<p style="color:#6b7080;font-size:12px">Leadly · the CRM your team works in together</p></body></html>`;
}

export function verificationCodeMail(to: string, code: string): MailMessage {
  const lines = [`Use this code to confirm your email address for Leadly. It expires in 15 minutes.`];
  return {
    to,
    subject: `${code} is your Leadly verification code`,
    text: `${lines[0]}\n\n${code}\n\nIf you did not sign up, ignore this email.`,
    html: layout("Confirm your email", lines, code),
  };
}

export function recoveryCodeMail(to: string, code: string): MailMessage {
  const lines = [
    `Someone asked to reset the password of your Leadly account. Use this code; it expires in 15 minutes.`,
  ];
  return {
    to,
    subject: `${code} is your Leadly password reset code`,
    text: `${lines[0]}\n\n${code}\n\nIf it was not you, you can ignore this email.`,
    html: layout("Reset your password", lines, code),
  };
}

export function invitationMail(to: string, teamName: string, inviter: string, role: string, link: string): MailMessage {
  const line = `${inviter} invited you to join ${teamName} on Leadly as ${role}.`;
  return {
    to,
    subject: `${inviter} invited you to ${teamName} on Leadly`,
    text: `${line}\n\nAccept the invitation: ${link}\n\nThe link works for 7 days.`,
    html: layout(`Join ${teamName} on Leadly`, [line, "The link works for 7 days."]).replace(
      "</h1>",
      `</h1><p><a href="${
        escapeHtml(link)
      }" style="background:#5b5bd6;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none">Accept invitation</a></p>`,
    ),
  };
}
