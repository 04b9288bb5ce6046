// /api/v1/products: the team's product catalogue (what proposals price from). Every member reads it; owners and
// admins add, change and remove products (403 with a sentence for everyone else).
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import type { Caller } from "../../../lib/caller.ts";
import {
  addProduct,
  deleteProduct,
  listProducts,
  productInput,
  productPatch,
  updateProduct,
} from "../../../lib/proposals/products.ts";

export const app = new Hono<ApiEnv>();

const adminsOnly = { 403: "Only owners and admins change the product catalogue." };
const docs = {
  list: describe({ summary: "The product catalogue, active products first (?active=1: only those)" }),
  add: describe({
    summary: "Add a product {name, description?, unit_price, currency, billing_period, active?}",
    responses: { 201: "The product.", 409: "A product with that name exists.", ...adminsOnly },
  }),
  update: describe({ summary: "Change a product", responses: { 200: "The product.", ...adminsOnly } }),
  remove: describe({ summary: "Remove a product", responses: { 200: "Removed.", ...adminsOnly } }),
};

function caller(c: Parameters<typeof apiCaller>[0]): Caller {
  const { db, claims, team } = apiCaller(c);
  return { db, claims, teamId: team.id, role: team.role };
}

app.get("/", docs.list, async (c) => {
  const activeOnly = c.req.query("active") === "1" || c.req.query("active") === "true";
  return c.json({ data: await listProducts(caller(c), { activeOnly }) });
});

app.post("/", docs.add, jsonInput(productInput), async (c) => {
  return c.json({ data: await addProduct(caller(c), c.req.valid("json")) }, 201);
});

app.patch("/:id", docs.update, jsonInput(productPatch), async (c) => {
  const id = pathId(c, "Product");
  return c.json({ data: await updateProduct(caller(c), id, c.req.valid("json")) });
});

app.delete("/:id", docs.remove, async (c) => {
  const id = pathId(c, "Product");
  await deleteProduct(caller(c), id);
  return c.json({ data: { id } });
});
