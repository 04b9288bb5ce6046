// Browser tests drive Debian's chromium; install it when missing and we may (root), else say how.
export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

async function exists(path: string) {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[]) {
  const { code } = await new Deno.Command(cmd, { args, stdout: "inherit", stderr: "inherit" }).output();
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${code}`);
}

export async function ensureChromium() {
  if (await exists(CHROMIUM)) return;
  if (Deno.uid() !== 0) {
    console.error(
      `Browser tests need Chromium at ${CHROMIUM}. Install it with: sudo apt-get update && sudo apt-get install -y chromium`,
    );
    Deno.exit(1);
  }
  console.log("Installing Debian's chromium for the browser tests…");
  await run("apt-get", ["update", "-qq"]);
  await run("apt-get", ["install", "-y", "-qq", "chromium"]);
}
