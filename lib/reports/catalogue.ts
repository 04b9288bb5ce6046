// The field catalogue the report builder shows: each source's fields with their types, the measures and
// filter ops each takes, and enum values (static ones, and the caller's team's stages, pipelines and people,
// read as the caller).
import type { Caller } from "../caller.ts";
import { CHART_TYPES, FILTER_OPS, type FilterOp, MEASURE_FNS, type MeasureFn, measuresFor, opsFor } from "./config.ts";
import { PERIODS, PRESETS } from "./periods.ts";
import { SOURCE_NAMES, SOURCES } from "./sources/mod.ts";
import type { DynamicValues, FieldOption, FieldType } from "./sources/types.ts";

export interface CatalogueField {
  key: string;
  label: string;
  type: FieldType;
  groupable: boolean;
  measures: MeasureFn[];
  ops: FilterOp[];
  /** Date fields: the periods they group by. */
  periods?: readonly string[];
  values?: FieldOption[];
}

export interface CatalogueSource {
  name: string;
  label: string;
  available: boolean;
  message?: string;
  defaultDateField: string | null;
  fields: CatalogueField[];
  /** Measures without a field that this source defines (conversion rate, time in stage), with their labels. */
  sourceMeasures: { fn: MeasureFn; label: string }[];
}

export interface Catalogue {
  sources: CatalogueSource[];
  measures: readonly MeasureFn[];
  ops: readonly FilterOp[];
  periods: readonly string[];
  presets: readonly string[];
  chartTypes: readonly string[];
}

async function teamValues({ db, claims, teamId }: Caller): Promise<Record<DynamicValues, FieldOption[]>> {
  return await db.asUser(claims, async (tx) => {
    const stages = await tx.query<FieldOption>(
      `select s.id::text as value, s.name || ' (' || p.name || ')' as label
       from public.pipeline_stages s join public.pipelines p on p.id = s.pipeline_id
       where s.team_id = $1 order by p.position, s.position, s.id`,
      [teamId],
    );
    const pipelines = await tx.query<FieldOption>(
      "select id::text as value, name as label from public.pipelines where team_id = $1 order by position, id",
      [teamId],
    );
    const owners = await tx.query<FieldOption>(
      `select m.user_id::text as value,
              coalesce(nullif(p.full_name, ''), app.member_email(m.team_id, m.user_id), 'Member') as label
       from public.team_members m left join public.profiles p on p.id = m.user_id
       where m.team_id = $1 order by label, m.user_id`,
      [teamId],
    );
    return { stages, pipelines, owners };
  });
}

export async function reportCatalogue(caller: Caller): Promise<Catalogue> {
  const values = await teamValues(caller);
  const sources = SOURCE_NAMES.map((name): CatalogueSource => {
    const source = SOURCES[name];
    const sourceMeasures: CatalogueSource["sourceMeasures"] = [];
    if (source.conversion) sourceMeasures.push({ fn: "conversion_rate", label: source.conversion.label });
    if (source.timeInStage) sourceMeasures.push({ fn: "time_in_stage", label: source.timeInStage.label });
    return {
      name,
      label: source.label,
      available: source.available,
      ...(source.message ? { message: source.message } : {}),
      defaultDateField: source.defaultDateField,
      sourceMeasures,
      fields: source.fields.map((f) => ({
        key: f.key,
        label: f.label,
        type: f.type,
        groupable: f.groupable,
        measures: measuresFor(f.type),
        ops: opsFor(f.type),
        ...(f.type === "date" ? { periods: PERIODS } : {}),
        ...(f.options ? { values: [...f.options] } : f.dynamic ? { values: values[f.dynamic] } : {}),
      })),
    };
  });
  return {
    sources,
    measures: MEASURE_FNS,
    ops: FILTER_OPS,
    periods: PERIODS,
    presets: PRESETS,
    chartTypes: CHART_TYPES,
  };
}
