import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server HTML and while React hydrates, true once the component's handlers are
 * attached. An island marks itself `data-hydrating` until then, so a click or a keystroke
 * that would be lost before hydration can wait for it (the browser suite does).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

export function hydrationMarker(hydrated: boolean): { "data-hydrating"?: "true" } {
  return hydrated ? {} : { "data-hydrating": "true" };
}
