import { describeError } from "../lib/web/errors.ts";
import { define } from "../utils.ts";
import { Head } from "../lib/web/head.tsx";
import { EmptyState } from "../components/ui/EmptyState.tsx";
import { Button } from "../components/ui/Button.tsx";

export default define.page(function ErrorPage({ error, status }) {
  // A refusal meant for the person (an AppError or Hono's HTTPException) shows its sentence; bugs do not.
  const { expected, message } = describeError(error);
  const known = expected && status < 500;
  return (
    <main class="error-page" id="main">
      <Head>
        <title>{known ? "Something is not right" : "Something went wrong"} · Leadly</title>
      </Head>
      <EmptyState
        icon="alert"
        title={known ? "That did not work" : "Something went wrong on our side"}
        text={known ? message : "Please try again in a moment. If it keeps happening, tell us."}
        action={<Button href="/" icon="home">Back to your dashboard</Button>}
      />
    </main>
  );
});
