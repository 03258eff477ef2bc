import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLEAR_SECRET, formatChatIds, parseChatIds, SETTING_FORMS, toSettingBody } from './definitions.ts';

const smtp = SETTING_FORMS.find((f) => f.id === 'smtp')!;
const telegram = SETTING_FORMS.find((f) => f.id === 'telegram')!;

describe('toSettingBody', () => {
  it('sends a newly typed secret, keeps an untouched one (null) and clears on request ("")', () => {
    const value = { host: 'mail.example.org', port: 587 };
    assert.deepEqual(toSettingBody(smtp, { value, secrets: { password: 's3cret' } }), {
      value,
      secrets: { password: 's3cret' },
    });
    assert.deepEqual(toSettingBody(smtp, { value, secrets: { password: { set: true } } }).secrets, { password: null });
    assert.deepEqual(toSettingBody(smtp, { value, secrets: { password: '' } }).secrets, { password: null });
    assert.deepEqual(toSettingBody(smtp, { value, secrets: {} }).secrets, { password: null });
    assert.deepEqual(toSettingBody(smtp, { value, secrets: { password: CLEAR_SECRET } }).secrets, { password: '' });
  });

  it('keeps value fields the form does not show and turns chat ids into numbers', () => {
    const body = toSettingBody(telegram, {
      value: { bot_username: 'chronos_bot', allowed_chat_ids: '12, -100345' },
      secrets: { bot_token: '123:abc' },
    });
    assert.deepEqual(body.value, { bot_username: 'chronos_bot', allowed_chat_ids: [12, -100345] });
    assert.deepEqual(body.secrets, { bot_token: '123:abc', webhook_secret: null });
  });
});

describe('chat ids', () => {
  it('parses comma or space separated ids and refuses anything else', () => {
    assert.deepEqual(parseChatIds('1, 2 -3'), [1, 2, -3]);
    assert.deepEqual(parseChatIds(''), []);
    assert.equal(parseChatIds('1, x'), undefined);
    assert.equal(formatChatIds([1, -2]), '1, -2');
    assert.equal(formatChatIds('1,'), '1,');
    assert.equal(formatChatIds(null), '');
  });
});
