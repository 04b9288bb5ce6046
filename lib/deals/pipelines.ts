// Pipelines and their stages: what the deals board shows as columns, edited in the pipeline builder.
// Always as the user: RLS lets every member read and only owners and admins change anything; the database
// refuses deleting a stage or pipeline that still holds deals, with a sentence that becomes a 409.
import { AppError } from "../errors.ts";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { isUuid } from "../ids.ts";

export type StageKind = "open" | "won" | "lost";

export interface Stage {
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  kind: StageKind;
  color: string | null;
  /** Live (not deleted) deals in the stage: the builder disables "delete" while this is above 0. */
  deal_count: number;
}

export interface Pipeline {
  id: string;
  team_id: string;
  name: string;
  is_default: boolean;
  position: number;
  stages: Stage[];
}

export interface StageInput {
  name: string;
  probability?: number;
  kind?: StageKind;
  color?: string | null;
  /** Where to put it; by default after the last open stage (before won and lost). */
  position?: number;
}

const pipelineNotFound = () => new AppError("not_found", "Pipeline not found.");
const stageNotFound = () => new AppError("not_found", "Stage not found.");
const forbidden = () => new AppError("forbidden", "Only owners and admins can change pipelines.");
const invalid = (message: string) => new AppError("unprocessable_entity", message);

/** Stages of the given pipelines (or of all the team's pipelines), with live deal counts, in board order. */
const STAGES_SQL = `
  select s.id, s.pipeline_id, s.name, s.position, s.probability, s.kind, s.color,
         (select count(*)::int from public.deals d where d.stage_id = s.id and d.deleted_at is null) as deal_count
  from public.pipeline_stages s
  where s.team_id = $1 and ($2::uuid is null or s.pipeline_id = $2)
  order by s.position, s.id`;

async function readPipelines(tx: Tx, teamId: string, pipelineId: string | null): Promise<Pipeline[]> {
  const pipelines = await tx.query<Omit<Pipeline, "stages">>(
    `select id, team_id, name, is_default, position from public.pipelines
     where team_id = $1 and ($2::uuid is null or id = $2)
     order by is_default desc, position, lower(name), id`,
    [teamId, pipelineId],
  );
  const stages = await tx.query<Stage>(STAGES_SQL, [teamId, pipelineId]);
  return pipelines.map((p) => ({ ...p, stages: stages.filter((s) => s.pipeline_id === p.id) }));
}

/** Every pipeline of the team the user can see, the default first, each with its stages in order. */
export async function listPipelines(db: Db, claims: UserClaims, teamId: string): Promise<Pipeline[]> {
  if (!isUuid(teamId)) return [];
  return await db.asUser(claims, (tx) => readPipelines(tx, teamId, null));
}

/** One pipeline with its stages; 404 when it is not the user's to see. */
export async function getPipeline(db: Db, claims: UserClaims, pipelineId: string): Promise<Pipeline> {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  return await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ team_id: string }>("select team_id from public.pipelines where id = $1", [
      pipelineId,
    ]);
    if (!row) throw pipelineNotFound();
    const [pipeline] = await readPipelines(tx, row.team_id, pipelineId);
    return pipeline;
  });
}

/** Owner or admin of the team that holds the row? Decides 403 versus 404 after RLS returned nothing. */
async function explainRefusal(tx: Tx, table: "pipelines" | "pipeline_stages", id: string): Promise<never> {
  const visible = await tx.query(`select 1 from public.${table} where id = $1`, [id]);
  if (visible.length > 0) throw forbidden();
  throw table === "pipelines" ? pipelineNotFound() : stageNotFound();
}

