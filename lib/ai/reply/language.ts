// Which language a reply is written in, offline: the share of each language's most common short words
// (function words hardly ever shared in the same form) among the reply's own words, after the quoted thread,
// signature and footers are cut (a German reply quoting an English mail is German). Pure: no model, no network.
import { htmlToText, replyBody, stripDisclaimers, stripQuotedText } from "./preprocess.ts";

export const REPLY_LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "nl"] as const;
export type ReplyLanguage = typeof REPLY_LANGUAGES[number];

/** Frequent words that mostly belong to one language; accents are kept (they tell pt/es/fr apart). */
const MARKERS: Record<ReplyLanguage, string> = {
  en: "the and you we our for with this that not thanks thank please would could can will is are have be it i my me" +
    " what how your sounds send us any more do does don't no yes let call next week interested sent from",
  de: "und ich wir sie nicht ist das die der den dem mit für uns bitte danke gerne haben sind bin auch noch ein eine" +
    " einen kein keine aber wie was können würde mich mir ihr ihnen gern man kann preise grüße viele gesendet" +
    " meinem von klingt mehr schicken termin woche nächste abmelden zu bei schreibte schrieb am um",
  fr: "je nous vous les des est pas pour avec une merci bonjour mais pouvez sommes suis très bien cette notre votre" +
    " ce qui que du au sur êtes avons intéressé intéressés ça combien coûte peut on nos mes me moi ne plus" +
    " cordialement envoyé mon écrit dites quelle heure vendredi semaine",
  es: "el los las que por para con una gracias hola pero estamos somos nuestro nuestra usted podemos puede muy" +
    " del está es y nos interesa favor cuánto cuesta saludos cordiales escribió más lo siento tenéis tenemos hay también ahora mismo necesitamos gustaría quiero vuelvo hasta correo" +
    " escriba dejen mis suyos baja fuera oficina ya trabajo será vez qué cómo te hora mejor encuentro pinta correos" +
    " enviado desde mi semana cuándo llamada dónde sí",
  pt: "não obrigado obrigada olá você vocês nós nosso nossa com uma para pelo pela mas estamos somos muito é" +
    " os sim podemos tem quanto custa atenciosamente cumprimentos escreveu enviado meu minha" +
    " mais isso está pode gostaria semana reunião gostaríamos gostei temos fazer" +
    " envie tudo precisamos disto conte legal manda pra achei oi tiver também estou escritório volto até gostava",
  it: "il gli che per con una grazie ciao buongiorno siamo sono non mi ci della delle degli è anche molto" +
    " potete possiamo vostro nostro interessati quanto costa cordiali saluti scritto inviato dal mio più" +
    " questo sembra settimana chiamata",
  nl: "ik wij we het een niet voor met ons bedankt dank graag zijn ben ook maar jullie hebben kunnen wel" +
    " geen dit dat van naar u uw klinkt meer wat kost hoeveel groet groeten vriendelijke verzonden mijn" +
    " schreef op om volgende week bellen afmelden",
};

/** Letters and endings typical of one language, each counted once per occurrence as a weaker cue. */
const SPELLING: Record<ReplyLanguage, RegExp> = {
  en: /\w+(ing|ly)|'(s|t|re|ll|ve|d)/g,
  de: /[äöüß]|\w+(ung|keit|lich|chen)|sch/g,
  fr: /[çéèêàùœ]|\w+(eux|eur|tion|ment)s?|qu'|d'|l'|j'|m'|n'/g,
  es: /[ñ¿¡]|\w+(ción|dad|mos)/g,
  pt: /[ãõâôç]|\w+(ção|ções|mente|nh\w+|lh\w+)/g,
  it: /[òìù]|\w+(zione|zioni|ggi\w*|cch\w*|amo|ete)/g,
  nl: /ij|oe|aa|ee|uu|\w+(lijk|heid|tje)/g,
};

const MARKER_SETS = Object.fromEntries(
  REPLY_LANGUAGES.map((lang) => [lang, new Set(MARKERS[lang].split(/\s+/))]),
) as Record<ReplyLanguage, Set<string>>;

/** The reply's own words, lower-cased (accents kept). */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/\p{L}+/gu) ?? [];
}

/** Marker-word hits per language in a text. */
function markerHits(text: string): Record<ReplyLanguage, number> {
  const words = wordsOf(text);
  return Object.fromEntries(
    REPLY_LANGUAGES.map((lang) => [lang, words.reduce((n, w) => n + (MARKER_SETS[lang].has(w) ? 1 : 0), 0)]),
  ) as Record<ReplyLanguage, number>;
}

/** The reply without the quoted thread and legal footers, but with its sign-off ("Bien à vous", "Enviado desde"). */
function withSignOff(text: string): string {
  return stripDisclaimers(stripQuotedText(htmlToText(text)));
}

/**
 * The reply's language. The person's own words weigh most; their sign-off, "sent from my phone" and the
 * "On ... wrote:" line help short replies; spelling (accents, endings) breaks the remaining ties. English when
 * nothing speaks for another language (too short, or only names and numbers).
 */
export function detectReplyLanguage(text: string): ReplyLanguage {
  const own = replyBody(text).toLowerCase();
  const body = markerHits(own);
  const around = markerHits(withSignOff(text).slice(0, 2000));
  let best: ReplyLanguage = "en";
  let bestScore = 0;
  for (const lang of REPLY_LANGUAGES) {
    const spelling = own.match(SPELLING[lang])?.length ?? 0;
    const score = 4 * body[lang] + around[lang] + spelling;
    if (score > bestScore) [best, bestScore] = [lang, score];
  }
  return best;
}
