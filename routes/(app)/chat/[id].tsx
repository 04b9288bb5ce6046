// /chat/<channel id>: one conversation, its first page of messages rendered on the server.
import { define, type SignedInState } from "../../../utils.ts";
import { type ChatPageData, loadChatPage } from "../../../utils/chat-page.ts";
import { ChatPage } from "../../../components/chat/ChatPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const data = await loadChatPage(ctx, "channel", ctx.params.id);
    return ctx.render<ChatPageData>(data, { status: data.status });
  },
});

export default define.page<typeof handler>(function ChatChannel({ data, state }) {
  return <ChatPage data={data} csrf={(state as SignedInState).csrf} />;
});
