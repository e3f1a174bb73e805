import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

// jsdom has no layout: give elements a size so virtualized lists render their rows
// (TanStack Virtual reads the scroll element's clientWidth/clientHeight).
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 4000 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
if (typeof Element.prototype.scrollTo !== "function") {
  Element.prototype.scrollTo = function scrollTo() {};
}

afterEach(() => {
  cleanup();
});
