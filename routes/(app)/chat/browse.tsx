// /chat/browse: the public channels of the workspace, to preview and join.
import { define, type SignedInState } from "../../../utils.ts";
import { type ChatPageData, loadChatPage } from "../../../utils/chat-page.ts";
import { ChatPage } from "../../../components/chat/ChatPage.tsx";

export const handler = define.handlers({
  async GET(ctx) {
    const data = await loadChatPage(ctx, "browse");
    return ctx.render<ChatPageData>(data, { status: data.status });
  },
});

export default define.page<typeof handler>(function ChatBrowse({ data, state }) {
  return <ChatPage data={data} csrf={(state as SignedInState).csrf} />;
});
