// Applies the stored theme before first paint, so dark-mode users never see a white
// flash. Place it in <head> before the stylesheet link; it carries the request's CSP nonce.
import { THEME_STORAGE_KEY } from "./theme.ts";

/** The inline script's source, exported so a CSP hash can be computed from it if wanted. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem(${
  JSON.stringify(THEME_STORAGE_KEY)
});document.documentElement.setAttribute("data-theme",t==="light"||t==="dark"?t:"system")}catch(e){}`;

export interface ThemeScriptProps {
  nonce: string;
}

export function ThemeScript({ nonce }: ThemeScriptProps) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
