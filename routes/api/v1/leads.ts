// /api/v1/leads: the generic resource endpoints plus the status flow, marking lost and converting to a deal.
// Editing and deleting go through the lead rules of lib/crm/leads.ts (info editable in every status, deleting for
// New leads only); the routes below are registered before the generic ones, so they answer first.
import { Hono } from "hono";
import { resourceApi } from "../../../lib/api/resource.ts";
import { registerBulk } from "../../../lib/list/bulk.ts";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import { leadsSpec, lostInput, overrideInput, transitionInput } from "../../../lib/crm/lead-spec.ts";
import {
  deleteLead,
  leadStatusHistory,
  markLeadLost,
  overrideLeadStatus,
  transitionLead,
  updateLead,
} from "../../../lib/crm/leads.ts";
import { convertLead } from "../../../lib/crm/lead-convert.ts";
import { LEAD_STATUSES } from "../../../lib/crm/lead-status.ts";

export const app = new Hono<ApiEnv>();

app.on(["PATCH", "PUT"], "/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const input = await jsonBody(c, leadsSpec.update);
  return c.json({ data: await updateLead(db, claims, team.id, pathId(c, "Lead"), input) });
});

app.delete("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  return c.json({ data: await deleteLead(db, claims, team.id, pathId(c, "Lead")) });
});

app.post("/:id/transition", async (c) => {
  const { db, claims } = apiCaller(c);
  const { to, reason } = await jsonBody(c, transitionInput);
  return c.json({ data: await transitionLead(db, claims, pathId(c, "Lead"), to, reason) });
});

app.post("/:id/lost", async (c) => {
  const { db, claims } = apiCaller(c);
  const { reason } = await jsonBody(c, lostInput);
  return c.json({ data: await markLeadLost(db, claims, pathId(c, "Lead"), reason) });
});

app.post("/:id/convert", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const conversion = await convertLead(db, claims, team.id, pathId(c, "Lead"));
  return c.json({ data: conversion }, conversion.created ? 201 : 200);
});

app.post("/:id/override", async (c) => {
  const { db, claims } = apiCaller(c);
  const { to, reason } = await jsonBody(c, overrideInput);
  return c.json({ data: await overrideLeadStatus(db, claims, pathId(c, "Lead"), to, reason) });
});

app.get("/:id/history", async (c) => {
  const { db, claims } = apiCaller(c);
  return c.json({ data: await leadStatusHistory(db, claims, pathId(c, "Lead")) });
});

// POST /api/v1/leads/bulk: one request for a list's bulk actions (lib/list/bulk.ts).
registerBulk(app, leadsSpec);
app.route("/", resourceApi(leadsSpec));

const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const reasonProperty = { type: "string", minLength: 1, maxLength: 1000, description: "Why the lead was lost." };
registerPath("/api/v1/leads/{id}/transition", {
  parameters: [idParam],
  post: {
    tags: ["leads"],
    summary: "Move a lead one step forward in NEW → CONTACTED → INTERESTED → PROPOSAL_SENT → PAID, or to LOST " +
      "with a reason from any status before PAID",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["to"],
            properties: { to: { type: "string", enum: [...LEAD_STATUSES] }, reason: reasonProperty },
          },
        },
      },
    },
    responses: {
      "200": { description: "The lead in its new status." },
      "409": { description: "The move is not allowed (skipping, going back, or out of PAID or LOST)." },
      "422": { description: "An unknown status, or LOST without a reason." },
      "404": { description: "Lead not found." },
    },
  },
});
registerPath("/api/v1/leads/{id}/lost", {
  parameters: [idParam],
  post: {
    tags: ["leads"],
    summary: "Mark a lead as lost, with a reason (any status before PAID; LOST is final)",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: { type: "object", required: ["reason"], properties: { reason: reasonProperty } },
        },
      },
    },
    responses: {
      "200": { description: "The lead, now LOST, with lost_reason." },
      "409": { description: "The lead is PAID or already LOST." },
      "422": { description: "No reason given." },
      "404": { description: "Lead not found." },
    },
  },
});
registerPath("/api/v1/leads/{id}/convert", {
  parameters: [idParam],
  post: {
    tags: ["leads"],
    summary: "Convert an INTERESTED, PROPOSAL_SENT or PAID lead into a deal (default pipeline, first open stage), " +
      "with its contact (matched by email) and company (matched by name); converting again links to that deal",
    responses: {
      "201": { description: "`{ data: { created: true, message, deal, contact_id, company_id, ... } }`" },
      "200": { description: "Already converted: `created` is false and `deal` is the existing deal." },
      "409": { description: "The lead is not yet interested, or is LOST." },
      "404": { description: "Lead not found." },
    },
  },
});
registerPath("/api/v1/leads/{id}/override", {
  parameters: [idParam],
  post: {
    tags: ["leads"],
    summary: "Owners and admins: set any status, with a reason (audited)",
    responses: { "200": { description: "Overridden." }, "403": { description: "Not an owner or admin." } },
  },
});
