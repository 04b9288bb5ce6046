// The storage of an app instance, chosen by its configuration: S3 when S3_BUCKET is set, else the local
// disk under <dataDir>/files. Made once, with the app's other services (services.storage, app/services.ts); the S3
// client is loaded only when S3 is configured.
import { join } from "node:path";
import type { Config } from "../../fresh.config.ts";
import { LocalDiskStorage, type Storage } from "./storage.ts";

export type { Storage } from "./storage.ts";

export async function createStorage(config: Pick<Config, "dataDir" | "s3">): Promise<Storage> {
  if (config.s3) {
    const { S3Storage } = await import("./s3.ts");
    return new S3Storage(config.s3);
  }
  return new LocalDiskStorage(join(config.dataDir, "files"));
}
