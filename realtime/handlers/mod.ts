// Every event family the socket server handles, and what each sets up once at start. Add a module here.
import type { RealtimeSetup, SocketHandler } from "../context.ts";
import { roomHandlers } from "./rooms.ts";
import { chatHandlers, chatSetup } from "./chat.ts";
import { noteHandlers, noteSetup } from "./notes.ts";
import { presenceHandlers, presenceSetup } from "./presence.ts";

export const SOCKET_HANDLERS: SocketHandler[] = [roomHandlers, chatHandlers, presenceHandlers, noteHandlers];

export const SETUPS: RealtimeSetup[] = [chatSetup, presenceSetup, noteSetup];
