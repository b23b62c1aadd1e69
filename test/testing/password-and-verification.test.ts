import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { claimsOf, login, manualClock, send, signUp, type TokenPair, type WireUser } from './helpers.ts';

describe('PATCH /users/secret', () => {
  it('changes the password, replying with the user without the picture', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service, { profile_picture: 'p.png' });
    const reply = await send<WireUser>(service, 'PATCH', '/users/secret', {
      token,
      body: { old_secret: '12345678', new_secret: 'a better one' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.id).toBe(user.id);
    expect(reply.json).not.toHaveProperty('profile_picture');
    expect(reply.json.credentials).toEqual({ username: user.credentials.username });
    await expect(login(service, user.credentials.username ?? '', 'a better one')).resolves.toBeDefined();
  });

  it.each([
    [{ old_secret: '', new_secret: 'abcdefgh' }, 400, 'missing password'],
    [{ old_secret: '12345678' }, 400, 'missing password'],
    [{ old_secret: '12345678', new_secret: 'short' }, 400, 'password does not meet the requirements'],
    [{ old_secret: 'wrong-old', new_secret: 'abcdefgh' }, 401, 'invalid credentials'],
  ])('rejects %j', async (body, status, message) => {
    const service = createFakeUsersService();
    const { token } = await signUp(service);
    const reply = await send(service, 'PATCH', '/users/secret', { token, body });
    expect(reply).toMatchObject({ status, json: { message } });
  });
});

describe('password reset by mail', () => {
  it('mails a 5-minute recovery token and replies 201 with the message', async () => {
    const clock = manualClock();
    const service = createFakeUsersService({ now: clock.now, passwordResetUrl: 'https://ui.example/reset' });
    const { user } = await signUp(service, { email: 'forgot@example.com' });
    const reply = await send(service, 'POST', '/password/reset-request', {
      body: { email: 'forgot@example.com' },
    });
    const mail = service.outbox.at(-1);
    expect(reply).toMatchObject({ status: 201, json: { msg: 'Email with reset link is sent' } });
    expect(mail).toEqual({
      to: 'forgot@example.com',
      kind: 'password-reset',
      token: expect.any(String),
      link: `https://ui.example/reset?token=${mail?.token}`,
    });
    const claims = claimsOf(mail?.token ?? '');
    expect(claims).toMatchObject({ sub: user.id, type: 2 });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
  });

  it('resets the password with the recovery token as bearer and replies 201 {}', async () => {
    const service = createFakeUsersService();
    const { user } = await signUp(service, { email: 'reset@example.com' });
    await send(service, 'POST', '/password/reset-request', { body: { email: 'reset@example.com' } });
    const reply = await send(service, 'PUT', '/password/reset', {
      token: service.outbox.at(-1)?.token ?? '',
      body: { password: 'brand new pw', confirm_password: 'brand new pw', token: 'ignored' },
    });
    expect(reply.status).toBe(201);
    expect(reply.text).toBe('{}\n');
    await expect(login(service, user.credentials.username ?? '', 'brand new pw')).resolves.toBeDefined();
  });

  it('answers 404 for an unknown email and 400 for an empty one', async () => {
    const service = createFakeUsersService();
    const unknown = await send(service, 'POST', '/password/reset-request', {
      body: { email: 'who@example.com' },
    });
    const empty = await send(service, 'POST', '/password/reset-request', { body: { email: '' } });
    expect(unknown).toMatchObject({ status: 404, json: { message: 'entity not found' } });
    expect(empty).toMatchObject({ status: 400, json: { message: 'missing email' } });
    expect(service.outbox).toEqual([]);
  });

  it.each([
    [{ confirm_password: 'abcdefgh' }, 'missing password'],
    [{ password: 'abcdefgh' }, 'missing conf password'],
    [{ password: 'abcdefgh', confirm_password: 'abcdefgX' }, 'invalid reset password'],
    [{ password: 'short', confirm_password: 'short' }, 'password does not meet the requirements'],
  ])('rejects %j with 400', async (body, message) => {
    const service = createFakeUsersService();
    await send(service, 'POST', '/password/reset-request', { body: { email: 'admin@example.com' } });
    const reply = await send(service, 'PUT', '/password/reset', {
      token: service.outbox[0]?.token ?? '',
      body,
    });
    expect(reply).toMatchObject({ status: 400, json: { message } });
  });

  it('refuses the recovery token after five minutes', async () => {
    const clock = manualClock();
    const service = createFakeUsersService({ now: clock.now });
    await send(service, 'POST', '/password/reset-request', { body: { email: 'admin@example.com' } });
    clock.advance(5 * 60 * 1000);
    const reply = await send(service, 'PUT', '/password/reset', {
      token: service.outbox[0]?.token ?? '',
      body: { password: 'abcdefgh', confirm_password: 'abcdefgh' },
    });
    expect(reply).toMatchObject({
      status: 401,
      json: { message: 'failed to perform authentication over the entity' },
    });
  });
});

