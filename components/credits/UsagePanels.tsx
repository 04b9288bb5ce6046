// The parts of Settings → Usage: the balance summary, members' usage and limits this month, usage per
// action, the ledger with its pages, and the owner/admin forms (add credits, set a limit).
import type { ComponentChildren } from "preact";
import { Badge } from "../ui/Badge.tsx";
import { Button } from "../ui/Button.tsx";
import { Card } from "../ui/Card.tsx";
import { EmptyState } from "../ui/EmptyState.tsx";
import { Input } from "../ui/Input.tsx";
import { Table } from "../ui/Table.tsx";
import { CsrfField } from "../CsrfField.tsx";
import type { CreditCost } from "../../lib/credits/costs.ts";
import type { LedgerEntry, LedgerPage } from "../../lib/credits/ledger.ts";
import type { MonthUsage } from "../../lib/credits/usage.ts";
import type { CreditBalance } from "../../lib/credits/balance.ts";
import type { FieldErrors } from "../../lib/forms.ts";

export const formatCredits = (n: number) => n.toLocaleString("en-US");
/** "Dec 7, 17:43" (UTC, the year added when it is not this one): short enough for a phone's ledger. */
function when(iso: string): string {
  const date = new Date(iso);
  const sameYear = date.getUTCFullYear() === new Date().getUTCFullYear();
  const day = date.toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    year: sameYear ? undefined : "numeric",
    timeZone: "UTC",
  });
  return `${day}, ${iso.slice(11, 16)}`;
}

