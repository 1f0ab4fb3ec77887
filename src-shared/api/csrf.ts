// Names shared by browser mode's guard (src-main/serve/guard.ts) and the renderer's API client.
/** Header every API call carries with the page's token. */
export const CSRF_HEADER = 'x-tomoni-csrf';
/** The event stream's query parameter for the same token (EventSource cannot send headers). */
export const CSRF_QUERY = 'csrf';
/** The meta tag the server writes into the app shell. */
export const CSRF_META = 'tomoni-csrf';
