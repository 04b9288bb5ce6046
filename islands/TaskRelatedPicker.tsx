// "Related to" on the task form: a record type and a searchable picker over /api/v1/search. Without
// JavaScript the name typed is posted and the server picks the best match of that type.
import { useEffect, useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { request } from "@/lib/client/api.ts";
import { Icon } from "@/components/ui/Icon.tsx";
import { cx } from "@/components/ui/cx.ts";

export interface TaskRelatedPickerProps {
  type: string;
  id: string;
  title: string;
  error?: string | null;
}

interface Hit {
  id: string;
  title: string;
  subtitle: string | null;
}

const TYPES = [
  { value: "", label: "Nothing" },
  { value: "contact", label: "Contact" },
  { value: "company", label: "Company" },
  { value: "lead", label: "Lead" },
  { value: "deal", label: "Deal" },
];

export default function TaskRelatedPicker(props: TaskRelatedPickerProps) {
  const hydrated = useHydrated();
  const [type, setType] = useState(props.type);
  const [id, setId] = useState(props.id);
  const [query, setQuery] = useState(props.title);
  const [hits, setHits] = useState<Hit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (!hydrated || !type || id || !query.trim()) {
      setHits([]);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      const { body } = await request<{ data?: Hit[] }>(
        "GET",
        `/api/v1/search?q=${encodeURIComponent(query.trim())}&types=${type}&limit=8`,
      );
      if (mine !== seq.current) return;
      setHits(body?.data ?? []);
      setActive(0);
      setOpen(true);
    }, 200);
    return () => clearTimeout(timer);
  }, [hydrated, type, id, query]);

  const pick = (hit: Hit) => {
    setId(hit.id);
    setQuery(hit.title);
    setOpen(false);
  };

  return (
    <div class="field task-related-picker" data-hydrated={hydrated ? "true" : undefined}>
      <label class="field-label" for="f-related_query">
        Related to<span class="field-optional">(optional)</span>
      </label>
      <div class="task-related-row">
        <span class="select-wrap">
          <select
            name="related_type"
            class="select"
            aria-label="Record type"
            value={type}
            onChange={(e) => {
              setType((e.target as HTMLSelectElement).value);
              setId("");
              setQuery("");
            }}
          >
            {TYPES.map((t) => <option key={t.value} value={t.value} selected={t.value === type}>{t.label}</option>)}
          </select>
          <Icon name="chevron-down" size="sm" class="select-icon" />
        </span>
        <div class="task-related-search">
          <input
            id="f-related_query"
            name="related_query"
            class="input"
            role="combobox"
            aria-expanded={open && hits.length > 0 ? "true" : "false"}
            aria-controls="task-related-results"
            aria-autocomplete="list"
            aria-invalid={props.error ? "true" : undefined}
            autocomplete="off"
            placeholder={type ? `Search ${type === "company" ? "companies" : `${type}s`}…` : "Pick a type first"}
            value={query}
            disabled={!type}
            onInput={(e) => {
              setQuery((e.target as HTMLInputElement).value);
              setId("");
            }}
            onKeyDown={(e) => {
              if (!open || !hits.length) return;
              if (e.key === "ArrowDown") setActive((a) => Math.min(hits.length - 1, a + 1));
              else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
              else if (e.key === "Enter") pick(hits[active]);
              else if (e.key === "Escape") setOpen(false);
              else return;
              e.preventDefault();
            }}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
          />
          <input type="hidden" name="related_id" value={id} />
          {id && <Icon name="check" size="sm" class="task-related-ok" label="Picked" />}
          {open && hits.length > 0 && (
            <ul class="task-related-results menu-panel" id="task-related-results" role="listbox">
              {hits.map((hit, index) => (
                <li
                  key={hit.id}
                  role="option"
                  aria-selected={index === active ? "true" : "false"}
                  class={cx("menu-item", index === active && "is-active")}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(hit);
                  }}
                >
                  <span>{hit.title}</span>
                  {hit.subtitle && <span class="muted text-xs">{hit.subtitle}</span>}
                </li>
              ))}
            </ul>
          )}
          {open && hydrated && query.trim() && !id && hits.length === 0 && (
            <p class="field-hint">No match yet: keep typing, or the best match is used when you save.</p>
          )}
        </div>
      </div>
      {props.error && (
        <p class="field-error">
          <Icon name="alert" size="sm" />
          <span>{props.error}</span>
        </p>
      )}
    </div>
  );
}
