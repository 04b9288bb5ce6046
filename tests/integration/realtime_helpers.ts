// Shared by the realtime_*.test.ts files: socket.io clients against a test server, awaited without sleeps.
import { io, type Socket } from "socket.io-client";
import type { ManagerOptions, SocketOptions } from "socket.io-client";
import type { TestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";

export const WAIT_MS = 5_000;

export function socketFor(
  url: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  return io(url, {
    transports: ["websocket"],
    reconnection: false,
    auth: token ? { token } : {},
    forceNew: true,
    ...options,
  });
}

/** The next `event` on the socket, or a rejection after `ms`. */
export function next<T = unknown>(socket: Socket, event: string, ms = WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    const on = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    socket.once(event, on);
  });
}

/** Resolves once connected; rejects with the server's connect_error. */
export function connected(socket: Socket, ms = WAIT_MS): Promise<Socket> {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${ms} ms`)), ms);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The connect_error a refused handshake produces. */
export async function refusal(socket: Socket): Promise<{ message: string; code?: string }> {
  try {
    await connected(socket);
  } catch (error) {
    const e = error as Error & { data?: { code?: string } };
    return { message: e.message, code: e.data?.code };
  } finally {
    socket.close();
  }
  throw new Error("expected the handshake to be refused");
}

// deno-lint-ignore no-explicit-any
export async function ask(socket: Socket, event: string, ...args: unknown[]): Promise<any> {
  return await socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

/** A new person with the demo password, owner of their own new team, signed in over the API. */
export async function otherTeamMember(server: TestServer, email: string): Promise<ApiClient> {
  const person = await createPerson(server.db, email);
  await server.db.asService("test:password", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [
      await hashPassword("leadly-demo"),
      person.id,
    ]);
  });
  await server.db.asUser({ sub: person.id }, (tx) => tx.query("select app.create_team('Other Co')"));
  return await ApiClient.signIn(server.url, email);
}

export async function teamIdOf(server: TestServer, email: string): Promise<string> {
  const [row] = await server.db.asService("test:ids", (tx) =>
    tx.query<{ team_id: string }>(
      `select m.team_id from public.team_members m join auth.users u on u.id = m.user_id where u.email = $1`,
      [email],
    ));
  return row.team_id;
}

export async function userIdOf(server: TestServer, email: string): Promise<string> {
  const [row] = await server.db.asService(
    "test:ids",
    (tx) => tx.query<{ id: string }>("select id from auth.users where email = $1", [email]),
  );
  return row.id;
}

/** The promise, or a rejection after `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
