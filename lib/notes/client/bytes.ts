// Binary payloads over socket.io: the browser receives ArrayBuffers, Deno's socket.io-client Uint8Arrays or
// Buffers, and a JSON round trip gives {type:"Buffer", data:[...]}. All become a Uint8Array (or null).
export function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value && typeof value === "object") {
    const data = (value as { type?: unknown; data?: unknown }).data;
    if ((value as { type?: unknown }).type === "Buffer" && Array.isArray(data)) return Uint8Array.from(data);
  }
  return null;
}
