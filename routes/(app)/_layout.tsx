// The signed-in frame around every app page.
import { define, type SignedInState } from "../../utils.ts";
import { AppShell } from "../../components/layout/AppShell.tsx";
import { NO_UNREAD } from "../../lib/chat/unread.ts";

export default define.page(function AppLayout({ Component, state, url }) {
  const { session, csrf } = state as SignedInState;
  return (
    <AppShell
      path={url.pathname}
      user={session.user}
      team={session.team}
      teams={session.teams}
      modules={session.team.modules}
      csrf={csrf}
      chatUnread={state.chatUnread ?? NO_UNREAD}
      credits={state.credits}
    >
      <Component />
    </AppShell>
  );
});
