// Prompts live in files beside this one, named <name>.v<version>.md, so a change to a prompt is a new file (or
// a visible diff of one) and every generation records which name and version produced it.
import { AppError } from "../errors.ts";

export interface Prompt {
  name: string;
  version: string;
  text: string;
}

const loaded = new Map<string, Promise<Prompt>>();
const NAME = /^[a-z][a-z0-9-]{0,60}$/;

/** The prompt file `lib/ai/prompts/<name>.<version>.md`, read once per process. */
export function loadPrompt(name: string, version: string): Promise<Prompt> {
  if (!NAME.test(name) || !/^v\d{1,4}$/.test(version)) throw new Error(`Bad prompt name ${name}.${version}`);
  const key = `${name}.${version}`;
  let prompt = loaded.get(key);
  if (!prompt) {
    prompt = Deno.readTextFile(new URL(`./prompts/${key}.md`, import.meta.url)).then(
      // HTML comments are notes for maintainers (and `deno-fmt-ignore-file`), not for the model.
      (text) => ({ name, version, text: text.replace(/<!--[\s\S]*?-->/g, "").trim() }),
      (error) => {
        loaded.delete(key);
        throw new AppError("internal_error", `The prompt ${key} is missing.`, { cause: error });
      },
    );
    loaded.set(key, prompt);
  }
  return prompt;
}

/** Fills `{{placeholders}}` of a prompt; an unknown one is a bug in the caller, not something to send. */
export function fillPrompt(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`No value for {{${key}}} in a prompt`);
    return values[key];
  });
}
