// The note provider's transport over the page's one socket.io connection (lib/bus/client/connection.ts).
import { realtime, request } from "../../bus/client/connection.ts";
import type { NoteTransport } from "./provider.ts";

export function socketTransport(): NoteTransport {
  const socket = realtime();
  return {
    get connected() {
      return socket.connected;
    },
    on: (event, fn) => socket.on(event, fn),
    off: (event, fn) => socket.off(event, fn),
    request: (event, payload) => request(event, payload),
    emit: (event, payload) => socket.emit(event, payload),
    reconnect: () => {
      // Skip socket.io's back-off: the browser just told us the network is back.
      socket.disconnect();
      socket.connect();
    },
  };
}
