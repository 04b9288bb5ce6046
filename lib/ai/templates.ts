// Message templates a team saves (often from an AI writer draft): plain text, read and written as the user, so
// RLS keeps them in the team and lets viewers only read.
import { z } from "zod";
import type { Caller } from "../caller.ts";
import { AppError } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { WRITER_CHANNELS } from "./writer/input.ts";

export const templateInput = z.object({
  name: z.string({ error: "Give the template a name." }).trim().min(1, "Give the template a name.")
    .max(120, "Keep the name under 120 characters."),
  channel: z.enum(WRITER_CHANNELS, { error: `Choose a channel: ${WRITER_CHANNELS.join(", ")}.` }),
  language: z.string().regex(/^[a-z]{2}$/, "The language is a two-letter code such as en.").default("en"),
  subject: z.string().trim().max(200, "Keep the subject under 200 characters.").nullish(),
  body: z.string({ error: "The template needs a text." }).trim().min(1, "The template needs a text.")
    .max(5000, "Keep the text under 5,000 characters."),
});

export type TemplateInput = z.infer<typeof templateInput>;

export interface MessageTemplate {
  id: string;
  name: string;
  channel: string;
  language: string;
  subject: string | null;
  body: string;
  created_by: string | null;
  created_at: string;
}

const COLUMNS = "id, name, channel, language, subject, body, created_by, created_at";

function json(row: MessageTemplate): MessageTemplate {
  return JSON.parse(JSON.stringify(row));
}

export async function listTemplates(caller: Caller, channel?: string): Promise<MessageTemplate[]> {
  const rows = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<MessageTemplate>(
      `select ${COLUMNS} from public.message_templates
       where team_id = $1 and ($2::text is null or channel = $2)
       order by lower(name), created_at desc limit 200`,
      [caller.teamId, channel ?? null],
    ));
  return rows.map(json);
}

export async function createTemplate(caller: Caller, input: TemplateInput): Promise<MessageTemplate> {
  if (caller.role === "viewer") throw new AppError("forbidden", "Viewers cannot save templates.");
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<MessageTemplate>(
      `insert into public.message_templates (team_id, name, channel, language, subject, body, created_by)
       values ($1, $2, $3, $4, $5, $6, auth.uid()) returning ${COLUMNS}`,
      [
        caller.teamId,
        input.name,
        input.channel,
        input.language,
        input.channel === "email" ? input.subject || null : null,
        input.body,
      ],
    ));
  return json(row);
}

export async function deleteTemplate(caller: Caller, id: string): Promise<void> {
  const missing = new AppError("not_found", "That template does not exist or you cannot delete it.");
  if (!isUuid(id)) throw missing;
  const rows = await caller.db.asUser(
    caller.claims,
    (tx) =>
      tx.query("delete from public.message_templates where id = $1 and team_id = $2 returning id", [
        id,
        caller.teamId,
      ]),
  );
  if (rows.length === 0) throw missing;
}
