// The page around the ChatApp island, shared by /chat, /chat/<id> and /chat/browse.
import { Head } from "../../lib/web/head.tsx";
import ChatApp from "../../islands/ChatApp.tsx";
import type { ChatPageData } from "../../utils/chat-page.ts";

export function ChatPage({ data, csrf }: { data: ChatPageData; csrf: string }) {
  return (
    <div class="chat-page">
      <Head>
        <title>{data.title}</title>
      </Head>
      <ChatApp {...data.props} csrf={csrf} />
    </div>
  );
}
