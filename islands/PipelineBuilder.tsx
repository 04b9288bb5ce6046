// The pipeline builder (Settings → Pipelines, owners and admins): create, rename, delete pipelines and pick the
// default; add, rename, reorder (up/down), recolor and delete stages, with probability and kind. Every change
// goes to /api/v1/pipelines at once; the API's refusals ("Move this stage's deals first.") are shown as they are.
import { useState } from "preact/hooks";
import type { Pipeline, Stage, StageKind } from "@/lib/deals/pipelines.ts";
import { STAGE_COLORS, STAGE_TONES, stageTone } from "@/lib/deals/client/stage-tone.ts";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { type Method, request } from "@/lib/client/api.ts";
import { Icon } from "@/components/ui/Icon.tsx";
import { cx } from "@/components/ui/cx.ts";

export interface PipelineBuilderProps {
  pipelines: Pipeline[];
  csrf: string;
}

const KINDS: { value: StageKind; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "won", label: "Won" },
  { value: "lost", label: "Lost" },
];

export default function PipelineBuilder(props: PipelineBuilderProps) {
  const hydrated = useHydrated();
  const [pipelines, setPipelines] = useState<Pipeline[]>(props.pipelines);
  const [selectedId, setSelectedId] = useState<string>(props.pipelines[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pipeline = pipelines.find((p) => p.id === selectedId) ?? pipelines[0];
  const off = !hydrated || busy;

  async function call<T>(method: Method, path: string, body?: unknown): Promise<T | null> {
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await request<{ data: T }>(method, `/api/v1/pipelines${path}`, body, { csrf: props.csrf });
    setBusy(false);
    if (result.ok) return result.body!.data;
    setError(result.status ? result.error : "Could not reach the server. Nothing was changed.");
    return null;
  }

  const replace = (next: Pipeline) => setPipelines((all) => all.map((p) => (p.id === next.id ? next : p)));
  const setStages = (stages: Stage[]) => pipeline && replace({ ...pipeline, stages });

  const createPipeline = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return setError("Give the pipeline a name.");
    const created = await call<Pipeline>("POST", "", { name });
    if (!created) return;
    setPipelines((all) => [...all, created]);
    setSelectedId(created.id);
    form.reset();
    setNotice(`Created “${created.name}” with New, Closed Won and Closed Lost stages.`);
  };

  const renamePipeline = async (event: Event) => {
    event.preventDefault();
    if (!pipeline) return;
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "").trim();
    if (!name || name === pipeline.name) return;
    const updated = await call<Pipeline>("PATCH", `/${pipeline.id}`, { name });
    if (updated) {
      replace(updated);
      setNotice("Pipeline renamed.");
    }
  };

  const makeDefault = async () => {
    if (!pipeline) return;
    const updated = await call<Pipeline>("PATCH", `/${pipeline.id}`, { is_default: true });
    if (!updated) return;
    setPipelines((all) => all.map((p) => ({ ...p, is_default: p.id === pipeline.id })));
    setNotice(`“${pipeline.name}” is now the pipeline the board opens with.`);
  };

  const deletePipeline = async () => {
    if (!pipeline || !confirm(`Delete the pipeline “${pipeline.name}”?`)) return;
    const done = await call("DELETE", `/${pipeline.id}`);
    if (done === null) return;
    const rest = pipelines.filter((p) => p.id !== pipeline.id);
    setPipelines(rest);
    setSelectedId(rest[0]?.id ?? "");
    setNotice(`Deleted “${pipeline.name}”.`);
  };

  const updateStage = async (stage: Stage, patch: Partial<Pick<Stage, "name" | "probability" | "kind" | "color">>) => {
    if (!pipeline) return;
    const updated = await call<Stage>("PATCH", `/${pipeline.id}/stages/${stage.id}`, patch);
    setStages(pipeline.stages.map((s) => (s.id === stage.id ? updated ?? { ...s } : s)));
  };

  const move = async (index: number, by: -1 | 1) => {
    if (!pipeline) return;
    const ids = pipeline.stages.map((s) => s.id);
    const to = index + by;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to], ids[index]];
    const previous = pipeline.stages;
    setStages(ids.map((id) => previous.find((s) => s.id === id)!));
    const stages = await call<Stage[]>("PUT", `/${pipeline.id}/stages/order`, { stage_ids: ids });
    setStages(stages ?? previous);
  };

  const deleteStage = async (stage: Stage) => {
    if (!pipeline) return;
    const done = await call("DELETE", `/${pipeline.id}/stages/${stage.id}`);
    if (done === null) return;
    setStages(
      pipeline.stages.filter((s) => s.id !== stage.id).map((s, i) => ({ ...s, position: i })),
    );
    setNotice(`Deleted the stage “${stage.name}”.`);
  };

  const addStage = async (event: Event) => {
    event.preventDefault();
    if (!pipeline) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const kind = String(data.get("kind") ?? "open") as StageKind;
    const created = await call<Stage>("POST", `/${pipeline.id}/stages`, {
      name: String(data.get("name") ?? "").trim(),
      probability: Number(data.get("probability") || (kind === "won" ? 100 : 0)),
      kind,
      color: kind === "won" ? STAGE_COLORS.green : kind === "lost" ? STAGE_COLORS.red : STAGE_COLORS.indigo,
    });
    if (!created) return;
    const stages = [...pipeline.stages];
    stages.splice(created.position, 0, created);
    setStages(stages.map((s, i) => ({ ...s, position: i })));
    form.reset();
  };

  return (
    <div class="pipeline-builder" data-hydrated={hydrated ? "true" : undefined} aria-busy={busy ? "true" : "false"}>
      <div class="pipeline-tabs">
        {/* The tablist holds only the tabs (ARIA allows no form in it); the new-pipeline form sits beside it. */}
        <div class="pipeline-tablist" role="tablist" aria-label="Pipelines">
          {pipelines.map((p) => (
            <button
              key={p.id}
              type="button"
              role="tab"
              aria-selected={p.id === pipeline?.id ? "true" : "false"}
              class={cx("pipeline-tab", p.id === pipeline?.id && "is-active")}
              onClick={() => setSelectedId(p.id)}
              disabled={!hydrated}
            >
              {p.name}
              {p.is_default && <span class="pipeline-tab-default">Default</span>}
            </button>
          ))}
        </div>
        <form class="pipeline-new" onSubmit={createPipeline}>
          <input
            name="name"
            class="input input-sm"
            placeholder="New pipeline name"
            aria-label="New pipeline name"
            maxLength={80}
            disabled={off}
          />
          <button type="submit" class="btn btn-secondary btn-sm" disabled={off}>
            <Icon name="plus" size="sm" />
            Add pipeline
          </button>
        </form>
      </div>

      {error && (
        <div class="alert alert-error" role="alert">
          <Icon name="alert" />
          <span>{error}</span>
        </div>
      )}
      {notice && <p class="pipeline-notice" role="status">{notice}</p>}

      {pipeline && (
        <section class="card pipeline-card" aria-label={`Pipeline ${pipeline.name}`}>
          <header class="pipeline-head">
            <form class="pipeline-rename" onSubmit={renamePipeline} key={pipeline.id}>
              <label class="visually-hidden" for="pipeline-name">Pipeline name</label>
              <input
                id="pipeline-name"
                name="name"
                class="input pipeline-name-input"
                value={pipeline.name}
                maxLength={80}
                disabled={off}
              />
              <button type="submit" class="btn btn-secondary btn-sm" disabled={off}>Rename</button>
            </form>
            <div class="row gap-2">
              {pipeline.is_default
                ? <span class="badge badge-accent">Default pipeline</span>
                : (
                  <button type="button" class="btn btn-ghost btn-sm" onClick={makeDefault} disabled={off}>
                    Make default
                  </button>
                )}
              <button
                type="button"
                class="btn btn-ghost btn-sm"
                onClick={deletePipeline}
                disabled={off}
                aria-label={`Delete pipeline ${pipeline.name}`}
              >
                <Icon name="trash" size="sm" />
                Delete
              </button>
            </div>
          </header>

          <div class="pipeline-stage-head" aria-hidden="true">
            <span>Order</span>
            <span>Stage</span>
            <span>Probability</span>
            <span>Kind</span>
            <span>Deals</span>
            <span />
          </div>
          <ol class="pipeline-stages">
            {pipeline.stages.map((stage, index) => (
              <li
                key={stage.id}
                class={cx("pipeline-stage", `stage-tone-${stageTone(stage.color, stage.kind)}`)}
                data-stage-id={stage.id}
              >
                <span class="pipeline-stage-order">
                  <button
                    type="button"
                    class="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Move ${stage.name} up`}
                    onClick={() => move(index, -1)}
                    disabled={off || index === 0}
                  >
                    <Icon name="chevron-down" size="sm" class="icon-flip" />
                  </button>
                  <button
                    type="button"
                    class="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Move ${stage.name} down`}
                    onClick={() =>
                      move(index, 1)}
                    disabled={off || index === pipeline.stages.length - 1}
                  >
                    <Icon name="chevron-down" size="sm" />
                  </button>
                </span>
                <span class="pipeline-stage-main">
                  <span class="select-wrap pipeline-color">
                    <select
                      class="select select-sm"
                      aria-label={`Color of ${stage.name}`}
                      disabled={off}
                      onChange={(e) =>
                        updateStage(stage, { color: STAGE_COLORS[(e.target as HTMLSelectElement).value as "slate"] })}
                    >
                      {STAGE_TONES.map((tone) => (
                        <option key={tone} value={tone} selected={tone === stageTone(stage.color, stage.kind)}>
                          {tone}
                        </option>
                      ))}
                    </select>
                  </span>
                  <span class="stage-dot" aria-hidden="true" />
                  <input
                    class="input input-sm pipeline-stage-name"
                    value={stage.name}
                    aria-label="Stage name"
                    maxLength={60}
                    disabled={off}
                    onChange={(e) => {
                      const name = (e.target as HTMLInputElement).value.trim();
                      if (name && name !== stage.name) {
                        updateStage(stage, { name });
                      }
                    }}
                  />
                </span>
                <label class="pipeline-stage-prob">
                  <input
                    class="input input-sm tabular"
                    type="number"
                    min={0}
                    max={100}
                    value={stage.probability}
                    aria-label={`Probability of ${stage.name} (%)`}
                    disabled={off}
                    onChange={(e) => {
                      const probability = Number((e.target as HTMLInputElement).value);
                      if (Number.isInteger(probability) && probability !== stage.probability) {
                        updateStage(stage, { probability });
                      }
                    }}
                  />
                  <span class="muted" aria-hidden="true">%</span>
                </label>
                <span class="select-wrap">
                  <select
                    class="select select-sm"
                    aria-label={`Kind of ${stage.name}`}
                    disabled={off}
                    onChange={(e) =>
                      updateStage(stage, { kind: (e.target as HTMLSelectElement).value as StageKind })}
                  >
                    {KINDS.map((k) => (
                      <option key={k.value} value={k.value} selected={k.value === stage.kind}>{k.label}</option>
                    ))}
                  </select>
                  <Icon name="chevron-down" size="sm" class="select-icon" />
                </span>
                <span class="pipeline-stage-count tabular muted">{stage.deal_count}</span>
                <button
                  type="button"
                  class="btn btn-ghost btn-icon btn-sm"
                  aria-label={`Delete stage ${stage.name}`}
                  title={stage.deal_count > 0 ? "Move this stage's deals first" : "Delete stage"}
                  onClick={() =>
                    deleteStage(stage)}
                  disabled={off}
                >
                  <Icon name="trash" size="sm" />
                </button>
              </li>
            ))}
          </ol>
          <form class="pipeline-add-stage" onSubmit={addStage}>
            <input
              name="name"
              class="input input-sm"
              placeholder="New stage name"
              aria-label="New stage name"
              required
              maxLength={60}
              disabled={off}
            />
            <input
              name="probability"
              class="input input-sm"
              type="number"
              min={0}
              max={100}
              placeholder="%"
              aria-label="New stage probability (%)"
              disabled={off}
            />
            <span class="select-wrap">
              <select name="kind" class="select select-sm" aria-label="New stage kind" disabled={off}>
                {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
              </select>
              <Icon name="chevron-down" size="sm" class="select-icon" />
            </span>
            <button type="submit" class="btn btn-primary btn-sm" disabled={off}>
              <Icon name="plus" size="sm" />
              Add stage
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
