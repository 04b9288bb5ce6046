// What the service worker shows when there is no network and the page is not cached.
import { define } from "../utils.ts";
import { Head } from "../lib/web/head.tsx";
import { EmptyState } from "../components/ui/EmptyState.tsx";
import { Button } from "../components/ui/Button.tsx";

export default define.page(function Offline() {
  return (
    <main class="error-page" id="main">
      <Head>
        <title>Offline · Leadly</title>
      </Head>
      <EmptyState
        icon="alert"
        title="You're offline"
        text="Leadly needs a connection for this page. Pages you opened recently still work; this one will load when you're back online."
        action={<Button href="/">Try again</Button>}
      />
    </main>
  );
});
