// The scrolling message list: starts at the newest message and stays there while it is followed, loads older
// pages when scrolled near the top and keeps the message being read exactly in place when they arrive,
// and for long histories renders only the messages near the viewport (spacers stand in for the rest, sized
// from measured heights). Spacer heights are set through the DOM: the CSP forbids style attributes.
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { atBottom, computeWindow, heightsFor, VIRTUALIZE_FROM } from "../../lib/chat/client/window.ts";
import type { Message } from "../../lib/chat/client/types.ts";

export interface MessageListProps {
  items: Message[];
  hasMore: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  onLoadOlder(): void;
  onBottomChange?(atBottom: boolean): void;
  renderItem(message: Message, index: number): ComponentChildren;
  /** Shown above the first message once the whole history is loaded. */
  start: ComponentChildren;
  /** Bump to scroll to the newest message (e.g. after sending). */
  bottomSignal: number;
  label: string;
  /** Initial height guess before the list was measured (server render). */
  estimate?: number;
}

const LOAD_OLDER_PX = 400;

export function MessageList(props: MessageListProps) {
  const { items } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const topSpacer = useRef<HTMLDivElement>(null);
  const bottomSpacer = useRef<HTMLDivElement>(null);
  const measured = useRef(new Map<string, number>());
  const stick = useRef(true);
  const anchor = useRef<{ id: string; offset: number } | null>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 800 });
  const [, setVersion] = useState(0);
  const [newBelow, setNewBelow] = useState(false);
  const lastId = useRef(items.at(-1)?.id);
  const live = useRef(props);
  live.current = props;

  const ids = items.map((m) => m.id);
  const heights = heightsFor(ids, measured.current, props.estimate ?? 64);
  const win = computeWindow(heights, scroll.top, scroll.height);
  const virtual = items.length >= VIRTUALIZE_FROM;

  const rememberAnchor = () => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    for (const row of el.querySelectorAll<HTMLElement>("[data-row-id]")) {
      if (row.offsetTop + row.offsetHeight > top) {
        anchor.current = { id: row.dataset.rowId!, offset: row.offsetTop - top };
        return;
      }
    }
    anchor.current = null;
  };

  const maybeLoadOlder = () => {
    const el = scroller.current;
    const p = live.current;
    if (!el || !p.hasMore || p.loadingOlder || p.olderError) return;
    if (el.scrollTop < LOAD_OLDER_PX || el.scrollHeight <= el.clientHeight + 8) p.onLoadOlder();
  };

  // After every render: size the spacers, measure what is rendered, then put the scroll position back where
  // the reader was (the newest message, or the same message at the same height).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (topSpacer.current) topSpacer.current.style.height = `${win.padTop}px`;
    if (bottomSpacer.current) bottomSpacer.current.style.height = `${win.padBottom}px`;
    let changed = false;
    for (const row of el.querySelectorAll<HTMLElement>("[data-row-id]")) {
      const h = row.offsetHeight;
      const id = row.dataset.rowId!;
      if (h > 0 && measured.current.get(id) !== h) {
        measured.current.set(id, h);
        changed = true;
      }
    }
    if (stick.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const row = el.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(anchor.current.id)}"]`);
      if (row) {
        const want = row.offsetTop - anchor.current.offset;
        if (Math.abs(el.scrollTop - want) > 1) el.scrollTop = want;
      }
    }
    rememberAnchor();
    if (changed && virtual) setVersion((v) => v + 1);
  });

  // A new message at the end: follow it when at the bottom, otherwise offer a jump.
  useEffect(() => {
    const last = items.at(-1)?.id;
    if (last === lastId.current) return;
    lastId.current = last;
    if (!stick.current) setNewBelow(true);
  }, [items]);

  useEffect(() => {
    if (props.bottomSignal === 0) return;
    stick.current = true;
    setNewBelow(false);
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [props.bottomSignal]);

  // Short histories: keep loading until the viewport is filled or the beginning is reached.
  useEffect(() => maybeLoadOlder(), [items.length, props.hasMore, props.loadingOlder]);

  // The viewport or the content changed size (phone keyboard, images): stay at the bottom when following.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
      setScroll((s) => (s.height === el.clientHeight ? s : { top: el.scrollTop, height: el.clientHeight }));
    });
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = atBottom(el.scrollTop, el.clientHeight, el.scrollHeight);
    if (bottom !== stick.current) live.current.onBottomChange?.(bottom);
    stick.current = bottom;
    if (bottom) setNewBelow(false);
    rememberAnchor();
    if (virtual) {
      const next = computeWindow(heights, el.scrollTop, el.clientHeight);
      if (next.start !== win.start || next.end !== win.end) setScroll({ top: el.scrollTop, height: el.clientHeight });
    }
    maybeLoadOlder();
  };

  const jump = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = true;
    setNewBelow(false);
    el.scrollTop = el.scrollHeight;
    live.current.onBottomChange?.(true);
  };

  return (
    <div class="chat-list-wrap">
      <div
        ref={scroller}
        class="chat-list"
        role="log"
        aria-label={props.label}
        aria-live="polite"
        aria-relevant="additions"
        tabindex={0}
        onScroll={onScroll}
      >
        <div class="chat-list-inner">
          {props.hasMore
            ? (
              <div class="chat-list-older">
                {props.olderError
                  ? (
                    <p class="chat-list-error" role="alert">
                      {props.olderError}{" "}
                      <button type="button" class="chat-link-button" onClick={props.onLoadOlder}>Try again</button>
                    </p>
                  )
                  : props.loadingOlder
                  ? <p class="chat-muted" role="status">Loading older messages…</p>
                  : (
                    <button type="button" class="chat-link-button" onClick={props.onLoadOlder}>
                      Load older messages
                    </button>
                  )}
              </div>
            )
            : <div class="chat-list-start">{props.start}</div>}
          <div ref={topSpacer} class="chat-spacer" aria-hidden="true" />
          {items.slice(win.start, win.end).map((m, i) => props.renderItem(m, win.start + i))}
          <div ref={bottomSpacer} class="chat-spacer" aria-hidden="true" />
        </div>
      </div>
      {newBelow && (
        <button type="button" class="chat-new-below" onClick={jump}>
          New messages ↓
        </button>
      )}
    </div>
  );
}
