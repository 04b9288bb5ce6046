// The offline writer's phrasebook: for each language, greetings and closings per tone, and per goal three
// subjects, openers and calls to action (one per variant), written to read naturally with or without each fact.
import type { Facts } from "./facts.ts";
import type { WriterGoal, WriterLanguage, WriterTone } from "./input.ts";

type Line = (f: Facts) => string;
type Three = [Line, Line, Line];

export interface Phrasebook {
  greeting: Record<WriterTone, Line>;
  closing: Record<WriterTone, string>;
  goals: Record<WriterGoal, { subjects: Three; openers: Three; ctas: Three }>;
  activity: Record<"call" | "email" | "meeting", string>;
  /** Thanks for the last activity (when there was one). */
  recap: (f: Facts & { lastActivity: NonNullable<Facts["lastActivity"]> }, activityName: string) => string;
  /** Where the deal stands (deals only). */
  dealStage: (f: Facts & { deal: string; stage: string }) => string;
  /** What the team does, for long drafts. */
  value: Line;
  /** A last, low-pressure line for long drafts. */
  extra: string;
}

const q = (text: string | null, before = "", after = "") => (text ? `${before}${text}${after}` : "");

const en: Phrasebook = {
  greeting: {
    friendly: (f) => (f.firstName ? `Hi ${f.firstName},` : "Hi there,"),
    professional: (f) => (f.fullName ? `Dear ${f.fullName},` : "Hello,"),
    direct: (f) => (f.firstName ? `${f.firstName},` : "Hello,"),
  },
  closing: { friendly: "Cheers,", professional: "Best regards,", direct: "Thanks," },
  goals: {
    introduce: {
      subjects: [
        (f) => `A quick idea for ${f.company ?? "you"}`,
        (f) => `${q(f.firstName, "", ", ")}a quick question`,
        (f) => (f.team ? `Introducing ${f.team}` : "A short introduction"),
      ],
      openers: [
        (f) => `I'm ${f.sender}${q(f.team, " from ")}, and I have an idea that could help ${f.company ?? "you"}.`,
        (f) =>
          `I came across ${f.company ?? "your work"}${
            q(f.title, " and your role as ")
          } and wanted to reach out personally.`,
        (f) =>
          `Teams like ${f.company ?? "yours"}${
            q(f.industry, " in ")
          } often tell us they want less busywork and more time with customers.`,
      ],
      ctas: [
        () => "Would you be open to a short call next week?",
        () => "Is this worth a 15-minute chat?",
        () => "Shall I send over a few details?",
      ],
    },
    follow_up: {
      subjects: [
        () => "Following up",
        (f) => `Next steps for ${f.company ?? "us"}`,
        () => "Picking up where we left off",
      ],
      openers: [
        () => "I wanted to follow up on my last message.",
        () => "I'm following up to see whether you had a chance to think about our conversation.",
        (f) => `Just checking in to keep things moving for ${f.company ?? "you"}.`,
      ],
      ctas: [
        () => "Do you have any questions I can answer?",
        () => "What would be a good next step on your side?",
        () => "Could we find 15 minutes this week?",
      ],
    },
    book_meeting: {
      subjects: [() => "15 minutes this week?", (f) => `Meeting with ${f.company ?? "you"}`, () => "A time to talk"],
      openers: [
        (f) => `I'd like to suggest a short meeting to see whether we can help ${f.company ?? "you"}.`,
        () => "A short conversation would be the quickest way to find out whether this is a fit.",
        (f) => `I'd value 15 minutes of your time to hear about your priorities${q(f.title, " as ")}.`,
      ],
      ctas: [
        () => "Would Tuesday or Thursday work for you?",
        () => "Which day suits you best?",
        () => "Just reply with a time that works and I'll send an invite.",
      ],
    },
    send_proposal: {
      subjects: [
        (f) => `Your proposal${q(f.deal, ": ")}`,
        (f) => `Proposal for ${f.company ?? "you"}`,
        () => "Next step: our proposal",
      ],
      openers: [
        (f) => `As promised, I'm preparing a proposal${q(f.deal, " for ")} tailored to ${f.company ?? "your needs"}.`,
        (f) => `Thank you for your time so far. The next step is a proposal that fits ${f.company ?? "your team"}.`,
        (f) => `I've put together the main points of a proposal for ${f.company ?? "you"}.`,
      ],
      ctas: [
        () => "Shall I walk you through it in a short call?",
        () => "Let me know if anything should be added before I send it.",
        () => "Who else should receive it on your side?",
      ],
    },
    re_engage: {
      subjects: [() => "Still interested?", () => "It's been a while", (f) => `A new idea for ${f.company ?? "you"}`],
      openers: [
        () => "It's been a while since we last spoke, and I wanted to check whether your priorities have changed.",
        (f) => `I hope things are going well at ${f.company ?? "your end"}.`,
        (f) => `A lot has changed on our side since we last spoke${q(f.company, ", and I thought of ")}.`,
      ],
      ctas: [
        () => "Would it make sense to reconnect?",
        () => "Is now a better time to talk?",
        () => "Should I close the file, or is a quick call worth it?",
      ],
    },
  },
  activity: { call: "call", email: "exchange", meeting: "meeting" },
  recap: (f, name) =>
    `Thank you again for our ${name} on ${f.lastActivity.date}${q(f.lastActivity.subject, " about “", "”")}.`,
  dealStage: (f) => `We are at the “${f.stage}” stage for ${f.deal}.`,
  value: (f) =>
    `We help teams${
      q(f.industry, " in ")
    } keep every lead, deal and conversation in one place, so nothing falls through the cracks.`,
  extra: "I'm happy to share how others approached this, with no obligation.",
};

