// How the browser tests start Debian's Chromium: headless, with no network of its own (no updates,
// sync or QUIC), in a fresh profile each time.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
