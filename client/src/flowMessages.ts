/**
 * What the flow view's webview and the extension say to each other (postMessage). The webview script
 * (client/webview) imports only the types; flowView.ts and the tests also the test command's id.
 */
import type { InstallerFlowResult, ProtocolRange } from '#protocol';

/** Test support (not in the command palette): the flow view's rendered DOM, read from the webview. */
export const DESCRIBE_FLOW_VIEW_COMMAND = 'finishInstall.test.describeFlowView';
/** Test support: click a box of the flow view (argument: its step id). */
export const CLICK_FLOW_VIEW_COMMAND = 'finishInstall.test.clickFlowView';

/** Extension -> webview. */
export type FlowViewMessage =
  | { type: 'flow'; flow: InstallerFlowResult; requestId: number }
  /** Test support: reply with what the page shows. */
  | { type: 'describe'; requestId: number }
  /** Test support: click the box with this step id, as a user would. */
  | { type: 'click'; stepId: string };

/** Webview -> extension. */
export type FlowViewReply =
  | { type: 'ready' }
  | { type: 'painted'; renderMs: number; requestId: number }
  | { type: 'reveal'; range: ProtocolRange }
  | { type: 'dom'; requestId: number; dom: FlowViewDom };

/** The rendered diagram as read from the webview's DOM. */
export interface FlowViewDom {
  heading: string;
  steps: Array<{ id: string; classes: string[]; text: string }>;
  edges: Array<{ from: string; to: string; classes: string[] }>;
}
