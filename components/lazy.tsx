// A component whose code loads as its own chunk the first time it renders (renders nothing until then): for
// parts of an island that only show after someone asks for them (a panel, a dialog, a palette's results), so
// they stay out of the page's first load (page_js budgets; docs/notes-chunks.md). Use it only for parts that
// are never in the server-rendered HTML, so hydration never waits for a chunk.
import { type ComponentType, h } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazyComponent<P>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  const start = () =>
    pending ??= load().then((component) => {
      loaded = component;
    }, (error) => {
      // Offline: the next render tries again.
      pending = null;
      console.warn("A part of the page could not be loaded", error);
    });
  return function Lazy(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void start().then(() => live && setReady(true));
      return () => {
        live = false;
      };
    }, []);
    return loaded ? h(loaded as ComponentType<P & object>, props as P & object) : null;
  };
}
