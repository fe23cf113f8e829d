// The tenant API key lives in sessionStorage only: it is gone when the tab closes, it is never put
// in a URL (URLs end up in histories and server logs) and never written to the console.
const STORAGE_NAME = 'irtc.dashboard.apiKey';

export const keyStore = {
  get: () => sessionStorage.getItem(STORAGE_NAME),
  set: (key) => sessionStorage.setItem(STORAGE_NAME, key),
  clear: () => sessionStorage.removeItem(STORAGE_NAME),
};
