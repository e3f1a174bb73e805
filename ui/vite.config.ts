import { defineConfig, type Plugin } from "vitest/config";
import react from "@vitejs/plugin-react";

/**
 * Strict Content-Security-Policy for the production bundle. Only added at build
 * time: the dev server needs an inline preamble for React Fast Refresh.
 * `ipc:` / `http://ipc.localhost` are Tauri's IPC transports; `ws:`/`wss:` the
 * dev bridge's event socket (same origin).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // An email's HTML is shown in an `<iframe srcdoc>`, which inherits this policy: its
  // inline styles need 'unsafe-inline' (scripts stay 'self' only; the frame has none).
  // The bridge's and the desktop window's policies already allow it.
  "style-src 'self' 'unsafe-inline'",
  // Attachments: same origin on the bridge (/media/<id>), the shell's
  // bandeja-media scheme in the window (WebView2 spells it http://bandeja-media.localhost).
  // https: for an email's remote images, which its frame (inheriting this policy) shows
  // only after "Load images"; the frame's own policy leaves them out until then.
  "img-src 'self' data: blob: bandeja-media: http://bandeja-media.localhost https:",
  "media-src 'self' blob: bandeja-media: http://bandeja-media.localhost",
  "font-src 'self'",
  "connect-src 'self' ws: wss: ipc: http://ipc.localhost",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function cspMeta(): Plugin {
  return {
    name: "bandeja-csp",
    apply: "build",
    transformIndexHtml(html) {
      return html.replace(
        "<!-- CSP -->",
        `<meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), cspMeta()],
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