const de: Phrasebook = {
  greeting: {
    friendly: (f) => (f.firstName ? `Hallo ${f.firstName},` : "Hallo,"),
    professional: (f) => (f.fullName ? `Guten Tag ${f.fullName},` : "Guten Tag,"),
    direct: (f) => (f.firstName ? `Hallo ${f.firstName},` : "Hallo,"),
  },
  closing: { friendly: "Viele Grüße", professional: "Mit freundlichen Grüßen", direct: "Danke und Grüße" },
  goals: {
    introduce: {
      subjects: [
        (f) => `Eine kurze Idee für ${f.company ?? "Sie"}`,
        (f) => `${q(f.firstName, "", ", ")}eine kurze Frage`,
        (f) => (f.team ? `Kurz vorgestellt: ${f.team}` : "Eine kurze Vorstellung"),
      ],
      openers: [
        (f) =>
          `ich bin ${f.sender}${q(f.team, " von ")} und habe eine Idee, die ${f.company ?? "Ihnen"} helfen könnte.`,
        (f) =>
          `ich bin auf ${f.company ?? "Ihre Arbeit"}${
            q(f.title, " und Ihre Rolle als ")
          } gestoßen und wollte mich persönlich melden.`,
        (f) =>
          `Teams wie ${f.company ?? "Ihres"}${
            q(f.industry, " in der Branche ")
          } wünschen sich oft weniger Verwaltungsaufwand und mehr Zeit für Kunden.`,
      ],
      ctas: [
        () => "Hätten Sie nächste Woche Zeit für ein kurzes Gespräch?",
        () => "Wäre das 15 Minuten wert?",
        () => "Soll ich Ihnen ein paar Details schicken?",
      ],
    },
    follow_up: {
      subjects: [() => "Kurze Nachfrage", (f) => `Nächste Schritte für ${f.company ?? "uns"}`, () => "Wie besprochen"],
      openers: [
        () => "ich wollte kurz an meine letzte Nachricht anknüpfen.",
        () => "ich melde mich, um zu hören, ob Sie schon über unser Gespräch nachdenken konnten.",
        (f) => `ich melde mich kurz, damit es für ${f.company ?? "Sie"} weitergeht.`,
      ],
      ctas: [
        () => "Haben Sie noch Fragen, die ich beantworten kann?",
        () => "Was wäre aus Ihrer Sicht der nächste Schritt?",
        () => "Finden wir diese Woche 15 Minuten?",
      ],
    },
    book_meeting: {
      subjects: [
        () => "15 Minuten diese Woche?",
        (f) => `Termin mit ${f.company ?? "Ihnen"}`,
        () => "Ein kurzer Termin",
      ],
      openers: [
        (f) =>
          `ich möchte ein kurzes Treffen vorschlagen, um zu sehen, ob wir ${f.company ?? "Sie"} unterstützen können.`,
        () => "ein kurzes Gespräch wäre der schnellste Weg, um herauszufinden, ob es passt.",
        (f) => `ich würde gern 15 Minuten über Ihre Prioritäten${q(f.title, " als ")} sprechen.`,
      ],
      ctas: [
        () => "Passt Ihnen Dienstag oder Donnerstag?",
        () => "Welcher Tag passt Ihnen am besten?",
        () => "Antworten Sie einfach mit einem passenden Termin, dann schicke ich eine Einladung.",
      ],
    },
    send_proposal: {
      subjects: [
        (f) => `Ihr Angebot${q(f.deal, ": ")}`,
        (f) => `Angebot für ${f.company ?? "Sie"}`,
        () => "Nächster Schritt: unser Angebot",
      ],
      openers: [
        (f) =>
          `wie versprochen bereite ich ein Angebot${q(f.deal, " für ")} vor, zugeschnitten auf ${
            f.company ?? "Ihre Anforderungen"
          }.`,
        (f) =>
          `danke für Ihre Zeit bisher. Der nächste Schritt ist ein Angebot, das zu ${f.company ?? "Ihrem Team"} passt.`,
        (f) => `ich habe die wichtigsten Punkte eines Angebots für ${f.company ?? "Sie"} zusammengestellt.`,
      ],
      ctas: [
        () => "Soll ich es Ihnen in einem kurzen Gespräch vorstellen?",
        () => "Sagen Sie mir gern, was noch fehlt, bevor ich es schicke.",
        () => "Wer sollte es bei Ihnen noch erhalten?",
      ],
    },
    re_engage: {
      subjects: [() => "Noch aktuell?", () => "Lange nichts gehört", (f) => `Eine neue Idee für ${f.company ?? "Sie"}`],
      openers: [
        () =>
          "es ist eine Weile her, dass wir gesprochen haben, und ich wollte fragen, ob sich Ihre Prioritäten geändert haben.",
        (f) => `ich hoffe, bei ${f.company ?? "Ihnen"} läuft alles gut.`,
        (f) =>
          `bei uns hat sich seit unserem letzten Gespräch viel getan${q(f.company, ", und ich habe an ", " gedacht")}.`,
      ],
      ctas: [
        () => "Wollen wir wieder ins Gespräch kommen?",
        () => "Passt es jetzt besser für ein Gespräch?",
        () => "Soll ich das Thema schließen, oder lohnt sich ein kurzer Anruf?",
      ],
    },
  },
  activity: { call: "Telefonat", email: "Austausch", meeting: "Treffen" },
  recap: (f, name) =>
    `Danke noch einmal für unser ${name} am ${f.lastActivity.date}${q(f.lastActivity.subject, " zu „", "“")}.`,
  dealStage: (f) => `Bei ${f.deal} sind wir in der Phase „${f.stage}“.`,
  value: (f) =>
    `Wir helfen Teams${
      q(f.industry, " in der Branche ")
    }, alle Leads, Deals und Gespräche an einem Ort zu haben, damit nichts verloren geht.`,
  extra: "Gern erzähle ich unverbindlich, wie andere das angegangen sind.",
};

