// The catalogue on /settings/products: each product with its price and billing; owners and admins change a price
// or whether it is offered (active) in place, or remove it.
import { Card } from "../ui/Card.tsx";
import { Table } from "../ui/Table.tsx";
import { Badge } from "../ui/Badge.tsx";
import { Button } from "../ui/Button.tsx";
import { EmptyState } from "../ui/EmptyState.tsx";
import { CsrfField } from "../CsrfField.tsx";
import { BILLING_LABELS, type Product } from "../../lib/proposals/products.ts";
import { formatAmount } from "../../lib/proposals/pricing.ts";

export interface ProductsTableProps {
  products: Product[];
  canEdit: boolean;
  csrf: string;
}

export function ProductsTable({ products, canEdit, csrf }: ProductsTableProps) {
  return (
    <Card title="Catalogue" flush>
      {products.length === 0
        ? (
          <EmptyState
            title="No products yet"
            text={canEdit
              ? "Add what you sell below; proposals then price from it."
              : "An owner or admin can add products."}
          />
        )
        : (
          <Table label="Products" class="products-table">
            <thead>
              <tr>
                <th>Product</th>
                <th>Billing</th>
                <th class="num">Unit price</th>
                <th>Status</th>
                {canEdit && (
                  <th class="cell-actions">
                    <span class="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id} class={p.active ? undefined : "is-inactive"}>
                  <td>
                    <span class="product-name">{p.name}</span>
                    {p.description && <span class="product-description subtle text-sm">{p.description}</span>}
                  </td>
                  <td>{BILLING_LABELS[p.billing_period]}</td>
                  <td class="num">
                    {canEdit
                      ? (
                        <form
                          method="post"
                          action="/settings/products"
                          class="product-inline-form"
                          id={`product-${p.id}`}
                        >
                          <CsrfField token={csrf} />
                          <input type="hidden" name="intent" value="update" />
                          <input type="hidden" name="product_id" value={p.id} />
                          <input
                            class="input input-sm product-price-input"
                            name="unit_price"
                            inputMode="decimal"
                            value={p.unit_price.toFixed(2)}
                            aria-label={`Unit price of ${p.name} in ${p.currency}`}
                          />
                          <span class="muted text-sm">{p.currency}</span>
                          <label class="product-active">
                            <input type="checkbox" name="active" checked={p.active} /> Active
                          </label>
                          <Button type="submit" size="sm">Save</Button>
                        </form>
                      )
                      : <span class="tabular">{formatAmount(p.unit_price, p.currency)}</span>}
                  </td>
                  <td>
                    <Badge tone={p.active ? "success" : "neutral"}>{p.active ? "Active" : "Inactive"}</Badge>
                  </td>
                  {canEdit && (
                    <td class="cell-actions">
                      <form method="post" action="/settings/products">
                        <CsrfField token={csrf} />
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="product_id" value={p.id} />
                        <Button type="submit" size="sm" variant="ghost" icon="trash" aria-label={`Remove ${p.name}`}>
                          Remove
                        </Button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
    </Card>
  );
}
