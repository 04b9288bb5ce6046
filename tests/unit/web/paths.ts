export { dirname } from "node:path";
export { fileURLToPath as fromFileUrl } from "node:url";
