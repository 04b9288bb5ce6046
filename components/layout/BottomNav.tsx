// Phone navigation: five destinations in a bar fixed to the bottom (hidden from 768px).
import { Icon } from "../ui/Icon.tsx";
import { bottomNavItems, isActivePath } from "./nav.ts";

export interface BottomNavProps {
  path: string;
  modules?: string[];
}

export function BottomNav({ path, modules }: BottomNavProps) {
  return (
    <nav aria-label="Main (phone)">
      <ul class="bottom-nav">
        {bottomNavItems(modules).map((item) => (
          <li key={item.label}>
            <a
              class="bottom-nav-item"
              href={item.href}
              aria-current={isActivePath(path, item.href) ? "page" : undefined}
            >
              <Icon name={item.icon} />
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
