// What every record page does around its record: load it (or notice it was deleted), delete, undo.
import type { Ctx } from "../lib/web/context.ts";
import type { SignedInState, State } from "../utils.ts";
import type { ResourceSpec } from "../lib/records/resource-spec.ts";
import { deleteRecord, getRecord, restoreRecord } from "../lib/records/records.ts";
import { AppError } from "../lib/errors.ts";

export type Loaded = { deleted: false; record: Record<string, unknown> } | { deleted: true };

/** The record, or — right after a delete, when the URL says so — a "deleted" marker for the undo notice. */
export async function loadRecord(ctx: Ctx<State>, spec: ResourceSpec): Promise<Loaded> {
  const { session, app } = ctx.state as SignedInState;
  try {
    return { deleted: false, record: await getRecord(app.db, session.claims, session.team.id, spec, ctx.params.id) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404 && ctx.url.searchParams.has("deleted")) {
      return { deleted: true };
    }
    throw error;
  }
}

/** POST actions shared by record pages: "delete" (soft, undoable) and "restore". */
export async function recordAction(ctx: Ctx<State>, spec: ResourceSpec, action: string | undefined) {
  const { session, app } = ctx.state as SignedInState;
  const base = `/${spec.name}/${ctx.params.id}`;
  if (action === "delete") {
    await deleteRecord(app.db, session.claims, session.team.id, spec, ctx.params.id);
    return ctx.redirect(`${base}?deleted`);
  }
  if (action === "restore") {
    await restoreRecord(app.db, session.claims, session.team.id, spec, ctx.params.id);
    return ctx.redirect(base);
  }
  return null;
}
