// Shared by the realtime_chat_*, api_channels and rls_chat tests: channels of the seeded demo workspace,
// signed-in sockets already in a channel's room, and event collectors awaited without sleeps.
import type { Socket } from "socket.io-client";
import { assertEquals } from "../helpers/assert.ts";
import type { ApiClient } from "../helpers/api-client.ts";
import { ask, connected, socketFor, WAIT_MS } from "./realtime_helpers.ts";

export interface ChannelInfo {
  id: string;
  type: string;
  name: string;
  last_seq: number;
  last_read_seq: number;
  unread_count: number;
  mention_count: number;
  is_member: boolean;
}

export async function channelNamed(client: ApiClient, name: string): Promise<ChannelInfo> {
  const res = await client.get("/api/v1/channels");
  assertEquals(res.status, 200);
  const found = (res.json.data as ChannelInfo[]).find((c) => c.name === name);
  if (!found) throw new Error(`no channel #${name}`);
  return found;
}

/** A connected socket of `client` that joined `room`; resolves with the join reply too. */
export async function inRoom(
  url: string,
  client: ApiClient,
  room: string,
): Promise<{ socket: Socket; lastSeq: number }> {
  const socket = await connected(socketFor(url, client.token));
  const reply = await ask(socket, "join", { room });
  if (!reply.ok) {
    socket.close();
    throw new Error(`join ${room} refused: ${JSON.stringify(reply)}`);
  }
  return { socket, lastSeq: reply.last_seq };
}

/** Everything `event` brings on `socket`, from now on; `until(n)` waits for the n-th one. */
export function collect<T = Record<string, unknown>>(socket: Socket, event: string) {
  const items: T[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  socket.on(event, (value: T) => {
    items.push(value);
    for (const w of waiters.filter((w) => items.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    items,
    until(n: number, ms = WAIT_MS): Promise<T[]> {
      if (items.length >= n) return Promise.resolve(items);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${items.length} of ${n} "${event}" within ${ms} ms`)),
          ms,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(items);
          },
        });
      });
    },
  };
}

export async function send(
  socket: Socket,
  channelId: string,
  body: string,
  extra: Record<string, unknown> = {},
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const reply = await ask(socket, "chat:send", {
    channel_id: channelId,
    client_id: crypto.randomUUID(),
    body,
    ...extra,
  });
  if (!reply.ok) throw new Error(`chat:send refused: ${JSON.stringify(reply.error)}`);
  return reply.message;
}

/** A fresh public channel created by `owner` with `members` in it (tests stay independent of each other). */
export async function newChannel(
  owner: ApiClient,
  name: string,
  memberIds: string[] = [],
  type: "public" | "private" = "public",
): Promise<string> {
  const res = await owner.post("/api/v1/channels", { name, type, member_ids: memberIds });
  assertEquals(res.status, 201, JSON.stringify(res.json));
  return res.json.data.id;
}
