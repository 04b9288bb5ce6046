// Card: a bordered surface with an optional header (title, description, actions) and footer.
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";

export interface CardProps {
  title?: ComponentChildren;
  description?: ComponentChildren;
  /** Buttons or links at the header's right. */
  actions?: ComponentChildren;
  footer?: ComponentChildren;
  /** Body without padding, for tables and lists that reach the edges. */
  flush?: boolean;
  /** Heading level of the title; defaults to h2. */
  headingLevel?: 2 | 3;
  as?: "section" | "div" | "article";
  class?: string;
  children?: ComponentChildren;
}

export function Card(props: CardProps) {
  const { title, description, actions, footer, flush, headingLevel = 2, as = "section", children } = props;
  const Tag = as;
  const Heading = headingLevel === 3 ? "h3" : "h2";
  return (
    <Tag class={cx("card", flush && "card-flush", props.class)}>
      {(title || actions) && (
        <header class="card-header">
          <div class="stack-xs">
            {title && <Heading class="card-title">{title}</Heading>}
            {description && <p class="card-description">{description}</p>}
          </div>
          {actions && <div class="row shrink-0">{actions}</div>}
        </header>
      )}
      <div class="card-body">{children}</div>
      {footer && <footer class="card-footer">{footer}</footer>}
    </Tag>
  );
}