function checkStage(input: StageInput) {
  if (typeof input.name !== "string" || input.name.trim().length === 0 || input.name.trim().length > 60) {
    throw invalid("Give the stage a name of at most 60 characters.");
  }
  if (input.probability !== undefined) {
    if (!Number.isInteger(input.probability) || input.probability < 0 || input.probability > 100) {
      throw invalid("Probability is a whole number from 0 to 100.");
    }
  }
  if (input.kind !== undefined && !["open", "won", "lost"].includes(input.kind)) {
    throw invalid("A stage is open, won or lost.");
  }
  if (input.color && !/^#[0-9a-f]{6}$/i.test(input.color)) throw invalid("Colors look like #22c55e.");
}

function checkPipelineName(name: string) {
  if (typeof name !== "string" || name.trim().length === 0 || name.trim().length > 80) {
    throw invalid("Give the pipeline a name of at most 80 characters.");
  }
}

/** Stages a pipeline starts with when none are given. */
export const STARTER_STAGES: StageInput[] = [
  { name: "New", probability: 10, kind: "open" },
  { name: "Closed Won", probability: 100, kind: "won" },
  { name: "Closed Lost", probability: 0, kind: "lost" },
];

export async function createPipeline(
  db: Db,
  claims: UserClaims,
  teamId: string,
  input: { name: string; stages?: StageInput[]; is_default?: boolean },
): Promise<Pipeline> {
  if (!isUuid(teamId)) throw new AppError("not_found", "Team not found.");
  checkPipelineName(input.name);
  const stages = input.stages?.length ? input.stages : STARTER_STAGES;
  stages.forEach(checkStage);
  return await db.asUser(claims, async (tx) => {
    if (input.is_default) {
      await tx.query("update public.pipelines set is_default = false where team_id = $1 and is_default", [teamId]);
    }
    const [pipeline] = await tx.query<{ id: string }>(
      `insert into public.pipelines (team_id, name, is_default, position)
       values ($1, $2, $3, coalesce((select max(position) + 1 from public.pipelines where team_id = $1), 0))
       returning id`,
      [teamId, input.name.trim(), Boolean(input.is_default)],
    );
    await tx.query(
      `insert into public.pipeline_stages (team_id, pipeline_id, name, position, probability, kind, color)
       select $1, $2, s.name, s.ord - 1, s.probability, s.kind, s.color
       from rows from (jsonb_to_recordset($3::jsonb) as (name text, probability int, kind text, color text))
         with ordinality as s(name, probability, kind, color, ord)`,
      [
        teamId,
        pipeline.id,
        JSON.stringify(stages.map((s) => ({
          name: s.name.trim(),
          probability: s.probability ?? (s.kind === "won" ? 100 : 0),
          kind: s.kind ?? "open",
          color: s.color ?? null,
        }))),
      ],
    );
    const [created] = await readPipelines(tx, teamId, pipeline.id);
    return created;
  });
}

export async function renamePipeline(db: Db, claims: UserClaims, pipelineId: string, name: string): Promise<Pipeline> {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  checkPipelineName(name);
  return await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ team_id: string }>(
      "update public.pipelines set name = $2 where id = $1 returning team_id",
      [pipelineId, name.trim()],
    );
    if (!row) return await explainRefusal(tx, "pipelines", pipelineId);
    const [pipeline] = await readPipelines(tx, row.team_id, pipelineId);
    return pipeline;
  });
}

/** Makes this the pipeline the board opens with (one per team). */
export async function setDefaultPipeline(db: Db, claims: UserClaims, pipelineId: string): Promise<void> {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ team_id: string }>(
      "select team_id from public.pipelines where id = $1",
      [pipelineId],
    );
    if (!row) throw pipelineNotFound();
    await tx.query("update public.pipelines set is_default = false where team_id = $1 and is_default and id <> $2", [
      row.team_id,
      pipelineId,
    ]);
    const updated = await tx.query("update public.pipelines set is_default = true where id = $1 returning id", [
      pipelineId,
    ]);
    if (updated.length === 0) throw forbidden();
  });
}

/** Refused (409) while deals are in it, and for the default pipeline. */
export async function deletePipeline(db: Db, claims: UserClaims, pipelineId: string): Promise<void> {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  await db.asUser(claims, async (tx) => {
    const deleted = await tx.query("delete from public.pipelines where id = $1 returning id", [pipelineId]);
    if (deleted.length === 0) await explainRefusal(tx, "pipelines", pipelineId);
  });
}