export function BalanceSummary(
  { credits, usage, monthLabel, prevHref, nextHref, costs }: {
    credits: CreditBalance;
    usage: MonthUsage;
    monthLabel: string;
    prevHref: string;
    nextHref: string | null;
    costs: CreditCost[];
  },
) {
  return (
    <Card class="credit-summary">
      <div class="credit-summary-grid">
        <div class="stack-xs">
          <p class="credit-summary-label">Credits left</p>
          <p class={credits.low ? "credit-summary-value credit-low" : "credit-summary-value"} data-balance>
            {formatCredits(credits.balance)}
          </p>
          {credits.low && <Badge tone="warning">Running low</Badge>}
        </div>
        <div class="stack-xs">
          <p class="credit-summary-label">Used in {monthLabel}</p>
          <p class="credit-summary-value">{formatCredits(usage.total)}</p>
          <nav class="credit-month-nav" aria-label="Month">
            <a href={prevHref}>← Previous month</a>
            {nextHref && <a href={nextHref}>Next month →</a>}
          </nav>
        </div>
        <div class="stack-xs credit-costs">
          <p class="credit-summary-label">What things cost</p>
          <ul>
            {costs.map((c) => (
              <li key={c.action}>
                <span>{c.label}</span>
                <span class="num">{c.cost}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

export function GrantForm(
  { csrf, values, errors }: { csrf: string; values: Record<string, string>; errors: FieldErrors },
) {
  return (
    <Card title="Add credits" description="Credits go to the whole team and show in the ledger with your name.">
      <form method="post" action="/settings/usage" class="credit-grant-form">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="grant" />
        <Input
          label="Credits"
          name="amount"
          type="number"
          min={1}
          max={1000000}
          step={1}
          required
          value={values.amount ?? ""}
          error={errors.amount}
        />
        <Input label="Note" name="note" maxLength={200} optional value={values.note ?? ""} error={errors.note} />
        <div class="credit-grant-submit">
          <Button type="submit" variant="primary">Add credits</Button>
        </div>
      </form>
    </Card>
  );
}

function LimitCell(
  { member, csrf, editable, error }: {
    member: MonthUsage["members"][number];
    csrf: string;
    editable: boolean;
    error?: string;
  },
) {
  if (!editable) return <>{member.limit === null ? "No limit" : formatCredits(member.limit)}</>;
  const id = `limit-${member.user_id}`;
  return (
    <form method="post" action="/settings/usage" class="credit-limit-form">
      <CsrfField token={csrf} />
      <input type="hidden" name="intent" value="limit" />
      <input type="hidden" name="user_id" value={member.user_id} />
      <label class="sr-only" for={id}>Monthly limit for {member.user_name ?? member.email}</label>
      <input
        id={id}
        class="input input-sm"
        name="monthly_limit"
        type="number"
        min={0}
        step={1}
        placeholder="No limit"
        value={member.limit ?? ""}
        aria-invalid={error ? "true" : undefined}
      />
      <Button type="submit" size="sm">Save</Button>
      {error && <p class="field-error credit-limit-error" role="alert">{error}</p>}
    </form>
  );
}

export function MembersUsage(
  { usage, monthLabel, csrf, editable, limitError }: {
    usage: MonthUsage;
    monthLabel: string;
    csrf: string;
    editable: boolean;
    limitError?: { user_id: string; message: string };
  },
) {
  return (
    <Card
      title="Members"
      description={editable
        ? `Credits each member used in ${monthLabel}. Leave a limit empty for none; limits reset on the 1st (UTC).`
        : `Credits each member used in ${monthLabel}, and their monthly limit.`}
      flush
    >
      <Table label="Credits used per member" dense class="credit-members">
        <thead>
          <tr>
            <th>Member</th>
            <th class="num">Used</th>
            <th>Monthly limit</th>
          </tr>
        </thead>
        <tbody>
          {usage.members.map((m) => (
            <tr key={m.user_id} data-member={m.user_id}>
              <td>
                <span class="cell-primary-title">{m.user_name ?? m.email}</span>
                <span class="credit-sub">{m.role}</span>
              </td>
              <td class="num">
                {formatCredits(m.used)}
                {m.limit !== null && m.used >= m.limit && <Badge tone="danger">At limit</Badge>}
              </td>
              <td>
                <LimitCell
                  member={m}
                  csrf={csrf}
                  editable={editable}
                  error={limitError?.user_id === m.user_id ? limitError.message : undefined}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export function ActionUsage({ usage, monthLabel }: { usage: MonthUsage; monthLabel: string }) {
  return (
    <Card title="By member and action" flush>
      {usage.rows.length === 0
        ? (
          <EmptyState
            icon="chart"
            title={`No credits used in ${monthLabel}`}
            text="AI writing, classification, proposals, search and enrichment use credits; what they cost shows here."
          />
        )
        : (
          <Table label="Credits used per member and action" dense>
            <thead>
              <tr>
                <th>Member</th>
                <th>Action</th>
                <th class="num">Uses</th>
                <th class="num">Credits</th>
              </tr>
            </thead>
            <tbody>
              {usage.rows.map((r) => (
                <tr key={`${r.user_id}-${r.action}`}>
                  <td>{r.user_name ?? r.email ?? "Former member"}</td>
                  <td>{r.action_label}</td>
                  <td class="num">{formatCredits(r.uses)}</td>
                  <td class="num">{formatCredits(r.credits)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
    </Card>
  );
}

const KIND_TONE = { grant: "success", charge: "neutral", refund: "info" } as const;

function entryText(e: LedgerEntry): ComponentChildren {
  if (e.kind === "grant") return e.note ?? "Credits added";
  const label = e.action_label ?? e.action ?? "";
  const what = e.units > 1 ? `${label} × ${e.units}` : label;
  return e.kind === "refund" ? `Refund: ${what}` : what;
}

export function LedgerTable({ page, olderHref, newestHref }: {
  page: LedgerPage;
  olderHref: string | null;
  newestHref: string | null;
}) {
  return (
    <Card
      title="Ledger"
      description="Every grant, charge and refund, newest first. Entries are never changed or deleted."
      flush
      footer={(olderHref || newestHref) && (
        <nav class="credit-pager" aria-label="Ledger pages">
          {newestHref ? <a href={newestHref}>← Newest</a> : <span />}
          {olderHref && <a href={olderHref} rel="next">Older entries →</a>}
        </nav>
      )}
    >
      {page.entries.length === 0
        ? <EmptyState icon="file" title="No ledger entries here" text="Grants, charges and refunds show up here." />
        : (
          <Table label="Credit ledger" dense class="credit-ledger">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th class="credit-type">Type</th>
                <th>What</th>
                <th>Who</th>
                <th class="num">Credits</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id} data-entry={e.id}>
                  <td class="credit-when">
                    <time datetime={e.created_at}>{when(e.created_at)}</time>
                  </td>
                  <td class="credit-type">
                    <Badge tone={KIND_TONE[e.kind]}>{e.kind}</Badge>
                  </td>
                  <td>{entryText(e)}</td>
                  <td>{e.user_name ?? "—"}</td>
                  <td class={e.amount < 0 ? "num credit-minus" : "num credit-plus"}>
                    {e.amount > 0 ? "+" : "−"}
                    {formatCredits(Math.abs(e.amount))}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
    </Card>
  );
}
