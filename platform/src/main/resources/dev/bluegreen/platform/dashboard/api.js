// The control API, from the page's own origin. The token lives in sessionStorage only: this tab keeps it until it
// is closed, no other tab or later session sees it, and it travels only in the Authorization header of a request
// (never in a URL, a cookie or anything the server logs). Changes always need it; reads too when the control API
// listens beyond this machine.

const TOKEN_KEY = 'bluegreen.token';
const ACTOR_KEY = 'bluegreen.actor';

export function hasToken() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

export function rememberToken(token, actor) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  if (actor && actor.trim()) {
    sessionStorage.setItem(ACTOR_KEY, actor.trim());
  }
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Who the event log names: the name given with the token, else "dashboard". Header-safe characters only. */
function actor() {
  const name = sessionStorage.getItem(ACTOR_KEY) || 'dashboard';
  return name.replace(/[^\w.@-]/g, '_').slice(0, 64);
}

/** The Authorization header, when this tab was given the token. */
function authorization() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? {'Authorization': `Bearer ${token}`} : {};
}

/** A failed read: the platform is unreachable, starting, or answered an error (status 401: it needs the token). */
export class ReadError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.status = status;
  }
}

async function read(path) {
  let response;
  try {
    response = await fetch(path, {cache: 'no-store', credentials: 'omit', headers: authorization()});
  } catch (e) {
    throw new ReadError('cannot reach the platform');
  }
  return response;
}

export async function getJson(path) {
  const response = await read(path);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ReadError(body.message || `${path} answered ${response.status}`, response.status);
  }
  return body;
}

/** A text resource (a build log), or null when there is none (404). */
export async function getText(path) {
  const response = await read(path);
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new ReadError(`${path} answered ${response.status}`, response.status);
  }
  return response.text();
}

/**
 * A change, with the token. Resolves to {status, done, message}: 200 done, 409 refused with the reason, 401 the
 * token was not accepted, 400/404 a mistake; status 0 when the platform could not be reached.
 */
export async function post(path, body = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      cache: 'no-store',
      credentials: 'omit',
      headers: {
        'Authorization': `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ''}`, // sent even when empty: a 401 says why
        'Content-Type': 'application/json',
        'X-Bluegreen-Actor': actor(),
      },
      body: JSON.stringify(body),
    });
  } catch (e) {
    return {status: 0, done: false, message: 'cannot reach the platform'};
  }
  const answer = await response.json().catch(() => ({}));
  return {
    status: response.status,
    done: response.ok && answer.done !== false,
    message: answer.message || `the platform answered ${response.status}`,
  };
}