export async function addStage(db: Db, claims: UserClaims, pipelineId: string, input: StageInput): Promise<Stage> {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  checkStage(input);
  const kind = input.kind ?? "open";
  return await db.asUser(claims, async (tx) => {
    const [pipeline] = await tx.query<{ team_id: string; open_end: number; count: number }>(
      `select p.team_id,
              coalesce((select max(position) + 1 from public.pipeline_stages where pipeline_id = p.id and kind = 'open'),
                       0) as open_end,
              (select count(*)::int from public.pipeline_stages where pipeline_id = p.id) as count
       from public.pipelines p where p.id = $1`,
      [pipelineId],
    );
    if (!pipeline) throw pipelineNotFound();
    const wanted = input.position ?? (kind === "open" ? pipeline.open_end : pipeline.count);
    const position = Math.max(0, Math.min(Math.trunc(wanted), pipeline.count));
    // Make room; RLS turns this into a no-op for people who may not edit, and the insert below then refuses.
    await tx.query(
      "update public.pipeline_stages set position = position + 1 where pipeline_id = $1 and position >= $2",
      [pipelineId, position],
    );
    const [stage] = await tx.query<{ id: string }>(
      `insert into public.pipeline_stages (team_id, pipeline_id, name, position, probability, kind, color)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [
        pipeline.team_id,
        pipelineId,
        input.name.trim(),
        position,
        input.probability ?? (kind === "won" ? 100 : 0),
        kind,
        input.color ?? null,
      ],
    );
    const [created] = await tx.query<Stage>(`${STAGES_SQL.replace("order by", "and s.id = $3 order by")}`, [
      pipeline.team_id,
      pipelineId,
      stage.id,
    ]);
    return created;
  });
}

/** Name, probability and color; a stage's kind is fixed once it holds deals (the database says so). */
export async function updateStage(
  db: Db,
  claims: UserClaims,
  stageId: string,
  patch: Partial<Pick<StageInput, "name" | "probability" | "color" | "kind">>,
): Promise<Stage> {
  if (!isUuid(stageId)) throw stageNotFound();
  if (patch.name !== undefined || patch.probability !== undefined || patch.color || patch.kind !== undefined) {
    checkStage({ name: "x", ...patch } as StageInput);
  }
  return await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<{ team_id: string; pipeline_id: string }>(
      `update public.pipeline_stages set
         name = coalesce($2, name), probability = coalesce($3, probability),
         color = case when $4::boolean then $5 else color end, kind = coalesce($6, kind)
       where id = $1 returning team_id, pipeline_id`,
      [
        stageId,
        patch.name?.trim() ?? null,
        patch.probability ?? null,
        patch.color !== undefined,
        patch.color ?? null,
        patch.kind ?? null,
      ],
    );
    if (!row) return await explainRefusal(tx, "pipeline_stages", stageId);
    const [stage] = await tx.query<Stage>(`${STAGES_SQL.replace("order by", "and s.id = $3 order by")}`, [
      row.team_id,
      row.pipeline_id,
      stageId,
    ]);
    return stage;
  });
}

export function renameStage(db: Db, claims: UserClaims, stageId: string, name: string): Promise<Stage> {
  if (typeof name !== "string") throw invalid("Give the stage a name of at most 60 characters.");
  return updateStage(db, claims, stageId, { name });
}

/** Puts the stages in the given order; the list must name every stage of the pipeline exactly once. */
export async function reorderStages(
  db: Db,
  claims: UserClaims,
  pipelineId: string,
  stageIds: string[],
): Promise<Stage[]> {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  if (!Array.isArray(stageIds) || !stageIds.every(isUuid) || new Set(stageIds).size !== stageIds.length) {
    throw invalid("List every stage of this pipeline once.");
  }
  return await db.asUser(claims, async (tx) => {
    const [pipeline] = await tx.query<{ team_id: string; ids: string[] }>(
      `select p.team_id, coalesce(array(select id::text from public.pipeline_stages where pipeline_id = p.id), '{}') as ids
       from public.pipelines p where p.id = $1`,
      [pipelineId],
    );
    if (!pipeline) throw pipelineNotFound();
    const current = new Set(pipeline.ids);
    if (current.size !== stageIds.length || !stageIds.every((id) => current.has(id.toLowerCase()))) {
      throw invalid("List every stage of this pipeline once.");
    }
    const updated = await tx.query(
      `update public.pipeline_stages s set position = o.ord - 1
       from unnest($2::uuid[]) with ordinality as o(id, ord)
       where s.id = o.id and s.pipeline_id = $1 and s.position is distinct from o.ord - 1
       returning s.id`,
      [pipelineId, stageIds],
    );
    if (updated.length === 0) {
      // nothing changed: either the order was already right, or RLS hid every row from this user
      const canEdit = await tx.query<{ ok: boolean }>(
        "select app.has_team_role($1, array['owner', 'admin']::public.team_role[]) as ok",
        [pipeline.team_id],
      );
      if (!canEdit[0]?.ok) throw forbidden();
    }
    return await tx.query<Stage>(STAGES_SQL, [pipeline.team_id, pipelineId]);
  });
}

/** 409 "Move this stage's deals first." while deals are in it; positions of later stages close the gap. */
export async function deleteStage(db: Db, claims: UserClaims, stageId: string): Promise<void> {
  if (!isUuid(stageId)) throw stageNotFound();
  await db.asUser(claims, async (tx) => {
    const [deleted] = await tx.query<{ pipeline_id: string; position: number }>(
      "delete from public.pipeline_stages where id = $1 returning pipeline_id, position",
      [stageId],
    );
    if (!deleted) return await explainRefusal(tx, "pipeline_stages", stageId);
    await tx.query(
      "update public.pipeline_stages set position = position - 1 where pipeline_id = $1 and position > $2",
      [deleted.pipeline_id, deleted.position],
    );
  });
}
