// Running a saved report: read it as the caller (RLS: theirs or shared with the team), check its stored
// config again (the sources may have changed since it was saved) and run it as the caller.
import type { Caller } from "../caller.ts";
import { AppError } from "../errors.ts";
import { parseReportConfig } from "./config.ts";
import { type ReportResult, runReport } from "./query.ts";
import { getReport, type SavedReport } from "./store.ts";

export function checkStoredConfig(config: unknown, name: string) {
  try {
    return parseReportConfig(config);
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError("bad_request", `The report "${name}" no longer fits its source: ${error.message}`);
    }
    throw error;
  }
}

export async function runSavedReport(
  caller: Caller,
  id: string,
): Promise<{ report: SavedReport; result: ReportResult }> {
  const report = await getReport(caller, id);
  const result = await runReport(caller, checkStoredConfig(report.config, report.name));
  return { report, result };
}
