// Settings → Pipelines: owners and admins build pipelines and their stages (the PipelineBuilder island talks
// to /api/v1/pipelines); everyone else sees the same pipelines read-only.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { Badge } from "../../../components/ui/Badge.tsx";
import { Card } from "../../../components/ui/Card.tsx";
import PipelineBuilder from "../../../islands/PipelineBuilder.tsx";
import { listPipelines, type Pipeline } from "../../../lib/deals/pipelines.ts";
import { stageTone } from "../../../lib/deals/client/stage-tone.ts";

interface Data {
  pipelines: Pipeline[];
  canEdit: boolean;
}

export const handler = define.handlers({
  async GET(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const role = session.team.role;
    return ctx.render<Data>({
      pipelines: await listPipelines(app.db, session.claims, session.team.id),
      canEdit: role === "owner" || role === "admin",
    });
  },
});

const KIND_LABEL = { open: "Open", won: "Won", lost: "Lost" } as const;

export default define.page<typeof handler>(function PipelinesSettings({ data, state, url }) {
  const { csrf } = state as SignedInState;
  return (
    <SettingsLayout
      path={url.pathname}
      title="Pipelines"
      description="The stages deals move through, with the chance a deal in each stage is won."
    >
      <Head>
        <title>Pipelines · Settings · Leadly</title>
      </Head>
      {data.canEdit ? <PipelineBuilder pipelines={data.pipelines} csrf={csrf} /> : (
        <div class="stack">
          <Alert tone="info">Only owners and admins can change pipelines.</Alert>
          {data.pipelines.map((pipeline) => (
            <Card
              key={pipeline.id}
              title={
                <span class="row gap-2">
                  {pipeline.name}
                  {pipeline.is_default && <Badge tone="accent">Default</Badge>}
                </span>
              }
              flush
            >
              <ol class="pipeline-stages is-readonly">
                {pipeline.stages.map((stage) => (
                  <li key={stage.id} class={`pipeline-stage stage-tone-${stageTone(stage.color, stage.kind)}`}>
                    <span class="stage-dot" aria-hidden="true" />
                    <span class="pipeline-stage-name">{stage.name}</span>
                    <span class="muted tabular">{stage.probability}%</span>
                    <Badge tone={stage.kind === "won" ? "success" : stage.kind === "lost" ? "danger" : "neutral"}>
                      {KIND_LABEL[stage.kind]}
                    </Badge>
                    <span class="subtle text-sm">{stage.deal_count} deals</span>
                  </li>
                ))}
              </ol>
            </Card>
          ))}
        </div>
      )}
    </SettingsLayout>
  );
});
