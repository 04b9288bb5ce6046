// Vectors in SQL: pgvector's text form ('[0.1,0.2]'), the one both PGlite and postgres.js pass as a parameter.

/** '[x,y,...]' with finite numbers (NaN or Infinity would be rejected by pgvector anyway). */
export function vectorLiteral(vector: number[]): string {
  let out = "[";
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i];
    // 7 decimals is float4 precision, which is what pgvector stores
    out += (i ? "," : "") + (v === 0 || !Number.isFinite(v) ? "0" : String(Math.round(v * 1e7) / 1e7));
  }
  return out + "]";
}
