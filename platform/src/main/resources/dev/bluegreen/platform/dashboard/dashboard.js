// The dashboard: reads the platform every second (status, pipeline, traffic) and shows it; the changes live in
// actions.js. Polling rather than server-sent events: three small local requests a second cost nothing, and a
// platform restart needs no reconnection logic.
import {setUpActions, showActions, tokenToRead} from './actions.js';
import {getJson, hasToken} from './api.js';
import {showCharts} from './charts.js';
import {byId, clockTime, setText} from './dom.js';
import {showOverview, trafficChanges} from './overview.js';
import {showExecutions} from './pipeline.js';

const POLL_MS = 1000;
const EXECUTIONS_SHOWN = 10;

let timer = null;
let latest = 0;
let asking = false;

async function refresh() {
  clearTimeout(timer);
  // a refresh after a change may overtake the one the timer started: only the latest one shows and schedules
  const mine = ++latest;
  try {
    const [status, executions, traffic] = await Promise.all([
      getJson('/api/status'),
      getJson(`/api/executions?limit=${EXECUTIONS_SHOWN}`),
      getJson('/api/traffic'),
    ]);
    if (mine !== latest) {
      return;
    }
    showOverview(status);
    showActions(status);
    showExecutions(executions);
    showCharts(traffic, trafficChanges(status));
    connection('live', 'live');
    setText('updated', `· updated ${clockTime(new Date().toISOString())}`);
  } catch (e) {
    if (mine !== latest) {
      return;
    }
    if (e.status === 401) {
      await unlock(e.message);
      return;
    }
    connection(`${e.message}; retrying`, 'lost');
  }
  // a hidden tab is not watched: it catches up as soon as it is shown again
  timer = setTimeout(refresh, document.hidden ? 5 * POLL_MS : POLL_MS);
}

/**
 * The platform is not read without the token (its control API listens beyond this machine): ask for it, once at a
 * time, then read again; without one, the page stops reading until it is reloaded.
 */
async function unlock(reason) {
  if (asking) {
    return;
  }
  asking = true;
  connection('the platform needs the token to be read', 'lost');
  const given = await tokenToRead(hasToken() ? `That token was not accepted: ${reason}` : reason);
  asking = false;
  if (given) {
    refresh();
  } else {
    connection('not shown without the token (reload the page to give it)', 'lost');
  }
}

/** A status region: a screen reader announces it, so it changes only when the connection does, not every tick. */
function connection(text, state) {
  setText('connection', text);
  byId('connection').dataset.state = state;
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    refresh();
  }
});
setUpActions(refresh);
refresh();
