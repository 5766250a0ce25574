/**
 * The README quickstart: sign up, log in, follow, user info, on in-memory storage.
 * Run it with `npx tsx examples/quickstart.ts`.
 */
import { createAccounts } from 'accountkit';
import { createMemoryStorage } from 'accountkit/storage/memory';

const accounts = await createAccounts({
  storage: createMemoryStorage(),
  // HS256 needs 32 bytes or more; in production read it from the environment.
  tokens: { keys: 'quickstart-only-signing-key-0123456789abcdef' },
});

const alice = await accounts.register({
  username: 'alice',
  email: 'alice@example.com',
  password: 'correct horse battery staple',
});
const bob = await accounts.register({ username: 'bob', password: 'another long passphrase' });
console.log(
  `signed up ${alice.user.username} (id ${alice.user.id}) and ${bob.user.username} (id ${bob.user.id})`,
);

const { access } = await accounts.login({
  username: 'alice',
  password: 'correct horse battery staple',
});
const session = await accounts.authenticate(access);
console.log(`logged in as ${session.username}`);

await accounts.follow({ userId: session.userId, targetId: bob.user.id });
const seen = await accounts.getUserDetail({ viewerId: session.userId, id: bob.user.id });
console.log(
  `${seen.username}: ${seen.followers} follower(s), following ${seen.following}, is_following ${seen.is_following}`,
);

const me = await accounts.getMe({ userId: session.userId });
console.log(`${me.username}: following ${me.following}, email ${me.email}`);
