// /api/v1/leads: the generic resource endpoints plus the status flow.
import { resourceApi } from "../../../lib/api/resource.ts";
import { apiCaller } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import { registerPath } from "../../../lib/api/openapi.ts";
import { leadsSpec, overrideInput, transitionInput } from "../../../lib/crm/lead-spec.ts";
import { leadStatusHistory, overrideLeadStatus, transitionLead } from "../../../lib/crm/leads.ts";
import { LEAD_STATUSES } from "../../../lib/crm/lead-status.ts";

export const app = resourceApi(leadsSpec);

app.post("/:id/transition", async (c) => {
  const { db, claims } = apiCaller(c);
  const { to } = await jsonBody(c, transitionInput);
  return c.json({ data: await transitionLead(db, claims, pathId(c, "Lead"), to) });
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

const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
registerPath("/api/v1/leads/{id}/transition", {
  parameters: [idParam],
  post: {
    tags: ["leads"],
    summary: "Move a lead one step forward in NEW → CONTACTED → INTERESTED → PROPOSAL_SENT → PAID",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["to"],
            properties: { to: { type: "string", enum: [...LEAD_STATUSES] } },
          },
        },
      },
    },
    responses: {
      "200": { description: "The lead in its new status." },
      "409": { description: "The move is not allowed (skipping, going back, or after PAID)." },
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
