// Sample records for the demo workspace, written through the same functions users go through
// (as Alice, Bob and Carol), so timelines, histories and audit entries look real on first start.
import type { Claims } from "../db/claims.ts";
import type { Db, Row } from "../db/mod.ts";
import { createRecord } from "../records/records.ts";
import { companiesSpec } from "../records/companies.ts";
import { contactsSpec } from "../records/contacts.ts";
import { leadsSpec } from "../leads/spec.ts";
import { transitionLead } from "../leads/leads.ts";
import { dealsSpec } from "../deals/deals.ts";
import { listPipelines } from "../deals/pipelines.ts";
import { saveRate } from "../deals/exchange-rates.ts";
import { logActivity } from "../activities/activities.ts";
import { createTask } from "../tasks/tasks.ts";
import { LEAD_STATUSES, type LeadStatus } from "../leads/status.ts";

export type DemoPeople = Record<"alice" | "bob" | "carol", Claims>;

const COMPANIES = [
  { name: "Northwind Traders", domain: "northwind.test", industry: "Retail", city: "Seattle", size: "201-500" },
  { name: "Globex", domain: "globex.test", industry: "Manufacturing", city: "Springfield", size: "1001-5000" },
  { name: "Initech", domain: "initech.test", industry: "Software", city: "Austin", size: "51-200" },
  { name: "Umbrella Health", domain: "umbrella.test", industry: "Healthcare", city: "Boston", size: "5000+" },
  { name: "Stark Logistics", domain: "stark.test", industry: "Logistics", city: "Rotterdam", size: "501-1000" },
  { name: "Wayne Media", domain: "wayne.test", industry: "Media", city: "London", size: "11-50" },
];

const PEOPLE = [
  ["Nancy", "Davolio", "VP Purchasing", 0],
  ["Andrew", "Fuller", "CFO", 0],
  ["Hank", "Scorpio", "CEO", 1],
  ["Marge", "Bouvier", "Head of Operations", 1],
  ["Peter", "Gibbons", "Engineering Manager", 2],
  ["Joanna", "Lumbergh", "Procurement Lead", 2],
  ["Alice", "Abernathy", "CIO", 3],
  ["Chris", "Redfield", "IT Director", 3],
  ["Pepper", "Potts", "COO", 4],
  ["Lucius", "Fox", "CTO", 5],
  ["Vicki", "Vale", "Editor in Chief", 5],
] as const;

const LEADS: [string, string, string, string, LeadStatus][] = [
  ["Sharma Dental", "dr.sharma@sharmadental.test", "Dentist", "Jaipur", "NEW"],
  ["Iron Gym", "hello@irongym.test", "Fitness", "Bangalore", "CONTACTED"],
  ["Spice Route Kitchen", "owner@spiceroute.test", "Restaurant", "Delhi", "INTERESTED"],
  ["Bright Smiles Clinic", "info@brightsmiles.test", "Dentist", "Pune", "PROPOSAL_SENT"],
  ["Peak Physio", "team@peakphysio.test", "Healthcare", "Mumbai", "PAID"],
  ["Urban Bakery", "orders@urbanbakery.test", "Food", "Chennai", "NEW"],
];

/** name, value, stage, company, currency (USD, the demo team's base, when left out) */
const DEALS: [string, number, string, number, string?][] = [
  ["Northwind annual renewal", 24_000, "Proposal", 0],
  ["Globex plant rollout", 86_000, "Negotiation", 1],
  ["Initech pilot", 12_500, "Demo", 2],
  ["Umbrella analytics add-on", 40_000, "Qualified", 3],
  ["Stark fleet tracking", 55_000, "New", 4],
  ["Wayne newsroom seats", 9_800, "Demo", 5],
  ["Globex spare parts portal", 18_000, "Qualified", 1],
  ["Initech Berlin office", 42_000, "Proposal", 2, "EUR"],
  ["Wayne UK bureau", 15_000, "Qualified", 5, "GBP"],
];

