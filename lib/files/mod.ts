// The storage of an app instance, chosen by its configuration: S3 when S3_BUCKET is set, else the local
// disk under <dataDir>/files. Made once per services object; the S3 client is loaded only when used.
import { join } from "node:path";
import type { Config } from "../../fresh.config.ts";
import { LocalDiskStorage, type Storage } from "./storage.ts";

export type { Storage } from "./storage.ts";

const storages = new WeakMap<object, Promise<Storage>>();

export async function createStorage(config: Pick<Config, "dataDir" | "s3">): Promise<Storage> {
  if (config.s3) {
    const { S3Storage } = await import("./s3.ts");
    return new S3Storage(config.s3);
  }
  return new LocalDiskStorage(join(config.dataDir, "files"));
}

export function storageFor(services: { config: Pick<Config, "dataDir" | "s3"> }): Promise<Storage> {
  let storage = storages.get(services);
  if (!storage) {
    storage = createStorage(services.config);
    storages.set(services, storage);
  }
  return storage;
}
