// /api/v1/share-links: revoking a report's read-only link (links are made under /api/v1/reports/:id/share-links).
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import { revokeShareLink } from "../../../lib/reports/share-links.ts";

export const app = new Hono<ApiEnv>();

app.delete(
  "/:id",
  describe({ summary: "Revoke a share link you made: it answers 410 from now on", responses: { 200: "Revoked." } }),
  async (c) => {
    const { db, claims, team } = apiCaller(c);
    return c.json({ data: await revokeShareLink(sessionCaller(db, { claims, team }), pathId(c, "Share link")) });
  },
);
