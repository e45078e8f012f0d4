// The polling helper itself: it answers the probe's first ready value, and a wait that never comes
// fails with what it waited for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from './eventually.js';

test('waitFor - resolves to the first answer that is not false, undefined or null', async () => {
  const answers = [false, undefined, null, 0];
  assert.equal(await waitFor(() => answers.shift(), { intervalMs: 1 }), 0);
  assert.equal(answers.length, 0, 'probed until the ready answer');
});

test('waitFor - a timeout fails with the message, built only then when it is a function', async () => {
  let built = 0;
  const message = () => `the moon (${++built} built)`;
  await assert.rejects(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, message }), { message: 'timed out after 30 ms waiting for the moon (1 built)' });
  assert.equal(built, 1);
});

test('waitFor - an error thrown by the probe ends the wait with it', async () => {
  await assert.rejects(waitFor(() => { throw new Error('exited early'); }), { message: 'exited early' });
});
