// Every event family the socket server handles, and what each sets up once at start. Add a module here.
import type { RealtimeSetup, SocketHandler } from "../context.ts";
import { roomHandlers } from "./rooms.ts";

export const SOCKET_HANDLERS: SocketHandler[] = [roomHandlers];

export const SETUPS: RealtimeSetup[] = [];
