import type { ReactNode } from "react";
import { useWorkspace } from "../backend/queries";
import { NowProvider } from "./now";

/** The app's clock: the browser's, moved to agree with the core's (`WorkspaceDto.now`). */
export function CoreNow({ children }: { children: ReactNode }) {
  const workspace = useWorkspace();
  const coreNow = workspace.data === undefined ? Number.NaN : Date.parse(workspace.data.now);
  // the core's time when the answer arrived, minus the browser's at that moment
  const skewMs = Number.isNaN(coreNow) ? 0 : Math.round((coreNow - workspace.dataUpdatedAt) / 1000) * 1000;
  return <NowProvider skewMs={Math.abs(skewMs) < 2_000 ? 0 : skewMs}>{children}</NowProvider>;
}