const fr: Phrasebook = {
  greeting: {
    friendly: (f) => (f.firstName ? `Bonjour ${f.firstName},` : "Bonjour,"),
    professional: (f) => (f.fullName ? `Bonjour ${f.fullName},` : "Madame, Monsieur,"),
    direct: (f) => (f.firstName ? `${f.firstName},` : "Bonjour,"),
  },
  closing: { friendly: "À bientôt,", professional: "Cordialement,", direct: "Merci," },
  goals: {
    introduce: {
      subjects: [
        (f) => `Une idée rapide pour ${f.company ?? "vous"}`,
        (f) => `${q(f.firstName, "", ", ")}une petite question`,
        (f) => (f.team ? `Présentation de ${f.team}` : "Une courte présentation"),
      ],
      openers: [
        (f) =>
          `Je suis ${f.sender}${q(f.team, " de ")} et j'ai une idée qui pourrait aider ${f.company ?? "votre équipe"}.`,
        (f) =>
          `J'ai découvert ${f.company ?? "votre travail"}${
            q(f.title, " et votre rôle de ")
          } et je voulais vous écrire personnellement.`,
        (f) =>
          `Les équipes comme ${f.company ?? "la vôtre"}${
            q(f.industry, " dans le secteur ")
          } nous disent souvent vouloir moins de tâches administratives et plus de temps avec leurs clients.`,
      ],
      ctas: [
        () => "Seriez-vous disponible pour un court appel la semaine prochaine ?",
        () => "Cela vaut-il un échange de 15 minutes ?",
        () => "Voulez-vous que je vous envoie quelques détails ?",
      ],
    },
    follow_up: {
      subjects: [
        () => "Suite à mon message",
        (f) => `Prochaines étapes pour ${f.company ?? "nous"}`,
        () => "Pour faire le point",
      ],
      openers: [
        () => "Je me permets de revenir vers vous suite à mon dernier message.",
        () => "Je reviens vers vous pour savoir si vous avez pu réfléchir à notre échange.",
        (f) => `Je reviens vers vous pour faire avancer les choses pour ${f.company ?? "vous"}.`,
      ],
      ctas: [
        () => "Avez-vous des questions auxquelles je peux répondre ?",
        () => "Quelle serait la prochaine étape de votre côté ?",
        () => "Pourrions-nous trouver 15 minutes cette semaine ?",
      ],
    },
    book_meeting: {
      subjects: [
        () => "15 minutes cette semaine ?",
        (f) => `Rendez-vous avec ${f.company ?? "vous"}`,
        () => "Un moment pour échanger",
      ],
      openers: [
        (f) => `Je vous propose un court rendez-vous pour voir si nous pouvons aider ${f.company ?? "votre équipe"}.`,
        () => "Un court échange serait le moyen le plus rapide de savoir si cela vous correspond.",
        (f) => `J'aimerais prendre 15 minutes pour comprendre vos priorités${q(f.title, " en tant que ")}.`,
      ],
      ctas: [
        () => "Mardi ou jeudi vous conviendrait-il ?",
        () => "Quel jour vous arrange le mieux ?",
        () => "Répondez-moi avec un créneau et je vous envoie une invitation.",
      ],
    },
    send_proposal: {
      subjects: [
        (f) => `Votre proposition${q(f.deal, " : ")}`,
        (f) => `Proposition pour ${f.company ?? "vous"}`,
        () => "Prochaine étape : notre proposition",
      ],
      openers: [
        (f) =>
          `Comme promis, je prépare une proposition${q(f.deal, " pour ")} adaptée à ${f.company ?? "vos besoins"}.`,
        (f) =>
          `Merci pour votre temps. La prochaine étape est une proposition adaptée à ${f.company ?? "votre équipe"}.`,
        (f) => `J'ai rassemblé les points principaux d'une proposition pour ${f.company ?? "vous"}.`,
      ],
      ctas: [
        () => "Voulez-vous que je vous la présente lors d'un court appel ?",
        () => "Dites-moi s'il faut ajouter quelque chose avant que je l'envoie.",
        () => "Qui d'autre devrait la recevoir chez vous ?",
      ],
    },
    re_engage: {
      subjects: [
        () => "Toujours d'actualité ?",
        () => "Cela fait un moment",
        (f) => `Une nouvelle idée pour ${f.company ?? "vous"}`,
      ],
      openers: [
        () => "Cela fait un moment que nous n'avons pas échangé, et je voulais savoir si vos priorités ont changé.",
        (f) => `J'espère que tout va bien chez ${f.company ?? "vous"}.`,
        (f) =>
          `Beaucoup de choses ont changé chez nous depuis notre dernier échange${q(f.company, ", et j'ai pensé à ")}.`,
      ],
      ctas: [
        () => "Serait-il utile de reprendre contact ?",
        () => "Est-ce un meilleur moment pour en parler ?",
        () => "Dois-je clore le sujet, ou un court appel vaut-il la peine ?",
      ],
    },
  },
  activity: { call: "appel", email: "échange", meeting: "rendez-vous" },
  recap: (f, name) =>
    `Merci encore pour notre ${name} du ${f.lastActivity.date}${q(f.lastActivity.subject, " au sujet de « ", " »")}.`,
  dealStage: (f) => `Pour ${f.deal}, nous en sommes à l'étape « ${f.stage} ».`,
  value: (f) =>
    `Nous aidons les équipes${
      q(f.industry, " du secteur ")
    } à réunir prospects, affaires et conversations au même endroit, pour que rien ne se perde.`,
  extra: "Je peux volontiers vous montrer, sans engagement, comment d'autres s'y sont pris.",
};

