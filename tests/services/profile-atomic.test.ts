import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { StorageError } from '../../src/errors/errors.js';
import type { MediaStorage } from '../../src/media/media-storage.js';
import { describeEachBackend, interceptStorage, PASSWORD } from './setup.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const NOT_AN_IMAGE = new TextEncoder().encode('%PDF-1.7 not an image');
const NEW_PASSWORD = 'a brand new passphrase';
const RANDOM_NAME = '[0-9a-f]{32}';

/** A media storage that records every put and refuses the `failOn`-th one (`null`: none). */
function watchedMedia(
  media: MediaStorage,
  failOn: number | null,
): MediaStorage & { puts: string[] } {
  const puts: string[] = [];
  return {
    puts,
    async put(path, bytes) {
      puts.push(path);
      if (puts.length === failOn) throw new StorageError('STORAGE_UNAVAILABLE', 'Injected fault.');
      await media.put(path, bytes);
    },
    delete: (path) => media.delete(path),
  };
}

describeEachBackend('atomic profile update', 'profile_atomic', (fixture) => {
  /** Alice with a profile picture and a cover, and a second session. */
  async function alice() {
    const { accounts, storage } = fixture();
    const { user, tokens: s1 } = await accounts.register({
      username: 'alice',
      email: 'alice@example.test',
      password: PASSWORD,
    });
    await accounts.setProfileImage({ userId: user.id, filename: 'p.png', bytes: PNG });
    await accounts.setCoverImage({ userId: user.id, filename: 'c.jpg', bytes: JPEG });
    const s2 = await accounts.login({ username: 'alice', password: PASSWORD });
    const record = (await storage.users.findById(user.id))!;
    return { id: user.id, s1, s2, profile: record.profilePic!, cover: record.coverImage! };
  }

  it('email and a file that is not an image: VALIDATION_FAILED at profile_pic, nothing written', async () => {
    const { accounts, harness, media } = fixture();
    const { user } = await accounts.register({
      username: 'alice',
      email: 'alice@example.test',
      password: PASSWORD,
    });
    const before = await harness.dump();
    await expect(
      accounts.updateProfile({
        userId: user.id,
        changes: { email: 'new@example.test' },
        images: { profile: { filename: 'me.png', bytes: NOT_AN_IMAGE } },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [
        { path: ['profile_pic'], code: 'INVALID_IMAGE_CONTENT', message: expect.any(String) },
      ],
    });
    expect(await harness.dump()).toEqual(before);
    expect(before.users[0]).toMatchObject({ email: 'alice@example.test' });
    expect(media.list()).toEqual([]);
  });

  it('every issue of every part comes in one ValidationError', async () => {
    const { accounts, harness, media, build } = fixture();
    const { id, profile, cover } = await alice();
    const before = await harness.dump();
    const small = await build({ media: { storage: media, maxBytes: 12 } });
    const error = await small
      .updateProfile({
        userId: id,
        changes: { email: 'not an address', is_active: false } as never,
        images: {
          profile: { filename: 'me.svg', bytes: JPEG },
          cover: { filename: 'big.png', bytes: PNG },
        },
      })
      .catch((caught: unknown) => caught);
    expect((error as { issues: unknown[] }).issues).toEqual([
      { path: ['email'], code: 'EMAIL_INVALID', message: expect.any(String) },
      { path: ['is_active'], code: 'READ_ONLY_FIELD', message: expect.any(String) },
      { path: ['profile_pic'], code: 'INVALID_IMAGE_EXTENSION', message: expect.any(String) },
      { path: ['cover_image'], code: 'IMAGE_TOO_LARGE', message: expect.any(String) },
    ]);
    const policy = await accounts
      .updateProfile({
        userId: id,
        changes: { password: 'Kx9#qz', current_password: PASSWORD },
        images: { cover: { filename: 'c.gif', bytes: PNG } },
      })
      .catch((caught: unknown) => caught);
    expect((policy as { issues: { path: string[]; code: string }[] }).issues).toEqual([
      { path: ['password'], code: 'PASSWORD_TOO_SHORT', message: expect.any(String) },
      { path: ['cover_image'], code: 'INVALID_IMAGE_CONTENT', message: expect.any(String) },
    ]);
    expect(await harness.dump()).toEqual(before);
    expect(media.list()).toEqual([cover, profile].sort());
  });

  it('a password change with a bad image changes nothing; old tokens keep working', async () => {
    const { accounts, harness, media, hasher } = fixture();
    const { id, s1, s2, profile, cover } = await alice();
    const before = await harness.dump();
    const hashes = hasher.calls.hash;
    await expect(
      accounts.updateProfile({
        userId: id,
        changes: { password: NEW_PASSWORD, current_password: PASSWORD },
        images: { profile: { filename: 'me.jpg', bytes: PNG } },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['profile_pic'], code: 'INVALID_IMAGE_CONTENT' }],
    });
    expect(hasher.calls.hash).toBe(hashes);
    expect(await harness.dump()).toEqual(before);
    expect(media.list()).toEqual([cover, profile].sort());
    expect(await accounts.authenticate(s1.access)).toMatchObject({ userId: id });
    expect(await accounts.authenticate(s2.access)).toMatchObject({ userId: id });
    await expect(accounts.refresh({ refresh: s1.refresh })).resolves.toBeDefined();
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).resolves.toBeDefined();
  });

  it('email and a new image are applied by one transaction; the old file is removed after it', async () => {
    const { storage, media, build } = fixture();
    const { id, profile, cover } = await alice();
    const transactions: string[] = [];
    const counted = await build({
      storage: interceptStorage(storage, {
        onCall: (group) => (group === 'transaction' ? transactions.push(group) : undefined),
      }),
    });
    const result = await counted.updateProfile({
      userId: id,
      changes: { email: 'new@example.test' },
      images: { profile: { filename: 'new.JPG', bytes: JPEG } },
    });
    const record = (await storage.users.findById(id))!;
    expect(transactions).toEqual(['transaction']);
    expect(record.email).toBe('new@example.test');
    expect(record.profilePic).toMatch(
      new RegExp(`^images/profile/alice_${id}/${RANDOM_NAME}\\.jpg$`),
    );
    expect(record.coverImage).toBe(cover);
    expect(result).toEqual({
      user: expect.objectContaining({
        email: 'new@example.test',
        profile_pic: `/media/${record.profilePic}`,
        cover_image: `/media/${cover}`,
      }),
      tokens: null,
    });
    expect(media.list()).toEqual([cover, record.profilePic].sort());
    expect(await media.read(record.profilePic!)).toEqual(JPEG);
    expect(await media.read(profile)).toBe(null);
  });

  it('clears one image and uploads the other in the same call', async () => {
    const { accounts, storage, media } = fixture();
    const { id, profile, cover } = await alice();
    const result = await accounts.updateProfile({
      userId: id,
      images: { profile: null, cover: { filename: 'beach.png', bytes: PNG } },
    });
    const record = (await storage.users.findById(id))!;
    expect(record.profilePic).toBe(null);
    expect(record.coverImage).toMatch(
      new RegExp(`^images/cover/alice_${id}/${RANDOM_NAME}\\.png$`),
    );
    expect(record.coverImage).not.toBe(cover);
    expect(result.user.profile_pic).toBe(null);
    expect(result.user.cover_image).toBe(`/media/${record.coverImage}`);
    expect(result.tokens).toBe(null);
    expect(media.list()).toEqual([record.coverImage]);
    expect(await media.read(profile)).toBe(null);
  });

  it('a rename with an upload stores the file in the new folder and returns a fresh pair', async () => {
    const { accounts, storage, media } = fixture();
    const { id, cover } = await alice();
    const { user, tokens } = await accounts.updateProfile({
      userId: id,
      changes: { username: 'Alicia' },
      images: { profile: { filename: 'a.gif', bytes: new TextEncoder().encode('GIF89a..') } },
    });
    const record = (await storage.users.findById(id))!;
    expect(record.profilePic).toMatch(
      new RegExp(`^images/profile/Alicia_${id}/${RANDOM_NAME}\\.gif$`),
    );
    expect(user.username).toBe('Alicia');
    expect(decodeJwt(tokens!.access)).toMatchObject({
      username: 'Alicia',
      profile_pic: `/media/${record.profilePic}`,
    });
    expect(media.list()).toEqual([cover, record.profilePic].sort());
  });

  it('a media failure on the second file: the database is unchanged and the first new file removed', async () => {
    const { harness, media, build } = fixture();
    const { id, profile, cover } = await alice();
    const before = await harness.dump();
    const flaky = watchedMedia(media, 2);
    const accounts = await build({ media: { storage: flaky } });
    await expect(
      accounts.updateProfile({
        userId: id,
        changes: { email: 'new@example.test' },
        images: {
          profile: { filename: 'p2.png', bytes: PNG },
          cover: { filename: 'c2.png', bytes: PNG },
        },
      }),
    ).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_UNAVAILABLE' });
    expect(flaky.puts).toEqual([
      expect.stringMatching(new RegExp(`^images/profile/alice_${id}/${RANDOM_NAME}\\.png$`)),
      expect.stringMatching(new RegExp(`^images/cover/alice_${id}/${RANDOM_NAME}\\.png$`)),
    ]);
    expect(await harness.dump()).toEqual(before);
    expect(media.list()).toEqual([cover, profile].sort());
  });

  it('a transaction that fails after the files were stored: no new file, the old ones kept', async () => {
    const { storage, harness, media, build } = fixture();
    const { id, profile, cover } = await alice();
    const before = await harness.dump();
    const watched = watchedMedia(media, null);
    const accounts = await build({
      media: { storage: watched },
      storage: {
        users: storage.users,
        follows: storage.follows,
        refreshTokens: storage.refreshTokens,
        transaction: async () => {
          throw new StorageError('STORAGE_UNAVAILABLE', 'Injected fault.');
        },
        close: () => storage.close(),
      },
    });
    await expect(
      accounts.updateProfile({
        userId: id,
        changes: { email: 'new@example.test' },
        images: { profile: { filename: 'p2.png', bytes: PNG }, cover: null },
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(watched.puts).toHaveLength(1);
    expect(await harness.dump()).toEqual(before);
    expect(media.list()).toEqual([cover, profile].sort());
  });

  it('a rename to a taken name with an upload: USERNAME_TAKEN, no new file, old image still referenced', async () => {
    const { accounts, storage, harness, media } = fixture();
    const { id, profile, cover } = await alice();
    await accounts.register({ username: 'bob', password: PASSWORD });
    const before = await harness.dump();
    await expect(
      accounts.updateProfile({
        userId: id,
        changes: { username: 'BOB', email: 'new@example.test' },
        images: { profile: { filename: 'p2.png', bytes: PNG } },
      }),
    ).rejects.toMatchObject({ name: 'ConflictError', code: 'USERNAME_TAKEN' });
    expect(await harness.dump()).toEqual(before);
    expect((await storage.users.findById(id))!.profilePic).toBe(profile);
    expect(await media.read(profile)).toEqual(PNG);
    expect(media.list()).toEqual([cover, profile].sort());
  });

  it('a password change with an image returns a fresh pair that works; every older token is revoked', async () => {
    const { accounts, storage, media } = fixture();
    const { id, s1, s2, profile, cover } = await alice();
    const { user, tokens } = await accounts.updateProfile({
      userId: id,
      changes: { password: NEW_PASSWORD, current_password: PASSWORD },
      images: { profile: { filename: 'p2.png', bytes: PNG } },
    });
    const record = (await storage.users.findById(id))!;
    expect(record.profilePic).not.toBe(profile);
    expect(user.profile_pic).toBe(`/media/${record.profilePic}`);
    expect(decodeJwt(tokens!.access)).toMatchObject({ profile_pic: user.profile_pic });
    expect(await accounts.authenticate(tokens!.access)).toMatchObject({ userId: id });
    await expect(accounts.refresh({ refresh: tokens!.refresh })).resolves.toBeDefined();
    for (const old of [s1, s2]) {
      await expect(accounts.authenticate(old.access)).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
      await expect(accounts.refresh({ refresh: old.refresh })).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
    }
    await expect(
      accounts.login({ username: 'alice', password: NEW_PASSWORD }),
    ).resolves.toBeDefined();
    expect(media.list()).toEqual([cover, record.profilePic].sort());
  });

  it('a wrong current password with a good image: INVALID_CURRENT_PASSWORD, nothing stored', async () => {
    const { accounts, harness, media } = fixture();
    const { id, profile, cover } = await alice();
    const before = await harness.dump();
    await expect(
      accounts.updateProfile({
        userId: id,
        changes: { password: NEW_PASSWORD, current_password: 'not my password' },
        images: { profile: { filename: 'p2.png', bytes: PNG } },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CURRENT_PASSWORD' });
    expect(await harness.dump()).toEqual(before);
    expect(media.list()).toEqual([cover, profile].sort());
  });

  it('removing images that are not there, with no changes, writes nothing', async () => {
    const { accounts, harness } = fixture();
    const { user } = await accounts.register({ username: 'carol', password: PASSWORD });
    const before = await harness.dump();
    await expect(
      accounts.updateProfile({ userId: user.id, images: { profile: null, cover: null } }),
    ).resolves.toEqual({ user, tokens: null });
    expect(await harness.dump()).toEqual(before);
  });
});
