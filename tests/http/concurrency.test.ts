import { expect, it } from 'vitest';
import { PASSWORD } from '../services/setup.js';
import { call, signUp, uniqueName } from './support/client.js';
import { describeExamples } from './support/servers.js';

describeExamples('concurrent requests', (context) => {
  it('G-01 20 parallel sign-ups of case variants: exactly one 201, the rest 409, no 5xx', async () => {
    const { origin } = context();
    const base = uniqueName('race');
    const variants = [base, base.toUpperCase(), `${base[0]!.toUpperCase()}${base.slice(1)}`];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(origin, 'POST', 'signup/', {
          json: { username: variants[index % variants.length], password: PASSWORD },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
  });

  it('G-03 20 parallel PUT <id>/follow/ by one user: one edge, counts of exactly one', async () => {
    const { origin } = context();
    const a = await signUp(origin);
    const b = await signUp(origin);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(origin, 'PUT', `${b.id}/follow/`, { token: a.access })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((answer) => answer.body.changed)).toHaveLength(1);
    const detail = await call(origin, 'GET', `${b.id}/info/`, { token: a.access });
    expect(detail.body).toMatchObject({ followers: 1, is_following: true });
    expect((await call(origin, 'GET', 'info/', { token: a.access })).body.following).toBe(1);
  });
});
