// Read-only share links of a report. The URL holds a random token; only its SHA-256 is stored. Opening a link
// runs the report AS ITS OWNER (never more than the owner could see, through the owner's RLS), and a link
// stops working at its expiry or when revoked (410). Only a report's owner makes links to it (the policy
// says so too), so "the owner" and "who shared it" are the same person.
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import type { Db } from "../db/mod.ts";
import { claimsForUser } from "../db/claims.ts";
import { isUuid } from "../ids.ts";
import { getReport, type SavedReport } from "./store.ts";
import { type ReportResult, runReport } from "./query.ts";
import { checkStoredConfig } from "./run.ts";

export const shareLinkInput = z.object({
  expiresInDays: z.number().int("expiresInDays is a whole number of days.").min(1, "A link lasts at least a day.")
    .max(365, "A link lasts at most 365 days."),
});

export interface ShareLink {
  id: string;
  report_id: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

const linkNotFound = () => new AppError("not_found", "Share link not found.");

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function shareUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/share/r/${token}`;
}

export async function createShareLink(
  caller: Caller,
  reportId: string,
  input: z.infer<typeof shareLinkInput>,
  publicUrl: string,
): Promise<{ id: string; url: string; expiresAt: string }> {
  const report = await getReport(caller, reportId);
  if (!report.mine) {
    throw new AppError("forbidden", "Only the report's owner can share it by link: a link shows what its owner sees.");
  }
  const token = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const hash = await tokenHash(token);
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<{ id: string; expires_at: string }>(
      `insert into public.report_share_links (team_id, report_id, created_by, token_hash, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(days => $5::int)) returning id, expires_at`,
      [caller.teamId, report.id, caller.claims.sub, hash, input.expiresInDays],
    ));
  return { id: row.id, url: shareUrl(publicUrl, token), expiresAt: new Date(row.expires_at).toISOString() };
}

export async function listShareLinks(caller: Caller, reportId: string): Promise<ShareLink[]> {
  await getReport(caller, reportId);
  const rows = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `select id, report_id, expires_at, revoked_at, created_at from public.report_share_links
       where report_id = $1 and team_id = $2 order by created_at desc`,
      [reportId, caller.teamId],
    ));
  return JSON.parse(JSON.stringify(rows));
}

/** Revoking keeps the row (the link then answers 410 "revoked" rather than 404). */
export async function revokeShareLink(caller: Caller, id: string): Promise<{ id: string; revokedAt: string }> {
  if (!isUuid(id)) throw linkNotFound();
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<{ id: string; revoked_at: string }>(
      `update public.report_share_links set revoked_at = coalesce(revoked_at, now())
       where id = $1 and team_id = $2 returning id, revoked_at`,
      [id, caller.teamId],
    ));
  if (!row) throw linkNotFound();
  return { id: row.id, revokedAt: new Date(row.revoked_at).toISOString() };
}

interface LinkTarget {
  report_id: string;
  team_id: string;
  owner_id: string;
  owner_email: string;
  expires_at: string;
  revoked_at: string | null;
}

/**
 * The report behind a token, run as its owner; 404 for a token nobody made, 410 once revoked or expired or
 * when the owner can no longer see the report. Finding the link by its token is the one read done as the
 * service (the visitor is nobody); the report itself is read and run as the owner.
 */
export async function openShareLink(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ report: SavedReport; result: ReportResult; expiresAt: string }> {
  const unknown = () =>
    new AppError("not_found", "This link does not exist. Check that you copied the whole link, or ask for a new one.");
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw unknown();
  const hash = await tokenHash(token);
  const [link] = await db.asService("reports:open-share-link", (tx) =>
    tx.query<LinkTarget>(
      `select l.report_id, l.team_id, r.owner_id, u.email as owner_email, l.expires_at, l.revoked_at
       from public.report_share_links l
       join public.reports r on r.id = l.report_id
       join auth.users u on u.id = r.owner_id
       where l.token_hash = $1`,
      [hash],
    ));
  if (!link) throw unknown();
  if (link.revoked_at) throw new AppError("gone", "This link was revoked by the person who shared it.");
  if (new Date(link.expires_at) <= now) {
    throw new AppError("gone", `This link expired on ${new Date(link.expires_at).toISOString().slice(0, 10)}.`);
  }
  const owner: Caller = {
    db,
    claims: claimsForUser(link.owner_id, link.owner_email, link.team_id),
    teamId: link.team_id,
    role: "viewer",
  };
  let report: SavedReport;
  try {
    report = await getReport(owner, link.report_id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) {
      throw new AppError("gone", "This link no longer works: its owner cannot see the report any more.");
    }
    throw error;
  }
  const result = await runReport(owner, checkStoredConfig(report.config, report.name), now);
  return { report, result, expiresAt: new Date(link.expires_at).toISOString() };
}
