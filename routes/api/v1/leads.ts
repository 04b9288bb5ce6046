// /api/v1/leads: the generic resource endpoints plus the status flow, marking lost and converting to a deal.
// Editing and deleting go through the lead rules of lib/leads/leads.ts (info editable in every status, deleting for
// New leads only); the routes below are registered before the generic ones, so they answer first.
import { Hono } from "hono";
import { resourceApi } from "../../../utils/api/resource.ts";
import { registerBulk } from "../../../utils/list-bulk.ts";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { leadsSpec, lostInput, overrideInput, transitionInput } from "../../../lib/leads/spec.ts";
import {
  deleteLead,
  leadStatusHistory,
  markLeadLost,
  overrideLeadStatus,
  transitionLead,
  updateLead,
} from "../../../lib/leads/leads.ts";
import { convertLead } from "../../../lib/leads/convert.ts";

export const app = new Hono<ApiEnv>();

const updateDoc = describe({ summary: "Update a lead's info (in every status; the status moves by transition)" });
const deleteDoc = describe({ summary: "Delete a lead (New leads only; restorable)", responses: { 409: "Past New." } });
const transitionDoc = describe({
  summary: "Move a lead one step forward in NEW → CONTACTED → INTERESTED → PROPOSAL_SENT → PAID, or to LOST " +
    "with a reason from any status before PAID",
  responses: {
    200: "The lead in its new status.",
    409: "The move is not allowed (skipping, going back, or out of PAID or LOST).",
    422: "An unknown status, or LOST without a reason.",
  },
});
const lostDoc = describe({
  summary: "Mark a lead as lost, with a reason (any status before PAID; LOST is final)",
  responses: { 200: "The lead, now LOST, with lost_reason.", 409: "The lead is PAID or already LOST." },
});
const convertDoc = describe({
  summary: "Convert an INTERESTED, PROPOSAL_SENT or PAID lead into a deal (default pipeline, first open stage), " +
    "with its contact (matched by email) and company (matched by name); converting again links to that deal",
  responses: {
    201: "`{ data: { created: true, message, deal, contact_id, company_id, ... } }`",
    200: "Already converted: `created` is false and `deal` is the existing deal.",
    409: "The lead is not yet interested, or is LOST.",
  },
});
const overrideDoc = describe({
  summary: "Owners and admins: set any status, with a reason (audited)",
  responses: { 200: "Overridden.", 403: "Not an owner or admin." },
});
const historyDoc = describe({ summary: "A lead's status changes, oldest first" });

app.on(["PATCH", "PUT"], "/:id", updateDoc, jsonInput(leadsSpec.update), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = c.req.valid("json");
  return c.json({ data: await updateLead(db, claims, team.id, pathId(c, "Lead"), input) });
});

app.delete("/:id", deleteDoc, async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await deleteLead(db, claims, team.id, pathId(c, "Lead")) });
});

app.post("/:id/transition", transitionDoc, jsonInput(transitionInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const { to, reason } = c.req.valid("json");
  return c.json({ data: await transitionLead(db, claims, pathId(c, "Lead"), to, reason) });
});

app.post("/:id/lost", lostDoc, jsonInput(lostInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const { reason } = c.req.valid("json");
  return c.json({ data: await markLeadLost(db, claims, pathId(c, "Lead"), reason) });
});

app.post("/:id/convert", convertDoc, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const conversion = await convertLead(db, claims, team.id, pathId(c, "Lead"));
  return c.json({ data: conversion }, conversion.created ? 201 : 200);
});

app.post("/:id/override", overrideDoc, jsonInput(overrideInput), async (c) => {
  const { db, claims } = apiCaller(c);
  const { to, reason } = c.req.valid("json");
  return c.json({ data: await overrideLeadStatus(db, claims, pathId(c, "Lead"), to, reason) });
});

app.get("/:id/history", historyDoc, async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await leadStatusHistory(db, claims, pathId(c, "Lead")) });
});

// POST /api/v1/leads/bulk: one request for a list's bulk actions (utils/list-bulk.ts).
registerBulk(app, leadsSpec);
app.route("/", resourceApi(leadsSpec));
