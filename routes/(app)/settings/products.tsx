// Settings → Products: the catalogue proposals price from. Owners and admins add products, change a price,
// take a product off the menu (inactive: kept, not offered) or remove it; everyone else sees it read-only.
// Plain form POSTs (303 back here).
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { SettingsLayout } from "../../../components/layout/SettingsLayout.tsx";
import { Alert } from "../../../components/ui/Alert.tsx";
import { type FieldErrors, parseWith, readForm } from "../../../lib/forms.ts";
import { sessionCaller } from "../../../lib/caller.ts";
import { AppError } from "../../../lib/errors.ts";
import {
  addProduct,
  deleteProduct,
  listProducts,
  type Product,
  productInput,
  productPatch,
  updateProduct,
} from "../../../lib/proposals/products.ts";
import { ProductsTable } from "../../../components/proposals/ProductsTable.tsx";
import { ProductForm } from "../../../components/proposals/ProductForm.tsx";
import type { Ctx } from "../../../lib/web/context.ts";
import type { State } from "../../../utils.ts";

interface Data {
  products: Product[];
  canEdit: boolean;
  baseCurrency: string;
  form: { intent: string; values: Record<string, string>; errors: FieldErrors; error: string | null };
  notice: string | null;
}

const NOTICES: Record<string, string> = {
  added: "Product added.",
  saved: "Product saved.",
  removed: "Product removed.",
};

async function pageData(ctx: Ctx<State>, form: Partial<Data["form"]> = {}): Promise<Data> {
  const { session, app } = ctx.state as SignedInState;
  const caller = sessionCaller(app.db, session);
  const [products, [team]] = await Promise.all([
    listProducts(caller),
    app.db.asUser(
      session.claims,
      (tx) =>
        tx.query<{ base_currency: string }>("select base_currency from public.teams where id = $1", [caller.teamId]),
    ),
  ]);
  return {
    products,
    canEdit: session.team.role === "owner" || session.team.role === "admin",
    baseCurrency: team?.base_currency ?? "USD",
    form: { intent: "", values: {}, errors: {}, error: null, ...form },
    notice: NOTICES[ctx.url.searchParams.get("done") ?? ""] ?? null,
  };
}

export const handler = define.handlers({
  async GET(ctx) {
    return ctx.render<Data>(await pageData(ctx));
  },
  async POST(ctx) {
    const { session, app } = ctx.state as SignedInState;
    const caller = sessionCaller(app.db, session);
    const { values } = await readForm(ctx.req);
    const intent = values.intent ?? "";
    const again = async (errors: FieldErrors, error: string | null, status: number) =>
      ctx.render<Data>(await pageData(ctx, { intent, values, errors, error }), { status });
    try {
      let done = "";
      if (intent === "add") {
        const form = parseWith(productInput, { ...values, active: true }, values);
        if (!form.ok) return await again(form.errors, null, 422);
        await addProduct(caller, form.data);
        done = "added";
      } else if (intent === "update") {
        const patch = { unit_price: values.unit_price, active: values.active === "on" ? "on" : "false" };
        const form = parseWith(productPatch, patch, values);
        if (!form.ok) return await again({}, Object.values(form.errors)[0] ?? "Check the price.", 422);
        await updateProduct(caller, values.product_id ?? "", form.data);
        done = "saved";
      } else if (intent === "remove") {
        await deleteProduct(caller, values.product_id ?? "");
        done = "removed";
      } else {
        return await again({}, "That form is not one this page knows.", 400);
      }
      return ctx.redirect(`/settings/products?done=${done}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return await again({}, error.message, error.status);
    }
  },
});

export default define.page<typeof handler>(function ProductsSettings({ data, state, url }) {
  const { csrf } = state as SignedInState;
  return (
    <SettingsLayout
      path={url.pathname}
      title="Products"
      description="What you sell, at which price: proposals price their tables from this catalogue."
    >
      <Head>
        <title>Products · Settings · Leadly</title>
      </Head>
      {data.notice && <Alert tone="success">{data.notice}</Alert>}
      {data.form.error && <Alert tone="error">{data.form.error}</Alert>}
      {!data.canEdit && <Alert tone="info">Only owners and admins can change the product catalogue.</Alert>}
      <ProductsTable products={data.products} canEdit={data.canEdit} csrf={csrf} />
      {data.canEdit && (
        <ProductForm
          csrf={csrf}
          baseCurrency={data.baseCurrency}
          values={data.form.intent === "add" ? data.form.values : {}}
          errors={data.form.intent === "add" ? data.form.errors : {}}
        />
      )}
    </SettingsLayout>
  );
});
