// A small S3-compatible server for tests: path-style PutObject, GetObject, HeadObject and DeleteObject on
// one bucket, objects kept in memory. Requests must be signed (AWS4-HMAC-SHA256) with the expected access
// key id; the signature itself is not verified. Enough for @aws-sdk/client-s3 pointed at it with
// forcePathStyle, the way Leadly talks to MinIO or Supabase Storage.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeS3 {
  url: string;
  /** The one bucket it serves; change it to make the app's requests fail (an outage). */
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, { bytes: Uint8Array; contentType: string }>;
  /** "PUT teams/…", "GET teams/…", … in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

function xmlError(status: number, code: string, message: string, resource: string): Reply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<Resource>${resource}</Resource><RequestId>fake</RequestId></Error>`;
  return { status, headers: { "content-type": "application/xml" }, body };
}
/** Decodes an aws-chunked body: "<hex size>;chunk-signature=…\r\n<bytes>\r\n" … "0;…\r\n[trailers]\r\n". */
function decodeAwsChunked(body: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  let at = 0;
  const decoder = new TextDecoder();
  while (at < body.length) {
    const lineEnd = body.indexOf(0x0a, at);
    if (lineEnd < 0) break;
    const header = decoder.decode(body.subarray(at, lineEnd)).trim();
    const size = parseInt(header.split(";")[0], 16);
    at = lineEnd + 1;
    if (!size) break;
    out.push(body.subarray(at, at + size));
    at += size + 2; // the chunk's CRLF
  }
  const total = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of out) {
    total.set(chunk, offset);
    offset += chunk.length;
  }
  return total;
}

async function etagOf(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return `"${Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

export async function startFakeS3(
  { bucket = "leadly-files", accessKeyId = "FAKEKEY", secretAccessKey = "fake-secret" } = {},
): Promise<FakeS3> {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const requests: string[] = [];
  const fake = { bucket };

  const handle = async (
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Uint8Array,
  ): Promise<Reply> => {
    const [, bucketName, ...rest] = path.split("?")[0].split("/");
    const key = rest.map(decodeURIComponent).join("/");
    requests.push(`${method} ${key}`);
    const auth = String(headers.authorization ?? "");
    if (!auth.startsWith("AWS4-HMAC-SHA256") || !auth.includes(`Credential=${accessKeyId}/`)) {
      return xmlError(403, "AccessDenied", "Access Denied", path);
    }
    if (bucketName !== fake.bucket) return xmlError(404, "NoSuchBucket", "The specified bucket does not exist", path);
    if (!key) return xmlError(400, "InvalidRequest", "This fake only knows objects", path);

    switch (method) {
      case "PUT": {
        const encoding = String(headers["content-encoding"] ?? "");
        const payloadHash = String(headers["x-amz-content-sha256"] ?? "");
        const bytes = encoding.includes("aws-chunked") || payloadHash.startsWith("STREAMING-")
          ? decodeAwsChunked(body)
          : body;
        objects.set(key, { bytes, contentType: String(headers["content-type"] ?? "application/octet-stream") });
        return { status: 200, headers: { etag: await etagOf(bytes) } };
      }
      case "GET":
      case "HEAD": {
        const object = objects.get(key);
        if (!object) {
          return method === "HEAD"
            ? { status: 404 }
            : xmlError(404, "NoSuchKey", "The specified key does not exist.", path);
        }
        return {
          status: 200,
          headers: {
            "content-type": object.contentType,
            "content-length": String(object.bytes.length),
            etag: await etagOf(object.bytes),
            "last-modified": new Date().toUTCString(),
            "accept-ranges": "bytes",
          },
          body: method === "HEAD" ? undefined : object.bytes,
        };
      }
      case "DELETE":
        objects.delete(key);
        return { status: 204 };
      default:
        return xmlError(405, "MethodNotAllowed", "The specified method is not allowed", path);
    }
  };

  // node:http rather than Deno.serve: the app under test (in the same process) replaces the global Response.
  const server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    req.on("end", async () => {
      const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.length;
      }
      const reply = await handle(req.method ?? "GET", req.url ?? "/", req.headers, body);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get bucket() {
      return fake.bucket;
    },
    set bucket(name: string) {
      fake.bucket = name;
    },
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