describe('email verification', () => {
  it('mails a link, verifies once with 200 and no body, then answers 500 with an empty body', async () => {
    const service = createFakeUsersService({ verificationUrl: 'https://ui.example/verify' });
    const { user, token, tokens } = await signUp(service);
    const sent = await send(service, 'POST', '/users/send-verification', { token });
    const mail = service.outbox.at(-1);
    const first = await send(service, 'GET', `/verify-email?token=${mail?.token}`);
    const second = await send(service, 'GET', `/verify-email?token=${mail?.token}`);
    expect(sent.status).toBe(200);
    expect(sent.text).toBe('');
    expect(mail).toMatchObject({
      to: user.email,
      kind: 'verification',
      link: `https://ui.example/verify?token=${mail?.token}`,
    });
    expect(first.status).toBe(200);
    expect(first.text).toBe('');
    expect(second.status).toBe(500);
    expect(second.text).toBe('');
    const profile = await send<WireUser>(service, 'GET', '/users/profile', { token });
    expect(profile.json.verified_at).not.toBe('0001-01-01T00:00:00Z');
    const refreshed = await send<TokenPair>(service, 'POST', '/users/tokens/refresh', {
      token: tokens.refresh_token,
      contentType: 'application/json',
    });
    expect(claimsOf(refreshed.json.access_token).verified).toBe(true);
  });

  it('answers 422 user already verified to a verified user asking for a link', async () => {
    const service = createFakeUsersService();
    const token = (await login(service, 'admin')).access_token;
    const reply = await send(service, 'POST', '/users/send-verification', { token });
    expect(reply).toMatchObject({ status: 422, json: { message: 'user already verified' } });
  });

  it('answers 400 for an empty token and 422 for a garbled or superseded one', async () => {
    const service = createFakeUsersService();
    const { token } = await signUp(service);
    await send(service, 'POST', '/users/send-verification', { token });
    await send(service, 'POST', '/users/send-verification', { token });
    const [older] = service.outbox;
    const empty = await send(service, 'GET', '/verify-email?token=');
    const garbled = await send(service, 'GET', '/verify-email?token=garbage');
    const superseded = await send(service, 'GET', `/verify-email?token=${older?.token}`);
    expect(empty).toMatchObject({ status: 400, json: { message: 'invalid verification' } });
    expect(garbled).toMatchObject({ status: 422, json: { message: 'invalid verification' } });
    expect(superseded).toMatchObject({ status: 422, json: { message: 'invalid verification' } });
  });

  it('answers 500 for a link older than 24 hours', async () => {
    const clock = manualClock();
    const service = createFakeUsersService({ now: clock.now });
    const { token } = await signUp(service);
    await send(service, 'POST', '/users/send-verification', { token });
    clock.advance(24 * 60 * 60 * 1000 + 1);
    const reply = await send(service, 'GET', `/verify-email?token=${service.outbox[0]?.token}`);
    expect(reply.status).toBe(500);
    expect(reply.text).toBe('');
  });

  it('answers 422 for a link to an address the user no longer has', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    await send(service, 'POST', '/users/send-verification', { token });
    await send(service, 'PATCH', `/users/${user.id}/email`, { token, body: { email: 'moved@example.com' } });
    const reply = await send(service, 'GET', `/verify-email?token=${service.outbox[0]?.token}`);
    expect(reply).toMatchObject({ status: 422, json: { message: 'invalid verification' } });
  });
});