/** Demo exchange rates into USD: an older EUR rate superseded by this month's, so the history shows. */
function demoRates(today: Date): { currency: string; rate: number; valid_from: string }[] {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  return [
    { currency: "EUR", rate: 1.07, valid_from: day(lastMonth) },
    { currency: "EUR", rate: 1.08, valid_from: day(monthStart) },
    { currency: "GBP", rate: 1.27, valid_from: day(monthStart) },
  ];
}

export async function seedDemoCrm(db: Db, teamId: string, people: DemoPeople) {
  const { alice, bob, carol } = people;
  const companies: Row[] = [];
  for (const [i, company] of COMPANIES.entries()) {
    const owner = [alice, bob, carol][i % 3];
    companies.push(await createRecord(db, owner, teamId, companiesSpec, { ...company, lead_score: 40 + i * 9 }));
  }
  const contacts: Row[] = [];
  for (const [i, [first, last, title, at]] of PEOPLE.entries()) {
    const company = companies[at];
    contacts.push(
      await createRecord(db, [carol, bob][i % 2], teamId, contactsSpec, {
        first_name: first,
        last_name: last,
        job_title: title,
        email: `${first.toLowerCase()}.${last.toLowerCase()}@${company.domain}`,
        company_id: company.id,
        industry: company.industry,
        city: company.city,
        lead_score: 30 + ((i * 17) % 70),
        tags: i % 3 === 0 ? ["decision-maker"] : [],
      }),
    );
  }
  for (const [name, email, industry, city, status] of LEADS) {
    const lead = await createRecord(db, carol, teamId, leadsSpec, { business_name: name, email, industry, city });
    // Walk the real flow, one step at a time, so each lead has an honest status history.
    for (const step of LEAD_STATUSES.slice(1, LEAD_STATUSES.indexOf(status) + 1)) {
      await transitionLead(db, carol, String(lead.id), step);
    }
  }
  const [sales] = await listPipelines(db, alice, teamId);
  for (const rate of demoRates(new Date())) await saveRate(db, alice, teamId, rate);
  for (const [i, [name, value, stageName, companyIndex, currency]] of DEALS.entries()) {
    const stage = sales.stages.find((s) => s.name === stageName)!;
    await createRecord(db, [alice, bob, carol][i % 3], teamId, dealsSpec, {
      name,
      value,
      currency: currency ?? "USD",
      pipeline_id: sales.id,
      stage_id: stage.id,
      company_id: companies[companyIndex].id,
      contact_id: contacts.find((c) => c.company_id === companies[companyIndex].id)?.id ?? null,
      expected_close_date: new Date(Date.now() + (i + 1) * 9 * 86_400_000).toISOString().slice(0, 10),
    });
  }
  await logActivity(db, carol, teamId, {
    record_type: "contact",
    record_id: String(contacts[0].id),
    type: "call",
    subject: "Discovery call",
    body: "Nancy wants to consolidate three suppliers before Q1. Send pricing for 200 seats.",
    duration_seconds: 1260,
    outcome: "connected",
  });
  await logActivity(db, bob, teamId, {
    record_type: "company",
    record_id: String(companies[1].id),
    type: "meeting",
    subject: "Plant visit in Springfield",
    body: "Walked the floor with Marge. Rollout in two phases; legal review next week.",
    duration_seconds: 5400,
    outcome: "held",
  });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await createTask(db, carol, teamId, {
    title: "Send Northwind the renewal proposal",
    priority: "high",
    due_at: `${tomorrow}T10:00:00Z`,
    assignee_id: carol.sub,
    related_type: "company",
    related_id: String(companies[0].id),
  });
  await createTask(db, bob, teamId, {
    title: "Weekly pipeline review",
    priority: "medium",
    due_at: `${tomorrow}T09:00:00Z`,
    due_time_zone: "Europe/Berlin",
    assignee_id: bob.sub,
    recurrence_rule: "FREQ=WEEKLY;BYDAY=MO",
  });
}
