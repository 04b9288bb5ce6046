// The suggested answers per intent, in each language a reply may come in (lib/ai/reply/language.ts tells which),
// with the greeting and sign-off of that language. Templates, written by people; the rep edits them before
// sending. "" = nothing to answer (out of office). Pure: safe to bundle for the browser.
import type { ReplyIntent } from "./intents.ts";
import type { ReplyLanguage } from "./language.ts";

export interface AnswerTemplates {
  greeting: (firstName: string | null) => string;
  signOff: string;
  answers: Record<ReplyIntent, string>;
}

export const ANSWER_TEMPLATES: Record<ReplyLanguage, AnswerTemplates> = {
  en: {
    greeting: (name) => name ? `Hi ${name},` : "Hi,",
    signOff: "Best regards",
    answers: {
      interested:
        "Thanks for getting back to me, great to hear it sounds useful. I've attached a short overview. Would Tuesday or Thursday suit you for a 20-minute call to see whether it fits your team?",
      not_interested:
        "Thanks for letting me know, I appreciate the clear answer. I won't follow up on this; if things change, you know where to find me.",
      asking_price:
        "Happy to share pricing. How many people would use it? With that I can send you the exact figure, and I'm glad to walk you through the plans on a short call.",
      meeting_request:
        "Great, that works for me. I'll send a calendar invite for the time you suggested; let me know if anyone else should join.",
      question:
        "Good question. Here's the short answer: [answer]. Happy to show you how it works in a quick demo if that helps.",
      referral:
        "Thank you for pointing me in the right direction, I'll reach out to them directly and mention you suggested it.",
      out_of_office: "",
      unsubscribe: "Understood, I've removed you from our list and you won't hear from us again. Sorry for the bother.",
    },
  },
  de: {
    greeting: (name) => name ? `Hallo ${name},` : "Guten Tag,",
    signOff: "Viele Grüße",
    answers: {
      interested:
        "vielen Dank für Ihre Antwort, schön, dass es für Sie interessant klingt. Anbei eine kurze Übersicht. Passt Ihnen Dienstag oder Donnerstag für ein 20-minütiges Gespräch?",
      not_interested:
        "danke für die klare Rückmeldung. Ich melde mich dazu nicht mehr; sollte sich etwas ändern, wissen Sie, wo Sie mich finden.",
      asking_price:
        "gerne schicke ich Ihnen die Preise. Wie viele Personen würden damit arbeiten? Dann nenne ich Ihnen den genauen Betrag und erkläre die Pakete gern in einem kurzen Gespräch.",
      meeting_request:
        "sehr gern, der vorgeschlagene Termin passt mir. Ich schicke Ihnen gleich eine Einladung; sagen Sie mir, wer noch dabei sein soll.",
      question: "gute Frage. Kurz gesagt: [Antwort]. Gern zeige ich Ihnen in einer kurzen Demo, wie es funktioniert.",
      referral:
        "danke für den Hinweis. Ich wende mich direkt an die genannte Person und erwähne, dass der Tipp von Ihnen kam.",
      out_of_office: "",
      unsubscribe:
        "verstanden, ich habe Sie aus unserem Verteiler entfernt; Sie erhalten keine weiteren Nachrichten von uns. Entschuldigen Sie die Störung.",
    },
  },
  fr: {
    greeting: (name) => name ? `Bonjour ${name},` : "Bonjour,",
    signOff: "Bien cordialement",
    answers: {
      interested:
        "Merci pour votre retour, ravi que cela vous intéresse. Vous trouverez ci-joint une courte présentation. Mardi ou jeudi vous conviendrait-il pour un appel de 20 minutes ?",
      not_interested:
        "Merci de me l'avoir dit clairement. Je ne vous relancerai pas à ce sujet ; si les choses changent, vous savez où me trouver.",
      asking_price:
        "Avec plaisir pour les tarifs. Combien de personnes l'utiliseraient ? Je pourrai alors vous envoyer le montant exact et vous présenter les offres lors d'un court appel.",
      meeting_request:
        "Parfait, cela me convient. Je vous envoie une invitation pour le créneau proposé ; dites-moi si d'autres personnes doivent se joindre à nous.",
      question:
        "Bonne question. En bref : [réponse]. Je peux volontiers vous montrer le fonctionnement lors d'une courte démo.",
      referral:
        "Merci de m'avoir orienté vers la bonne personne, je vais la contacter directement en précisant que vous me l'avez recommandée.",
      out_of_office: "",
      unsubscribe:
        "C'est noté, je vous ai retiré de notre liste et vous ne recevrez plus de messages de notre part. Désolé pour le dérangement.",
    },
  },
  es: {
    greeting: (name) => name ? `Hola ${name}:` : "Hola:",
    signOff: "Un saludo",
    answers: {
      interested:
        "Gracias por tu respuesta, me alegra que te parezca útil. Te adjunto un breve resumen. ¿Te vendría bien el martes o el jueves para una llamada de 20 minutos?",
      not_interested:
        "Gracias por decírmelo con claridad. No volveré a escribirte sobre esto; si algo cambia, ya sabes dónde encontrarme.",
      asking_price:
        "Con gusto te paso los precios. ¿Cuántas personas lo usarían? Así te envío la cifra exacta y, si quieres, te explico los planes en una llamada breve.",
      meeting_request:
        "Perfecto, me viene bien. Te envío una invitación para la hora que propusiste; dime si alguien más debería unirse.",
      question: "Buena pregunta. En resumen: [respuesta]. Si te ayuda, te enseño cómo funciona en una demo corta.",
      referral:
        "Gracias por indicarme a la persona adecuada, le escribiré directamente y mencionaré que me lo sugeriste tú.",
      out_of_office: "",
      unsubscribe:
        "Entendido, te he quitado de nuestra lista y no volverás a recibir mensajes nuestros. Disculpa las molestias.",
    },
  },
  pt: {
    greeting: (name) => name ? `Olá ${name},` : "Olá,",
    signOff: "Com os melhores cumprimentos",
    answers: {
      interested:
        "Obrigado pela resposta, fico contente que lhe pareça útil. Envio em anexo uma breve apresentação. Terça ou quinta-feira seria bom para uma chamada de 20 minutos?",
      not_interested:
        "Obrigado por me dizer com clareza. Não voltarei a insistir; se algo mudar, sabe onde me encontrar.",
      asking_price:
        "Com todo o gosto partilho os preços. Quantas pessoas iriam usar? Assim envio o valor exato e posso explicar os planos numa chamada curta.",
      meeting_request:
        "Ótimo, funciona para mim. Vou enviar um convite para a hora que sugeriu; diga-me se mais alguém deve participar.",
      question: "Boa pergunta. Em resumo: [resposta]. Se ajudar, mostro como funciona numa demonstração rápida.",
      referral: "Obrigado por me indicar a pessoa certa, vou contactá-la diretamente e mencionar que foi sugestão sua.",
      out_of_office: "",
      unsubscribe:
        "Entendido, removi o seu contacto da nossa lista e não voltará a receber mensagens nossas. Pedimos desculpa pelo incómodo.",
    },
  },
  it: {
    greeting: (name) => name ? `Ciao ${name},` : "Buongiorno,",
    signOff: "Cordiali saluti",
    answers: {
      interested:
        "grazie per la risposta, mi fa piacere che la trovi utile. In allegato una breve panoramica. Martedì o giovedì andrebbe bene per una chiamata di 20 minuti?",
      not_interested:
        "grazie per avermelo detto chiaramente. Non la ricontatterò su questo; se le cose cambiano, sa dove trovarmi.",
      asking_price:
        "volentieri le invio i prezzi. Quante persone lo userebbero? Così le mando la cifra esatta e posso illustrarle i piani in una breve chiamata.",
      meeting_request:
        "perfetto, per me va bene. Le invio un invito per l'orario che ha proposto; mi dica se deve partecipare qualcun altro.",
      question: "ottima domanda. In breve: [risposta]. Se può essere utile, le mostro come funziona in una breve demo.",
      referral:
        "grazie per avermi indicato la persona giusta, la contatterò direttamente dicendo che me l'ha suggerita lei.",
      out_of_office: "",
      unsubscribe:
        "ricevuto, l'ho rimossa dalla nostra lista e non riceverà più messaggi da parte nostra. Ci scusiamo per il disturbo.",
    },
  },
  nl: {
    greeting: (name) => name ? `Hoi ${name},` : "Goedendag,",
    signOff: "Met vriendelijke groet",
    answers: {
      interested:
        "Bedankt voor je reactie, fijn dat het je nuttig lijkt. In de bijlage vind je een kort overzicht. Komt dinsdag of donderdag je uit voor een gesprek van 20 minuten?",
      not_interested:
        "Bedankt voor het duidelijke antwoord. Ik kom hier niet meer op terug; als er iets verandert, weet je me te vinden.",
      asking_price:
        "Ik deel graag de prijzen. Met hoeveel mensen zouden jullie het gebruiken? Dan stuur ik het exacte bedrag en licht ik de pakketten graag toe in een kort gesprek.",
      meeting_request:
        "Prima, dat komt mij goed uit. Ik stuur een uitnodiging voor het voorgestelde tijdstip; laat me weten of er nog iemand aansluit.",
      question: "Goede vraag. In het kort: [antwoord]. Ik laat je graag in een korte demo zien hoe het werkt.",
      referral:
        "Bedankt voor de verwijzing, ik neem direct contact op met de persoon die je noemde en vermeld dat de tip van jou kwam.",
      out_of_office: "",
      unsubscribe:
        "Begrepen, ik heb je uit onze lijst verwijderd en je ontvangt geen berichten meer van ons. Excuses voor het ongemak.",
    },
  },
};
