// The HTML document around every page: theme before paint, stylesheet, PWA manifest, service worker.
import { define } from "../utils.ts";
import { ThemeScript } from "../components/ThemeScript.tsx";
import { asset } from "../lib/web/static.ts";
import { STYLESHEETS } from "../lib/web/stylesheets.ts";

export default define.page(function App({ Component, state }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#f7f7f9" media="(prefers-color-scheme: light)" />
        <meta name="theme-color" content="#0d0d11" media="(prefers-color-scheme: dark)" />
        <meta name="description" content="Leadly: the CRM your sales team works in together, live." />
        <title>Leadly</title>
        <ThemeScript nonce={state.nonce} />
        {STYLESHEETS.map((path) => <link key={path} rel="stylesheet" href={asset(path)} />)}
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="icon" href="/icons/favicon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
        <script type="module" nonce={state.nonce} src={asset("/register-sw.js")} />
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <Component />
      </body>
    </html>
  );
});
