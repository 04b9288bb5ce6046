// What the person actually wrote: a reply with the quoted thread, forwarded headers, signature and legal footer
// cut away, because those carry our own outreach's words ("interested in a call? pricing...") and the sender's
// boilerplate, which would otherwise drown the few words that say the intent. Pure, no I/O.

/** Lines that start the quoted original in the common mail clients, in the seven languages we read. */
const QUOTE_HEADERS: RegExp[] = [
  /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht)\s*-{2,}/i,
  /^-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|mensagem encaminhada|messaggio inoltrato|doorgestuurd bericht)\s*-{0,}/i,
  /^begin forwarded message:/i,
  // Gmail / Apple Mail: "On Mon, 30 Nov 2026 at 10:14, Sam <sam@x> wrote:" and its translations
  /^(on|am|le|el|em|il giorno|op)\s.{0,200}\b(wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef)[^\n]{0,160}:\s*$/i,
  // Outlook's header block: "From: ..." followed by Sent/Date/To lines
  /^(from|von|de|da|van)\s*:\s*.+$/i,
];

/** An Outlook-style header line only counts when a Sent/Date/To/Subject line follows it. */
const HEADER_FOLLOWERS =
  /^(sent|date|to|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado|fecha|para|asunto|data|inviato|a|oggetto|verzonden|aan|onderwerp)\s*:/i;

/** Sign-offs after which what follows is a signature (only looked for in the last lines). */
const SIGN_OFFS =
  /^(best|best regards|kind regards|regards|cheers|thanks|thank you|many thanks|sincerely|mit freundlichen grüßen|viele grüße|beste grüße|liebe grüße|grüße|gruß|cordialement|bien à vous|bien cordialement|salutations|saludos|saludos cordiales|un saludo|un abrazo|atentamente|cumprimentos|com os melhores cumprimentos|atenciosamente|abraço|abraços|cordiali saluti|distinti saluti|un saluto|saluti|met vriendelijke groet|vriendelijke groet|groeten|groet|mvg)[\s,.!]*$/i;

/** Phone-signature lines and the "-- " delimiter. */
const SIGNATURE_LINES =
  /^(--\s*|sent from my .+|von meinem .+ gesendet|envoyé de mon .+|enviado desde mi .+|enviado do meu .+|inviato da .+|verzonden (vanaf|met) mijn .+|get outlook for .+)$/i;

/** Legal footers: a paragraph with one of these is boilerplate, whatever else it says. */
const DISCLAIMERS =
  /(confidential|intended solely|vertraulich|rechtlich geschützte|confidentiels?|destinés? exclusivement|confidenciales?|destinatario|confidenciais|riservat[oi]|vertrouwelijk|geadresseerde|amtsgericht|registered in england)/i;

export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith(">")) continue;
    if (isQuoteHeader(line, lines[i + 1]?.trim() ?? "")) break;
    kept.push(lines[i]);
  }
  return kept.join("\n");
}

function isQuoteHeader(line: string, next: string): boolean {
  for (const pattern of QUOTE_HEADERS) {
    if (!pattern.test(line)) continue;
    if (/^(from|von|de|da|van)\s*:/i.test(line)) return HEADER_FOLLOWERS.test(next);
    return true;
  }
  return false;
}

/** Cuts at the first sign-off or signature delimiter in the last part of the message (never the whole of it). */
export function stripSignature(text: string): string {
  const lines = text.split("\n");
  const from = Math.max(1, lines.length - 12);
  for (let i = from; i < lines.length; i++) {
    const line = lines[i].trim();
    if (SIGN_OFFS.test(line) || SIGNATURE_LINES.test(line)) {
      return lines.slice(0, i).join("\n");
    }
  }
  return text;
}

export function stripDisclaimers(text: string): string {
  const paragraphs = text.split(/\n\s*\n/);
  const kept = paragraphs.filter((paragraph, i) => i === 0 || !DISCLAIMERS.test(paragraph) || paragraph.length < 60);
  return kept.join("\n\n");
}

const HTML_MARKUP = /<\/?(html|body|div|p|br|span|blockquote|table|font)\b/i;
const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };

/** A reply pasted as HTML: the quoted thread (blockquote) goes, line breaks stay, the other tags go. */
export function htmlToText(text: string): string {
  if (!HTML_MARKUP.test(text)) return text;
  let previous;
  do {
    previous = text;
    text = text.replace(/<blockquote\b[^>]*>(?:(?!<blockquote\b)[\s\S])*?<\/blockquote>/gi, "\n");
  } while (text !== previous);
  return text
    .replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name]);
}

/** The person's own words; the whole text when cutting would leave nothing (a bare forward, say). */
export function replyBody(text: string): string {
  const plain = htmlToText(text);
  const body = stripSignature(stripDisclaimers(stripQuotedText(plain))).trim();
  return body.length > 0 ? body : plain.trim();
}
