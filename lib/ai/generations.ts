// Every AI generation is recorded (as the user who asked, in their team): which prompt file and version, which
// provider, what was asked and what came back. Other AI features record theirs here too (feature names them).
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";

export interface GenerationRecord {
  feature: string;
  record?: { type: "contact" | "company" | "lead" | "deal"; id: string };
  prompt: { name: string; version: string };
  provider: string;
  streamed?: boolean;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

export async function recordGeneration(caller: Caller, generation: GenerationRecord): Promise<string> {
  return await caller.db.asUser(caller.claims, (tx) => insertGeneration(tx, caller.teamId, generation));
}

/** The same row, inside a transaction the caller runs (so it commits with the work it describes). */
export async function insertGeneration(tx: Tx, teamId: string, generation: GenerationRecord): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.ai_generations
       (team_id, feature, record_type, record_id, prompt_name, prompt_version, provider, streamed, input, output)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      teamId,
      generation.feature,
      generation.record?.type ?? null,
      generation.record?.id ?? null,
      generation.prompt.name,
      generation.prompt.version,
      generation.provider,
      generation.streamed ?? false,
      JSON.stringify(generation.input),
      JSON.stringify(generation.output),
    ],
  );
  return row.id;
}
