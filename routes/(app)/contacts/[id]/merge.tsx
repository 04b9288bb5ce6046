// /contacts/<id>/merge: find the duplicate (likely ones are suggested, or search by name or email),
// choose per field which value to keep, merge. A plain form: works without JavaScript.
// `mergeRoute` is shared with /companies/<id>/merge.
import { define, type SignedInState, type State } from "../../../../utils.ts";
import type { Ctx } from "../../../../lib/web/context.ts";
import { Head } from "../../../../lib/web/head.tsx";
import { PageHeader } from "../../../../components/ui/PageHeader.tsx";
import { Alert } from "../../../../components/ui/Alert.tsx";
import { Button } from "../../../../components/ui/Button.tsx";
import { Card } from "../../../../components/ui/Card.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { Icon } from "../../../../components/ui/Icon.tsx";
import { errorMessage, readForm } from "../../../../lib/forms.ts";
import type { Row } from "../../../../lib/db/mod.ts";
import { contactsSpec } from "../../../../lib/records/contacts.ts";
import { companiesSpec } from "../../../../lib/records/companies.ts";
import { getRecord, listRecords } from "../../../../lib/records/records.ts";
import {
  defaultChoice,
  duplicateCandidates,
  MERGE_FIELDS,
  type MergeChoice,
  mergeRecords,
  type MergeResource,
} from "../../../../lib/records/merge.ts";
import { listMembers } from "../../../../lib/teams.ts";

const SPECS = { contacts: contactsSpec, companies: companiesSpec };

function title(resource: MergeResource, record: Row): string {
  if (resource === "companies") return String(record.name);
  return `${record.first_name ?? ""} ${record.last_name ?? ""}`.trim() || String(record.email ?? "Unnamed");
}

function subtitle(resource: MergeResource, record: Row): string {
  const parts = resource === "contacts" ? [record.email, record.job_title] : [record.domain, record.city];
  return parts.filter(Boolean).join(" · ");
}

interface MergeData {
  record: Row;
  other: Row | null;
  candidates: Row[];
  q: string;
  /** Readable values for ids (company names, owner names). */
  names: Record<string, string>;
  error: string | null;
  canWrite: boolean;
}

