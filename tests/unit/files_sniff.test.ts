// Content sniffing, safe download types, Content-Disposition, file names, storage keys and sizes in words.
import { assertEquals, assertThrows } from "../helpers/assert.ts";
import { cleanFileName, contentDisposition, downloadContentType, sniff } from "../../lib/files/sniff.ts";
import { checkKey, LocalDiskStorage } from "../../lib/files/storage.ts";
import { formatBytes, isUploadPath } from "../../lib/files/limits.ts";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

Deno.test("sniff: types come from the bytes, not the name", () => {
  const cases: [Uint8Array, string, string, boolean][] = [
    [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), "x.pdf", "image/png", true],
    [bytes(0xff, 0xd8, 0xff, 0xe0), "x.png", "image/jpeg", true],
    [text("GIF89a...."), "x", "image/gif", true],
    [text("RIFF\0\0\0\0WEBPVP8 "), "x", "image/webp", true],
    [text("%PDF-1.7\n"), "x.txt", "application/pdf", true],
    [text("\0\0\0\x18ftypmp42"), "x", "video/mp4", false],
    [
      bytes(0x50, 0x4b, 0x03, 0x04, 1),
      "deck.pptx",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      false,
    ],
    [bytes(0x50, 0x4b, 0x03, 0x04, 1), "deck.exe", "application/zip", false],
    [text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), "x.png", "image/svg+xml", false],
    [text("  <!doctype html><p>hi"), "x.jpg", "text/html", false],
    [text("name,email\nAda,ada@x.test\n"), "people.csv", "text/csv", false],
    [text("Grüße"), "hello", "text/plain", false],
    [bytes(0, 1, 2, 3, 0xff), "x.txt", "application/octet-stream", false],
  ];
  for (const [data, name, type, previewable] of cases) {
    const sniffed = sniff(data, name);
    assertEquals([sniffed.contentType, sniffed.previewable], [type, previewable], `${name}: ${type}`);
  }
});

Deno.test("sniff: a long UTF-8 text cut mid-character is still text", () => {
  const long = text("é".repeat(3000)); // 6000 bytes of two-byte characters
  const odd = new Uint8Array([0x61, ...long]); // shifts by one so the sample ends mid-character
  assertEquals(sniff(odd, "notes").contentType, "text/plain");
});

Deno.test("downloads never carry a type a browser would render as a page", () => {
  assertEquals(downloadContentType("text/html"), "application/octet-stream");
  assertEquals(downloadContentType("image/svg+xml"), "application/octet-stream");
  assertEquals(downloadContentType("application/xml"), "application/octet-stream");
  assertEquals(downloadContentType("text/plain"), "text/plain; charset=utf-8");
  assertEquals(downloadContentType("application/pdf"), "application/pdf");
});

Deno.test("Content-Disposition: an ASCII fallback without quotes or line breaks, and the exact name", () => {
  assertEquals(
    contentDisposition("attachment", 'a "b"\r\nSet-Cookie: x.txt'),
    `attachment; filename="a _b___Set-Cookie: x.txt"; filename*=UTF-8''a%20%22b%22%0D%0ASet-Cookie%3A%20x.txt`,
  );
  assertEquals(
    contentDisposition("inline", "Überblick (final).pdf"),
    `inline; filename="_berblick (final).pdf"; filename*=UTF-8''%C3%9Cberblick%20%28final%29.pdf`,
  );
});

Deno.test("file names: no folders or control characters, at most 255 characters with the extension", () => {
  assertEquals(cleanFileName("C:\\Users\\me\\report.pdf"), "report.pdf");
  assertEquals(cleanFileName("../../etc/passwd"), "passwd");
  assertEquals(cleanFileName("a\u0000b\nc.txt"), "abc.txt");
  assertEquals(cleanFileName(".."), "file");
  assertEquals(cleanFileName("   "), "file");
  const long = cleanFileName(`${"x".repeat(300)}.docx`);
  assertEquals([long.length, long.endsWith(".docx")], [255, true]);
});

Deno.test("storage keys cannot leave the storage root", async () => {
  for (const key of ["../x", "teams/../../etc", "/abs", "a//b", "a/./b", "a\\b", ""]) {
    assertThrows(() => checkKey(key));
  }
  const dir = await Deno.makeTempDir();
  try {
    const storage = new LocalDiskStorage(dir);
    await storage.put("teams/t/f/v", text("hello"));
    assertEquals(await storage.head("teams/t/f/v"), { size: 5 });
    const got = await storage.get("teams/t/f/v");
    assertEquals(new Uint8Array(await new Response(got!.body).arrayBuffer()), text("hello"));
    await storage.delete("teams/t/f/v");
    await storage.delete("teams/t/f/v");
    assertEquals(await storage.get("teams/t/f/v"), null);
    await assertRejectsAsync(() => storage.put("../escape", text("x")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function assertRejectsAsync(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch {
    return;
  }
  throw new Error("expected a rejection");
}

Deno.test("sizes in words and upload paths", () => {
  assertEquals(formatBytes(0), "0 bytes");
  assertEquals(formatBytes(1), "1 byte");
  assertEquals(formatBytes(1536), "1.5 KB");
  assertEquals(formatBytes(25 * 1024 * 1024), "25 MB");
  assertEquals(formatBytes(1024 ** 3), "1 GB");
  assertEquals(formatBytes(900 * 1024 ** 2), "900 MB");
  assertEquals(isUploadPath("/api/v1/files"), true);
  assertEquals(isUploadPath("/api/v1/files/0b5c/versions"), true);
  assertEquals(isUploadPath("/api/v1/files/0b5c/links"), false);
  assertEquals(isUploadPath("/api/v1/deals"), false);
});
