/**
 * The few DOM types the browser tests' `page.evaluate` callbacks use. The project's tsconfig has no DOM lib
 * (the action runs on Node, and adding it changes Node's types), so a file that runs code in the page
 * declares the globals it touches with these: `declare const document: PageDocument;`. Types only: a callback
 * is sent to the page as source and must use the page's own globals, never an import.
 */
export interface PageElement {
  tagName: string;
  textContent: string | null;
  innerText?: string;
  attributes: ArrayLike<{ name: string; value: string }> & Iterable<{ name: string; value: string }>;
  offsetParent: unknown;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}

export interface PageDocument extends PageElement {
  documentElement: PageElement;
  body: PageElement;
  activeElement: PageElement | null;
}

export interface PageStyle {
  outlineStyle: string;
  outlineWidth: string;
  boxShadow: string;
  backgroundColor: string;
}

export type PageWindow = Record<string, unknown>;
