// The two questions the dashboard asks, as native modal <dialog>s: the browser keeps the focus inside them, makes
// the page behind inert, and closes them on Escape (a cancel). Each resolves a promise when it closes.
import {byId, setText} from './dom.js';

function ask(dialog, focus) {
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
    dialog.showModal();
    focus.focus();
  });
}

for (const id of ['confirm', 'token']) {
  byId(`${id}-cancel`).addEventListener('click', () => byId(`${id}-dialog`).close('cancel'));
}

/**
 * "Are you sure?" for a change. With {reason: true} it also asks for a reason (a rejection's); with {strategy: the
 * app's release}, how to release (the app's strategy preselected, all at once, or a spec typed in).
 * Resolves to {ok, reason, strategy}: strategy null for the app's own.
 */
export async function confirmChange({title, text, action, reason = false, strategy = null}) {
  setText('confirm-title', title);
  setText('confirm-text', text);
  setText('confirm-ok', action);
  byId('reason-label').hidden = !reason;
  byId('reason').value = '';
  byId('strategy-choice').hidden = !strategy;
  if (strategy) {
    setText('strategy-app-label', `The app's: ${strategy.description} (${strategy.strategy})`);
    byId('strategy-app').checked = true;
    byId('strategy-spec').value = '';
  }
  // the safe answer has the focus: an Enter pressed out of habit does not flip production
  const ok = await ask(byId('confirm-dialog'), reason ? byId('reason') : byId('confirm-cancel'));
  return {ok, reason: byId('reason').value.trim(), strategy: strategy ? chosenStrategy() : null};
}

function chosenStrategy() {
  if (byId('strategy-all').checked) {
    return 'all-at-once';
  }
  return byId('strategy-other').checked ? byId('strategy-spec').value.trim() || null : null;
}

// typing a spec chooses it
byId('strategy-spec').addEventListener('input', () => {
  byId('strategy-other').checked = true;
});

/** Asks for the control token, saying why when an earlier one was refused. Resolves to {ok, token, actor}. */
export async function askToken(refusal) {
  const error = byId('token-error');
  error.hidden = !refusal;
  setText('token-error', refusal || '');
  const input = byId('token-input');
  input.value = '';
  const ok = await ask(byId('token-dialog'), input);
  const token = input.value;
  input.value = ''; // no copy of the token stays in the page
  return {ok: ok && token.trim() !== '', token, actor: byId('actor-input').value};
}
