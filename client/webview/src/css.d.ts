// esbuild bundles the stylesheet the script imports into dist/webview/flow.css.
declare module '*.css';
