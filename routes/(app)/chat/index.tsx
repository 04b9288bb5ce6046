// /chat: the chat workspace opened on the last conversation (on phones: the conversation list).
import { define, type SignedInState } from "../../../utils.ts";
import { type ChatPageData, loadChatPage } from "../../../utils/chat-page.ts";
import { ChatPage } from "../../../components/chat/ChatPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const data = await loadChatPage(ctx, "home");
    return ctx.render<ChatPageData>(data, { status: data.status });
  },
});

export default define.page<typeof handler>(function Chat({ data, state }) {
  return <ChatPage data={data} csrf={(state as SignedInState).csrf} />;
});