export function mergeRoute(resource: MergeResource) {
  const spec = SPECS[resource];
  const singular = resource === "contacts" ? "contact" : "company";

  async function load(ctx: Ctx<State>, error: string | null) {
    const { session, app } = ctx.state as SignedInState;
    const { db } = app;
    const { claims, team } = session;
    const record = await getRecord(db, claims, team.id, spec, ctx.params.id);
    const withId = ctx.url.searchParams.get("with") ?? "";
    const q = (ctx.url.searchParams.get("q") ?? "").trim().slice(0, 100);
    const other = withId ? await getRecord(db, claims, team.id, spec, withId).catch(() => null) : null;
    let candidates: Row[] = [];
    if (!other) {
      candidates = q
        ? (await listRecords(db, claims, team.id, spec, { q, limit: "11" })).data.filter((r) => r.id !== record.id)
          .slice(0, 10)
        : await duplicateCandidates(db, claims, team.id, resource, record);
    }
    const names: Record<string, string> = {};
    if (other) {
      for (const member of await listMembers(db, claims, team.id)) {
        names[member.user_id] = member.full_name || member.email;
      }
      if (resource === "contacts") {
        for (const id of [record.company_id, other.company_id]) {
          if (typeof id !== "string") continue;
          const company = await getRecord(db, claims, team.id, companiesSpec, id).catch(() => null);
          if (company) names[id] = String(company.name);
        }
      }
    }
    const data: MergeData = {
      record,
      other,
      candidates,
      q,
      names,
      error,
      canWrite: team.role !== "viewer",
    };
    return ctx.render(data, { status: error ? 422 : 200 });
  }

  const handler = define.handlers({
    GET: (ctx) => load(ctx, null),
    async POST(ctx) {
      const { session, app } = ctx.state as SignedInState;
      const { values } = await readForm(ctx.req);
      const choices: Record<string, MergeChoice> = {};
      for (const { key } of MERGE_FIELDS[resource]) {
        const value = values[`keep_${key}`];
        if (value === "survivor" || value === "other") choices[key] = value;
      }
      try {
        await mergeRecords(
          app.db,
          session.claims,
          session.team.id,
          resource,
          ctx.params.id,
          values.with ?? "",
          choices,
        );
      } catch (error) {
        ctx.url.searchParams.set("with", values.with ?? "");
        return await load(ctx, errorMessage(error));
      }
      return ctx.redirect(`/${resource}/${ctx.params.id}?merged`);
    },
  });

  const page = define.page<typeof handler>(function MergePage({ data, state, url }) {
    const { record, other } = data;
    const name = title(resource, record);
    const plural = resource === "contacts" ? "Contacts" : "Companies";
    const shown = (key: string, value: unknown) => {
      if (value === null || value === undefined || value === "") return <span class="subtle">empty</span>;
      if ((key === "company_id" || key === "owner_id") && typeof value === "string") return data.names[value] ?? "—";
      return String(value);
    };
    return (
      <div class="page stack-lg merge">
        <Head>
          <title>Merge {name} · {plural} · Leadly</title>
        </Head>
        <PageHeader
          breadcrumbs={[
            { label: plural, href: `/${resource}` },
            { label: name, href: `/${resource}/${record.id}` },
            { label: "Merge" },
          ]}
          title={`Merge duplicates of ${name}`}
          description={`${name} stays; the ${singular} you merge into it is deleted after its details and links move over.`}
        />
        {data.error && <Alert tone="error" title="Could not merge">{data.error}</Alert>}
        {!data.canWrite && (
          <Alert tone="info" title="Viewers can't merge">Ask an owner or admin for a role that can edit.</Alert>
        )}

        {!other && (
          <Card
            title={`Find the duplicate ${singular}`}
            description={resource === "contacts" ? "Search by name or email address." : "Search by name or domain."}
          >
            <div class="stack">
              <form method="get" class="merge-search" role="search">
                <label class="visually-hidden" for="merge-q">Search {plural.toLowerCase()}</label>
                <input
                  id="merge-q"
                  class="input"
                  type="search"
                  name="q"
                  value={data.q}
                  placeholder={resource === "contacts" ? "Name or email" : "Name or domain"}
                />
                <Button type="submit" icon="search">Search</Button>
              </form>
              <p class="muted text-sm">
                {data.q
                  ? `${data.candidates.length ? "Matches" : "Nothing matches"} for "${data.q}".`
                  : data.candidates.length
                  ? `Likely duplicates (same ${resource === "contacts" ? "email or name" : "domain or name"}):`
                  : "No likely duplicates found. Search for the one you mean."}
              </p>
              {data.candidates.length > 0 && (
                <ul class="merge-candidates">
                  {data.candidates.map((c) => (
                    <li key={String(c.id)}>
                      <a class="merge-candidate" href={`${url.pathname}?with=${c.id}`}>
                        <span class="stack-xs">
                          <span class="strong">{title(resource, c)}</span>
                          <span class="muted text-sm">{subtitle(resource, c) || "No details"}</span>
                        </span>
                        <span class="merge-candidate-action">
                          Compare <Icon name="arrow-right" size="sm" />
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Card>
        )}

        {other && (
          <form method="post" class="stack-lg">
            <CsrfField token={state.csrf} />
            <input type="hidden" name="with" value={String(other.id)} />
            <Card
              title="Choose what to keep"
              description={`Pick the value to keep where the two differ. ${
                resource === "contacts" ? "Email addresses, phone numbers" : "Contacts, deals"
              } and tags of both are kept.`}
              flush
            >
              <div class="table-wrap">
                <table class="table merge-table">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">
                        Keep: <a href={`/${resource}/${record.id}`}>{name}</a>
                      </th>
                      <th scope="col">
                        Merge in: <a href={`/${resource}/${other.id}`}>{title(resource, other)}</a>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {MERGE_FIELDS[resource].map(({ key, label }) => {
                      const a = record[key];
                      const b = other[key];
                      const same = String(a ?? "") === String(b ?? "");
                      const chosen = defaultChoice(record, other, key);
                      return (
                        <tr key={key} class={same ? "merge-same" : ""}>
                          <th scope="row">{label}</th>
                          {same
                            ? <td colSpan={2}>{shown(key, a)}</td>
                            : (["survivor", "other"] as const).map((side) => (
                              <td key={side}>
                                <label class="merge-choice">
                                  <input
                                    type="radio"
                                    name={`keep_${key}`}
                                    value={side}
                                    checked={chosen === side}
                                    aria-label={`${label}: keep ${side === "survivor" ? "this" : "the other"} value`}
                                  />
                                  <span>{shown(key, side === "survivor" ? a : b)}</span>
                                </label>
                              </td>
                            ))}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </Card>
            <Alert tone="warning" title={`${title(resource, other)} will be deleted`}>
              Its deals, tasks, activities{resource === "companies" ? ", contacts" : ""} and other links move to{" "}
              {name}. A manager can still restore it.
            </Alert>
            <div class="row gap-2 row-end wrap">
              <Button href={url.pathname} variant="ghost">Pick another</Button>
              <Button type="submit" variant="primary" disabled={!data.canWrite}>Merge into {name}</Button>
            </div>
          </form>
        )}
      </div>
    );
  });

  return { handler, page };
}

const contacts = mergeRoute("contacts");
export const handler = contacts.handler;
export default contacts.page;
