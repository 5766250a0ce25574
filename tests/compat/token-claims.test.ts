import { describe, expect, it } from 'vitest';
import {
  buildCustomClaims,
  buildUserClaims,
  SIMPLEJWT_CLAIM_ORDER,
} from '../../src/core/token-claims.js';
import vectors from '../fixtures/jwt.json' with { type: 'json' };

const users = new Map(
  vectors.fixture.users.flatMap((user) =>
    'id' in user
      ? [[user.id, { id: user.id, username: user.username, profilePic: user.profile_pic ?? null }]]
      : [],
  ),
);

function fixtureUser(id: number) {
  const user = users.get(id);
  if (user === undefined) throw new Error(`no fixture user ${id}`);
  return user;
}

const issuedTokens = vectors.issued.flatMap((issued) =>
  (['access', 'refresh'] as const).map((type) => ({
    name: `${issued.flavour}, user ${issued.user_id}, ${type}`,
    usernameClaim: issued.flavour.includes('user_name') ? 'user_name' : 'username',
    userId: issued.user_id,
    token: issued[type],
  })),
);

describe('claims match the tokens SimpleJWT issued', () => {
  it.each(issuedTokens)('$name: user claims equal the payload tail, in order', (c) => {
    const claims = buildUserClaims(fixtureUser(c.userId), { usernameClaim: c.usernameClaim });
    const tail = Object.fromEntries(
      Object.entries(c.token.claims).slice(SIMPLEJWT_CLAIM_ORDER.length - 1),
    );
    expect(JSON.stringify(claims)).toBe(JSON.stringify(tail));
  });

  it.each(issuedTokens)('$name: registered claims come first, in SimpleJWT order', (c) => {
    const customNames = Object.keys(buildCustomClaims(fixtureUser(c.userId), c));
    expect([...SIMPLEJWT_CLAIM_ORDER, ...customNames]).toEqual(c.token.claim_order);
  });

  it('uses the claim names of the SimpleJWT settings', () => {
    expect([SIMPLEJWT_CLAIM_ORDER[0], SIMPLEJWT_CLAIM_ORDER[3], SIMPLEJWT_CLAIM_ORDER[4]]).toEqual([
      vectors.settings.token_type_claim,
      vectors.settings.jti_claim,
      vectors.settings.user_id_claim,
    ]);
  });
});
