// Server side of the chat pages: the channel list, the conversation to open and its first page of
// messages, as props for the ChatApp island.
import { AppError } from "../lib/errors.ts";
import type { Ctx } from "../lib/web/context.ts";
import type { SignedInState, State } from "../utils.ts";
import { listChannels } from "../lib/chat/channels.ts";
import { channelHistory } from "../lib/chat/messages.ts";
import { memberList } from "./list-page.ts";
import type { ChatAppProps } from "../lib/chat/client/state.ts";
import type { Channel, Message } from "../lib/chat/client/types.ts";
import { isUuid } from "../lib/ids.ts";

export const LAST_CHANNEL_COOKIE = "leadly_chat_last";

export interface ChatPageData {
  props: Omit<ChatAppProps, "csrf">;
  title: string;
  status: number;
}

function cookie(req: Request, name: string): string | null {
  const header = req.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The conversation /chat opens: the last one visited, else the most recently active one. */
function pickDefault(channels: Channel[], last: string | null): string | null {
  const mine = channels.filter((c) => c.is_member && !c.archived_at);
  if (last && mine.some((c) => c.id === last)) return last;
  const sorted = [...mine].sort((a, b) => (b.last_message_at ?? "").localeCompare(a.last_message_at ?? ""));
  return sorted[0]?.id ?? null;
}

export async function loadChatPage(
  ctx: Ctx<State>,
  view: "home" | "channel" | "browse",
  requested?: string,
): Promise<ChatPageData> {
  const { session, app } = ctx.state as SignedInState;
  const actor = { claims: session.claims, teamId: session.team.id };
  const me = { id: session.user.id, name: session.user.name || session.user.email };
  const [channels, members] = await Promise.all([
    listChannels(app.db, actor) as unknown as Promise<Channel[]>,
    memberList(app.db, session.claims, session.team.id),
  ]);
  let loadError: string | null = null;
  let status = 200;
  let activeId: string | null = null;
  if (view === "channel") {
    const id = (requested ?? "").toLowerCase();
    if (isUuid(id) && channels.some((c) => c.id === id)) activeId = id;
    else {
      loadError = "That conversation does not exist, or you are not in it.";
      status = 404;
    }
  } else {
    activeId = pickDefault(channels, cookie(ctx.req, LAST_CHANNEL_COOKIE));
  }
  let messages: Message[] = [];
  let nextBefore: number | null = null;
  if (activeId) {
    try {
      const page = await channelHistory(app.db, actor, activeId, { limit: 50 });
      messages = (page.data as unknown as Message[]).slice().reverse();
      nextBefore = page.next_before;
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      loadError = error.message;
    }
  }
  const active = channels.find((c) => c.id === activeId);
  const name = active
    ? active.type === "dm" || active.type === "group_dm"
      ? (active.members ?? []).filter((m) => m.id !== me.id).map((m) => m.name).join(", ") || "Direct message"
      : `#${active.name}`
    : null;
  const title = view === "browse"
    ? "Browse channels · Chat · Leadly"
    : name
    ? `${name} · Chat · Leadly`
    : "Chat · Leadly";
  return {
    props: {
      me,
      channels: JSON.parse(JSON.stringify(channels)),
      members,
      activeId,
      messages: JSON.parse(JSON.stringify(messages)),
      nextBefore,
      view,
      loadError,
      canModerate: session.team.role === "owner" || session.team.role === "admin",
    },
    title,
    status,
  };
}
