// "Generate proposal" on a deal page: pick products from the catalogue (quantity, discount), and Leadly writes a
// proposal (plan, pricing table computed from the catalogue, timeline, expected results) with the AI provider or,
// offline, from its template, saved as a co-editable note on the deal. Costs credits; errors say why in words.
import { useEffect, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { request } from "@/lib/client/api.ts";

export interface ProposalGeneratorProps {
  dealId: string;
  canWrite: boolean;
  csrf?: string;
}

interface Product {
  id: string;
  name: string;
  unit_price: number;
  currency: string;
  billing_period: string;
}

interface Choice {
  chosen: boolean;
  quantity: string;
  discount: string;
}

interface Existing {
  id: string;
  title: string;
  updated_at: string;
}

interface Done {
  note_id: string;
  title: string;
  provider: string;
}

const BILLING: Record<string, string> = {
  one_time: "one-time",
  monthly: "/ month",
  quarterly: "/ quarter",
  yearly: "/ year",
};

function price(p: Product): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: p.currency }).format(p.unit_price);
  } catch {
    return `${p.unit_price} ${p.currency}`;
  }
}

export default function ProposalGenerator({ dealId, canWrite, csrf }: ProposalGeneratorProps) {
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const [products, setProducts] = useState<Product[] | null>(null);
  const [provider, setProvider] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [existing, setExisting] = useState<Existing[]>([]);

  // The deal's earlier proposals (notes tagged "proposal"), each with its PDF.
  useEffect(() => {
    const params = new URLSearchParams({ record_type: "deal", record_id: dealId, tag: "proposal", limit: "5" });
    request<{ data: Existing[] }>("GET", `/api/v1/notes?${params}`).then((res) => {
      if (res.ok) setExisting(res.body?.data ?? []);
    });
  }, [dealId, done]);

  const start = async () => {
    setOpen(true);
    setError(null);
    const [list, status] = await Promise.all([
      request<{ data: Product[] }>("GET", "/api/v1/products?active=1"),
      request<{ provider: string }>("GET", "/functions/v1/ai/status"),
    ]);
    if (!list.ok) return setError(list.error);
    setProducts(list.body?.data ?? []);
    setProvider(status.ok ? status.body?.provider ?? null : null);
  };

  const choice = (id: string): Choice => choices[id] ?? { chosen: false, quantity: "1", discount: "" };
  const update = (id: string, patch: Partial<Choice>) => setChoices({ ...choices, [id]: { ...choice(id), ...patch } });
  const chosen = (products ?? []).filter((p) => choice(p.id).chosen);

  const generate = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const items = chosen.map((p) => {
      const c = choice(p.id);
      const discount = c.discount.trim() === "" ? undefined : Number(c.discount);
      return {
        product_id: p.id,
        quantity: Number(c.quantity),
        ...(discount === undefined ? {} : { discount_percent: discount }),
      };
    });
    const result = await request<Done>("POST", "/functions/v1/ai/proposal", { deal_id: dealId, items }, { csrf });
    setBusy(false);
    if (!result.ok || !result.body) return setError(result.error ?? "The proposal could not be written.");
    setDone(result.body);
  };

  if (!canWrite && existing.length === 0) return null;
  return (
    <section class="card proposal-card" aria-labelledby={`proposal-${dealId}`}>
      <header class="card-header">
        <h2 class="card-title" id={`proposal-${dealId}`}>Proposal</h2>
        {!open && canWrite && (
          <button type="button" class="btn btn-secondary btn-sm" disabled={!hydrated} onClick={start}>
            Generate proposal
          </button>
        )}
      </header>
      <div class="card-body stack-sm">
        {!open && !done && canWrite && (
          <p class="muted text-sm">
            Plan, pricing from your catalogue, timeline and expected results, as a note you can edit together.
          </p>
        )}
        {!open && existing.length > 0 && (
          <ul class="proposal-list" aria-label="Proposals for this deal">
            {existing.map((note) => (
              <li key={note.id}>
                <a href={`/notes/${note.id}`}>{note.title}</a>
                <a class="btn btn-ghost btn-sm" href={`/notes/${note.id}/pdf`}>PDF</a>
              </li>
            ))}
          </ul>
        )}
        {error && <p class="proposal-error" role="alert">{error}</p>}
        {done && (
          <div class="proposal-done stack-xs" role="status">
            <p>
              <strong>{done.title}</strong>{" "}
              is ready{done.provider === "offline" ? " (written offline from the template)" : ""}.
            </p>
            <p class="row gap-2 wrap">
              <a class="btn btn-primary btn-sm" href={`/notes/${done.note_id}`}>Open and edit</a>
              <a class="btn btn-secondary btn-sm" href={`/notes/${done.note_id}/pdf`}>Download PDF</a>
            </p>
          </div>
        )}
        {open && !done && products === null && !error && <p class="muted">Loading the catalogue…</p>}
        {open && !done && products?.length === 0 && (
          <p class="muted">
            The catalogue is empty. <a href="/settings/products">Add products</a> first (owners and admins).
          </p>
        )}
        {open && !done && products && products.length > 0 && (
          <form class="stack-sm" onSubmit={generate}>
            <ul class="proposal-products">
              {products.map((p) => {
                const c = choice(p.id);
                return (
                  <li key={p.id} class="proposal-product">
                    <label class="proposal-product-name">
                      <input
                        type="checkbox"
                        checked={c.chosen}
                        onChange={(e) => update(p.id, { chosen: e.currentTarget.checked })}
                      />
                      <span>{p.name}</span>
                      <span class="muted text-sm tabular">{price(p)} {BILLING[p.billing_period] ?? ""}</span>
                    </label>
                    {c.chosen && (
                      <span class="proposal-product-fields">
                        <label>
                          <span class="text-sm muted">Qty</span>
                          <input
                            class="input input-sm"
                            type="number"
                            min={1}
                            max={100000}
                            value={c.quantity}
                            aria-label={`Quantity of ${p.name}`}
                            onInput={(e) => update(p.id, { quantity: e.currentTarget.value })}
                          />
                        </label>
                        <label>
                          <span class="text-sm muted">Discount %</span>
                          <input
                            class="input input-sm"
                            type="number"
                            min={0}
                            max={100}
                            value={c.discount}
                            aria-label={`Discount on ${p.name} (%)`}
                            onInput={(e) => update(p.id, { discount: e.currentTarget.value })}
                          />
                        </label>
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
            <p class="muted text-sm">
              {provider === "offline" || provider === null
                ? "Offline: written from Leadly's template (no AI provider configured)."
                : `Written by ${provider}; prices are computed by Leadly, never by the AI.`} Costs proposal credits.
            </p>
            <div class="row gap-2">
              <button type="submit" class="btn btn-primary btn-sm" disabled={!hydrated || busy || chosen.length === 0}>
                {busy ? "Writing…" : "Generate"}
              </button>
              <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
