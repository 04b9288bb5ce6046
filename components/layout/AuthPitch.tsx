// The product pitch shown beside the auth card on wide screens. Decorative for the
// most part; the text is real content, the mini chart is aria-hidden.
import { Icon, type IconName } from "../ui/Icon.tsx";
import { Avatar } from "../ui/Avatar.tsx";

const BENEFITS: { icon: IconName; title: string; text: string }[] = [
  {
    icon: "kanban",
    title: "Your whole pipeline, live",
    text: "Deals, contacts and tasks update for everyone the moment they change.",
  },
  {
    icon: "message",
    title: "Sell together",
    text: "Chat, shared notes and presence right next to the records you work on.",
  },
  {
    icon: "phone",
    title: "On your phone too",
    text: "Install Leadly on your phone: your records, chat and notifications wherever you sell.",
  },
];

export function AuthPitch() {
  return (
    <aside class="auth-pitch" aria-label="About Leadly">
      <div class="auth-pitch-inner">
        <p class="auth-pitch-eyebrow">The CRM for teams that sell together</p>
        <h2 class="auth-pitch-title">Close more deals, with everyone on the same page.</h2>
        <div class="pitch-preview" aria-hidden="true">
          <div class="pitch-preview-head">
            <span>Pipeline this quarter</span>
            <span class="pitch-preview-delta">+18%</span>
          </div>
          <p class="pitch-preview-value">$482,300</p>
          <div class="pitch-bars">
            {[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => <span key={i} class="pitch-bar" />)}
          </div>
        </div>
        <ul class="auth-benefits">
          {BENEFITS.map((benefit) => (
            <li key={benefit.title} class="auth-benefit">
              <span class="auth-benefit-icon">
                <Icon name={benefit.icon} />
              </span>
              <div>
                <p class="auth-benefit-title">{benefit.title}</p>
                <p class="auth-benefit-text">{benefit.text}</p>
              </div>
            </li>
          ))}
        </ul>
        <figure class="auth-quote">
          <blockquote>
            “We moved our whole sales floor to Leadly in a week. Handoffs that took a meeting now take a comment.”
          </blockquote>
          <figcaption>
            <Avatar name="Maya Okafor" size="lg" />
            <span>
              <span class="auth-quote-name">Maya Okafor</span>
              <span class="auth-quote-role">VP Sales, Northwind Logistics</span>
            </span>
          </figcaption>
        </figure>
      </div>
    </aside>
  );
}
