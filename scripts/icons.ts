// Draws the Leadly app icons (PNG + ICO) from the same geometry as the SVG mark in
// components/layout/Brand.tsx, with no image library: a tiny anti-aliased rasterizer
// (signed distances, 4x4 supersampling) and a PNG encoder on node:zlib.
//   deno run -A scripts/icons.ts      -> writes static/icons/*
import { deflateSync } from "node:zlib";

const OUT_DIR = new URL("../static/icons/", import.meta.url);

// Mark geometry in its 32x32 viewBox (keep in sync with Brand.tsx).
const MARK = {
  radius: 8,
  gradientFrom: [0x6e, 0x6e, 0xf0],
  gradientTo: [0x8b, 0x4f, 0xf0],
  stroke: { points: [[11.5, 9], [11.5, 22], [21, 22]] as [number, number][], halfWidth: 2 },
  dot: { x: 21, y: 11, r: 2.75, alpha: 0.85 },
};

type Rgba = [number, number, number, number];

interface IconSpec {
  file: string;
  size: number;
  /** Rounded corners and transparent outside (favicons), or a full square (maskable, iOS). */
  rounded: boolean;
  /** How much of the icon the mark's 32 units span; maskable keeps it in the safe zone. */
  markScale: number;
}

const SPECS: IconSpec[] = [
  { file: "icon-192.png", size: 192, rounded: true, markScale: 1 },
  { file: "icon-512.png", size: 512, rounded: true, markScale: 1 },
  { file: "maskable-512.png", size: 512, rounded: false, markScale: 0.62 },
  { file: "apple-touch-icon.png", size: 180, rounded: false, markScale: 0.8 },
];
const ICO_SIZES = [16, 32, 48];

function roundedBoxDistance(x: number, y: number, size: number, radius: number): number {
  const half = size / 2;
  const qx = Math.abs(x - half) - (half - radius);
  const qy = Math.abs(y - half) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function segmentDistance(px: number, py: number, [ax, ay]: number[], [bx, by]: number[]): number {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Color at a point of the 32-unit icon space (background is the whole square when not rounded). */
function sample(x: number, y: number, rounded: boolean, markScale: number): Rgba {
  if (rounded && roundedBoxDistance(x, y, 32, MARK.radius) > 0) return [0, 0, 0, 0];
  const t = Math.max(0, Math.min(1, (x + y) / 64));
  let color: Rgba = [
    MARK.gradientFrom[0] + (MARK.gradientTo[0] - MARK.gradientFrom[0]) * t,
    MARK.gradientFrom[1] + (MARK.gradientTo[1] - MARK.gradientFrom[1]) * t,
    MARK.gradientFrom[2] + (MARK.gradientTo[2] - MARK.gradientFrom[2]) * t,
    255,
  ];
  // Map into the mark's own coordinates (scaled about the center).
  const mx = (x - 16) / markScale + 16;
  const my = (y - 16) / markScale + 16;
  const [p0, p1, p2] = MARK.stroke.points;
  const strokeDistance = Math.min(segmentDistance(mx, my, p0, p1), segmentDistance(mx, my, p1, p2));
  if (strokeDistance <= MARK.stroke.halfWidth) return [255, 255, 255, 255];
  if (Math.hypot(mx - MARK.dot.x, my - MARK.dot.y) <= MARK.dot.r) {
    const a = MARK.dot.alpha;
    color = [color[0] * (1 - a) + 255 * a, color[1] * (1 - a) + 255 * a, color[2] * (1 - a) + 255 * a, 255];
  }
  return color;
}

function rasterize(size: number, rounded: boolean, markScale: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const grid = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < grid; sy++) {
        for (let sx = 0; sx < grid; sx++) {
          const x = ((px + (sx + 0.5) / grid) / size) * 32;
          const y = ((py + (sy + 0.5) / grid) / size) * 32;
          const [cr, cg, cb, ca] = sample(x, y, rounded, markScale);
          r += cr * ca, g += cg * ca, b += cb * ca, a += ca; // premultiplied, so edges don't darken
        }
      }
      const i = (py * size + px) * 4;
      pixels.set(a === 0 ? [0, 0, 0, 0] : [r / a, g / a, b / a, a / (grid * grid)].map(Math.round), i);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function encodePng(size: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = new Uint8Array(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  return concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** ICO holding PNG images (supported by every current browser). */
function encodeIco(images: { size: number; png: Uint8Array }[]): Uint8Array {
  const header = new Uint8Array(6 + 16 * images.length);
  const view = new DataView(header.buffer);
  view.setUint16(2, 1, true);
  view.setUint16(4, images.length, true);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    view.setUint16(at + 4, 1, true); // planes
    view.setUint16(at + 6, 32, true); // bits per pixel
    view.setUint32(at + 8, png.length, true);
    view.setUint32(at + 12, offset, true);
    offset += png.length;
  });
  return concat([header, ...images.map((image) => image.png)]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, at), at += part.length;
  return out;
}

const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6e6ef0"/><stop offset="1" stop-color="#8b4ff0"/></linearGradient></defs>
<rect width="32" height="32" rx="8" fill="url(#g)"/>
<path d="M11.5 9v13h9.5" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>
<circle cx="21" cy="11" r="2.75" fill="#fff" fill-opacity=".85"/>
</svg>
`;

if (import.meta.main) {
  await Deno.mkdir(OUT_DIR, { recursive: true });
  for (const spec of SPECS) {
    const png = encodePng(spec.size, rasterize(spec.size, spec.rounded, spec.markScale));
    await Deno.writeFile(new URL(spec.file, OUT_DIR), png);
  }
  const icoImages = ICO_SIZES.map((size) => ({ size, png: encodePng(size, rasterize(size, true, 1)) }));
  await Deno.writeFile(new URL("favicon.ico", OUT_DIR), encodeIco(icoImages));
  await Deno.writeTextFile(new URL("favicon.svg", OUT_DIR), FAVICON_SVG);
  console.log(`Wrote ${SPECS.length + 2} icons to ${OUT_DIR.pathname}`);
}
