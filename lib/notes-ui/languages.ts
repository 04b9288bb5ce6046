// Split into its own chunk by highlight.ts's dynamic import.
export { common } from "lowlight";