const es: Phrasebook = {
  greeting: {
    friendly: (f) => (f.firstName ? `Hola, ${f.firstName}:` : "Hola:"),
    professional: (f) => (f.fullName ? `Estimado/a ${f.fullName}:` : "Buenos días:"),
    direct: (f) => (f.firstName ? `${f.firstName}:` : "Hola:"),
  },
  closing: { friendly: "Un saludo,", professional: "Atentamente,", direct: "Gracias," },
  goals: {
    introduce: {
      subjects: [
        (f) => `Una idea rápida para ${f.company ?? "usted"}`,
        (f) => `${q(f.firstName, "", ", ")}una pregunta rápida`,
        (f) => (f.team ? `Le presento ${f.team}` : "Una breve presentación"),
      ],
      openers: [
        (f) => `Soy ${f.sender}${q(f.team, " de ")} y tengo una idea que podría ayudar a ${f.company ?? "su equipo"}.`,
        (f) => `Conocí ${f.company ?? "su trabajo"}${q(f.title, " y su rol como ")} y quería escribirle personalmente.`,
        (f) =>
          `Equipos como ${f.company ?? "el suyo"}${
            q(f.industry, " del sector ")
          } suelen decirnos que quieren menos tareas administrativas y más tiempo con sus clientes.`,
      ],
      ctas: [
        () => "¿Tendría tiempo para una llamada breve la próxima semana?",
        () => "¿Le parece que vale una charla de 15 minutos?",
        () => "¿Le envío algunos detalles?",
      ],
    },
    follow_up: {
      subjects: [
        () => "Seguimiento",
        (f) => `Próximos pasos para ${f.company ?? "nosotros"}`,
        () => "Retomando nuestra conversación",
      ],
      openers: [
        () => "Quería hacer un seguimiento de mi último mensaje.",
        () => "Le escribo para saber si pudo pensar en nuestra conversación.",
        (f) => `Le escribo para que las cosas sigan avanzando para ${f.company ?? "usted"}.`,
      ],
      ctas: [
        () => "¿Tiene alguna pregunta que pueda responder?",
        () => "¿Cuál sería el siguiente paso por su parte?",
        () => "¿Podríamos encontrar 15 minutos esta semana?",
      ],
    },
    book_meeting: {
      subjects: [
        () => "¿15 minutos esta semana?",
        (f) => `Reunión con ${f.company ?? "usted"}`,
        () => "Un momento para hablar",
      ],
      openers: [
        (f) => `Me gustaría proponerle una reunión breve para ver si podemos ayudar a ${f.company ?? "su equipo"}.`,
        () => "Una conversación corta sería la forma más rápida de saber si encaja.",
        (f) => `Me encantaría dedicar 15 minutos a conocer sus prioridades${q(f.title, " como ")}.`,
      ],
      ctas: [
        () => "¿Le viene bien el martes o el jueves?",
        () => "¿Qué día le viene mejor?",
        () => "Respóndame con un horario y le envío una invitación.",
      ],
    },
    send_proposal: {
      subjects: [
        (f) => `Su propuesta${q(f.deal, ": ")}`,
        (f) => `Propuesta para ${f.company ?? "usted"}`,
        () => "Siguiente paso: nuestra propuesta",
      ],
      openers: [
        (f) =>
          `Como le prometí, estoy preparando una propuesta${q(f.deal, " para ")} adaptada a ${
            f.company ?? "sus necesidades"
          }.`,
        (f) => `Gracias por su tiempo. El siguiente paso es una propuesta a la medida de ${f.company ?? "su equipo"}.`,
        (f) => `He reunido los puntos principales de una propuesta para ${f.company ?? "usted"}.`,
      ],
      ctas: [
        () => "¿Se la presento en una llamada breve?",
        () => "Dígame si debo añadir algo antes de enviarla.",
        () => "¿Quién más debería recibirla en su equipo?",
      ],
    },
    re_engage: {
      subjects: [
        () => "¿Sigue interesado/a?",
        () => "Ha pasado un tiempo",
        (f) => `Una nueva idea para ${f.company ?? "usted"}`,
      ],
      openers: [
        () => "Ha pasado un tiempo desde nuestra última conversación y quería saber si han cambiado sus prioridades.",
        (f) => `Espero que todo vaya bien en ${f.company ?? "su empresa"}.`,
        (f) => `Han cambiado muchas cosas por nuestra parte desde la última vez${q(f.company, ", y pensé en ")}.`,
      ],
      ctas: [
        () => "¿Tendría sentido retomar el contacto?",
        () => "¿Es ahora un mejor momento para hablar?",
        () => "¿Cierro el tema o vale la pena una llamada rápida?",
      ],
    },
  },
  activity: { call: "llamada", email: "intercambio", meeting: "reunión" },
  recap: (f, name) =>
    `Gracias de nuevo por nuestra ${name} del ${f.lastActivity.date}${q(f.lastActivity.subject, " sobre «", "»")}.`,
  dealStage: (f) => `En ${f.deal} estamos en la etapa «${f.stage}».`,
  value: (f) =>
    `Ayudamos a equipos${
      q(f.industry, " del sector ")
    } a tener todos sus contactos, oportunidades y conversaciones en un solo lugar, para que nada se pierda.`,
  extra: "Con gusto le cuento, sin compromiso, cómo lo han resuelto otros.",
};

export const PHRASEBOOKS: Record<WriterLanguage, Phrasebook> = { en, de, fr, es };
