// Browser side of live record pages: a teammate's edit is applied to the open page without a reload.
// The page is read again as HTML (the server renders every field exactly as on first load: owner and
// company names, links, money, badges) and only the parts that differ are swapped in:
// - the title (h1.page-title) and each field list (dl[data-live-fields], rows named by data-field);
// - form controls named like a changed column: updated when the reader has not touched them, left alone
//   with a notice when they have (their typing is never overwritten).
// Parts holding an island are never swapped (their state lives in the island). Runs only in browsers.

/** Plain server-rendered parts of a record page that may be replaced by their fresh copy. */
const REGIONS = "h1.page-title, dl[data-live-fields]";

export interface PatchOutcome {
  /** Labels of the rows (or "title") now showing new values. */
  changed: string[];
  /** False when the page's layout differs from the fresh one (the parts could not be paired). */
  applied: boolean;
}

/** The short highlight on a part that just changed (.live-flash, static/styles/presence.css). */
export function flash(element: Element): void {
  element.classList.remove("live-flash");
  void (element as HTMLElement).offsetWidth;
  element.classList.add("live-flash");
  element.setAttribute("data-live-changed", "");
  element.addEventListener("animationend", () => element.classList.remove("live-flash"), { once: true });
}

const hasIsland = (element: Element) => element.querySelector("leadly-island") !== null;

/** Swaps each region of `page` that differs from its counterpart in `fresh`; highlights what changed. */
export function patchRegions(page: Document, fresh: Document): PatchOutcome {
  const now = [...page.querySelectorAll(REGIONS)];
  const next = [...fresh.querySelectorAll(REGIONS)];
  if (now.length === 0 || now.length !== next.length) return { changed: [], applied: false };
  const changed: string[] = [];
  let applied = true;
  now.forEach((region, i) => {
    const replacement = next[i];
    if (region.tagName !== replacement.tagName) applied = false;
    if (!applied || region.innerHTML === replacement.innerHTML) return;
    if (hasIsland(region) || hasIsland(replacement)) {
      applied = false;
      return;
    }
    if (!region.matches("dl[data-live-fields]")) {
      region.innerHTML = replacement.innerHTML;
      flash(region);
      changed.push("title");
      return;
    }
    const before = new Map([...region.children].map((row) => [row.getAttribute("data-field"), row.innerHTML]));
    region.innerHTML = replacement.innerHTML;
    for (const row of region.children) {
      const label = row.getAttribute("data-field");
      if (before.get(label) === row.innerHTML) continue;
      flash(row);
      if (label) changed.push(label);
    }
  });
  return { changed, applied };
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A control's value as the server wrote it in the fresh page. */
function servedValue(control: Element): string | null {
  if (control instanceof HTMLTextAreaElement) return control.textContent ?? "";
  if (control instanceof HTMLSelectElement) {
    const chosen = control.querySelector("option[selected]") ?? control.querySelector("option");
    return chosen ? chosen.getAttribute("value") ?? chosen.textContent ?? "" : "";
  }
  if (control instanceof HTMLInputElement) {
    if (control.type === "checkbox" || control.type === "radio") return null;
    return control.getAttribute("value") ?? "";
  }
  return null;
}

/** The value the page was served with (before any typing). */
function servedBefore(control: Control): string {
  if (control instanceof HTMLSelectElement) {
    const chosen = [...control.options].find((o) => o.defaultSelected) ?? control.options[0];
    return chosen?.value ?? "";
  }
  return control.defaultValue;
}

/** Has the reader changed (or is changing) this control since it was rendered? */
function touched(control: Control): boolean {
  if (control.ownerDocument.activeElement === control) return true;
  if (control instanceof HTMLSelectElement) {
    return [...control.options].some((o) => o.selected !== o.defaultSelected);
  }
  return control.value !== control.defaultValue;
}

function setServed(control: Control, value: string) {
  if (control instanceof HTMLSelectElement) {
    for (const option of control.options) option.defaultSelected = option.value === value;
    control.value = value;
  } else {
    control.defaultValue = value;
    control.value = value;
  }
}

const controls = (root: Document, name: string) =>
  [...root.querySelectorAll<Control>(`form [name="${CSS.escape(name)}"]`)].filter((c) => !c.closest("leadly-island"));

/**
 * Form controls for the changed columns: untouched ones take the new value (highlighted), touched ones
 * keep the reader's input and get a notice. Answers the names of the conflicting fields.
 */
export function patchForms(page: Document, fresh: Document, fields: string[], who: string): string[] {
  const conflicts: string[] = [];
  for (const name of fields) {
    const mine = controls(page, name);
    const theirs = controls(fresh, name);
    mine.forEach((control, i) => {
      const value = theirs[i] ? servedValue(theirs[i]) : null;
      // Only what the server now serves differently counts (a blank "add" field stays the reader's own).
      if (value === null || value === servedBefore(control)) return;
      if (value === control.value) {
        setServed(control, value);
        return;
      }
      if (!touched(control)) {
        setServed(control, value);
        flash(control);
        return;
      }
      conflicts.push(name);
      showConflict(control, value, who);
    });
  }
  return conflicts;
}

/** "Alice changed this while you were editing it" under the control, with a way to take their value. */
function showConflict(control: Control, value: string, who: string) {
  const anchor = control.closest(".field") ?? control;
  const old = anchor.parentElement?.querySelector(`.live-field-conflict[data-for="${CSS.escape(control.name)}"]`);
  old?.remove();
  const doc = control.ownerDocument;
  const notice = doc.createElement("p");
  notice.className = "live-field-conflict";
  notice.setAttribute("role", "status");
  notice.dataset.for = control.name;
  notice.textContent = `${who} changed this while you were editing it. Yours is kept until you save. `;
  const take = doc.createElement("button");
  take.type = "button";
  take.className = "link-button";
  take.textContent = "Use theirs";
  take.addEventListener("click", () => {
    setServed(control, value);
    notice.remove();
    flash(control);
  });
  notice.append(take);
  anchor.after(notice);
}

/** Reads the page at `url` again as HTML; null when that is not possible (offline, signed out). */
export async function freshPage(url: string): Promise<Document | null> {
  try {
    const res = await fetch(url, { headers: { accept: "text/html" }, credentials: "same-origin", cache: "no-store" });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("text/html") || res.redirected) return null;
    return new DOMParser().parseFromString(await res.text(), "text/html");
  } catch {
    return null;
  }
}
