// What pages need about static/: versioned URLs. (Serving lives in static-files.ts.)
export { asset } from "./asset.ts";
