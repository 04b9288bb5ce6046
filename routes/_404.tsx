import { define } from "../utils.ts";
import { Head } from "../lib/web/head.tsx";
import { EmptyState } from "../components/ui/EmptyState.tsx";
import { Button } from "../components/ui/Button.tsx";

export default define.page(function NotFound() {
  return (
    <main class="error-page" id="main">
      <Head>
        <title>Page not found · Leadly</title>
      </Head>
      <EmptyState
        icon="search"
        title="We couldn't find that page"
        text="The link may be old, or the record was deleted or belongs to another workspace."
        action={<Button href="/" icon="home">Back to your dashboard</Button>}
      />
    </main>
  );
});
