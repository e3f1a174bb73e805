import { checkPrerequisites } from "./bridge.ts";

/** Fails the run at once, with a clear message, when the bridge binary or the built UI is missing. */
export default function globalSetup(): void {
  checkPrerequisites();
}
