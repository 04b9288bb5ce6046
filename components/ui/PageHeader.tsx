// PageHeader: the page's h1, a line of context, and its main actions.
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";

export interface Breadcrumb {
  label: string;
  href?: string;
}

export interface PageHeaderProps {
  title: ComponentChildren;
  description?: ComponentChildren;
  actions?: ComponentChildren;
  breadcrumbs?: Breadcrumb[];
  class?: string;
}

export function PageHeader({ title, description, actions, breadcrumbs, class: extra }: PageHeaderProps) {
  return (
    <div class={cx("page-header", extra)}>
      <div class="page-header-text">
        {breadcrumbs && breadcrumbs.length > 0 && (
          <nav aria-label="Breadcrumb">
            <ol class="breadcrumbs">
              {breadcrumbs.map((crumb) => (
                <li key={crumb.label}>{crumb.href ? <a href={crumb.href}>{crumb.label}</a> : crumb.label}</li>
              ))}
            </ol>
          </nav>
        )}
        <h1 class="page-title">{title}</h1>
        {description && <p class="page-description">{description}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </div>
  );
}
