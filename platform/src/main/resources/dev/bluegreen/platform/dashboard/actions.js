// The changes a person makes from the dashboard: flip, rollback, approve, reject. Each one asks for the token
// (once per tab), then for confirmation, then shows what the platform answered: done, refused and why (409), or
// that the token was not accepted (401, and the token is asked for again).
import {forgetToken, hasToken, post, rememberToken} from './api.js';
import {askToken, confirmChange} from './dialogs.js';
import {byId, setText} from './dom.js';
import {liveSides} from './overview.js';

let refresh = () => {};
let status = null;

/** Wires the buttons; {@code onChange} re-reads the platform after every change. */
export function setUpActions(onChange) {
  refresh = onChange;
  byId('flip').addEventListener('click', flip);
  byId('rollback').addEventListener('click', rollback);
  byId('forget-token').addEventListener('click', () => {
    forgetToken();
    byId('forget-token').hidden = true;
    say('The token is forgotten: the next change asks for it again.', 'ok');
  });
  byId('forget-token').hidden = !hasToken();
}

/** Keeps the buttons' hints true to the latest status. */
export function showActions(latest) {
  status = latest;
  const {prod, test} = liveSides(latest);
  if (prod && test) {
    setText('flip-hint', test.healthy === 0
        ? `${test.name} has no healthy target: a flip would be refused.`
        : `Production would move to ${test.name} (${test.version}); ${prod.name} (${prod.version}) stays on test.`);
  }
  const rollback = latest.rollback || {};
  byId('rollback').disabled = !rollback.possible;
  setText('rollback-hint', rollback.possible
      ? `Production would go back to ${rollback.to}.`
      : 'Nothing to roll back to: no earlier flip, or that side has no healthy target.');
}

async function flip() {
  const {prod, test} = liveSides(status);
  await change('Flip', '/api/flip', {}, {
    title: 'Flip production?',
    text: prod && test
        ? `Production will serve ${test.name} (${test.version}) instead of ${prod.name} (${prod.version}). `
          + `The test listener will serve ${prod.name}.`
        : 'Production and test will swap sides.',
    action: 'Flip',
  });
}

async function rollback() {
  const to = status && status.rollback && status.rollback.to;
  await change('Rollback', '/api/rollback', {}, {
    title: 'Roll back production?',
    text: `Production will go back to ${to || 'the side it was on before the last flip'}.`,
    action: 'Roll back',
  });
}

/**
 * Approves an execution waiting for review; the approval names the exact build under review, and how to release it
 * when it is not the app's strategy (the platform checks the spec and says what one looks like).
 */
export async function approve(execution) {
  const app = execution.release || {strategy: 'all-at-once', description: 'all at once'};
  const body = (answers) => (answers.strategy ? {tag: execution.tag, strategy: answers.strategy} : {tag: execution.tag});
  await change('Approve', `/api/executions/${execution.id}/approve`, body, {
    title: `Approve build ${execution.tag}?`,
    text: `${commitLine(execution)} It will go to production as chosen below, then be watched while it bakes.`,
    action: 'Approve',
    strategy: app,
  });
}

export async function reject(execution) {
  await change('Reject', `/api/executions/${execution.id}/reject`, (answers) => ({reason: answers.reason}), {
    title: `Reject build ${execution.tag}?`,
    text: `${commitLine(execution)} Production stays as it is.`,
    action: 'Reject',
    reason: true,
  });
}

function commitLine(execution) {
  const commit = execution.commit || {};
  const subject = (commit.message || '').split('\n')[0];
  return `Commit ${(commit.id || '').slice(0, 7)} by ${commit.author || '?'}: “${subject}”.`;
}

async function change(label, path, body, question) {
  if (!hasToken() && !await obtainToken(null)) {
    return;
  }
  const answers = await confirmChange(question);
  if (!answers.ok) {
    return;
  }
  const payload = typeof body === 'function' ? body(answers) : body;
  say(`${label}…`, 'pending');
  let answer = await post(path, payload);
  while (answer.status === 401) {
    forgetToken();
    byId('forget-token').hidden = true;
    say(`${label} not done: ${answer.message}`, 'refused');
    if (!await obtainToken(`That token was not accepted: ${answer.message}`)) {
      return;
    }
    answer = await post(path, payload);
  }
  if (answer.done) {
    say(`${label} done: ${answer.message}`, 'ok');
  } else {
    say(`${label} ${answer.status === 409 ? 'refused' : 'failed'}: ${answer.message}`, 'refused');
  }
  refresh();
}

/**
 * Asks for the token because the platform would not be read without it (a control API that listens beyond this
 * machine). Resolves to whether one was given.
 */
export function tokenToRead(reason) {
  forgetToken();
  byId('forget-token').hidden = true;
  return obtainToken(reason);
}

async function obtainToken(refusal) {
  const given = await askToken(refusal);
  if (!given.ok) {
    return false;
  }
  rememberToken(given.token, given.actor);
  byId('forget-token').hidden = false;
  return true;
}

function say(text, kind) {
  const message = byId('action-message');
  message.className = `message ${kind}`;
  message.textContent = text;
}
