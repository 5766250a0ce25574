import { expect, it } from 'vitest';
import { StorageError } from '../../src/errors/errors.js';
import { describeEachBackend, interceptStorage, PASSWORD } from './setup.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>');

describeEachBackend('images', 'images', (fixture) => {
  async function alice() {
    const { accounts } = fixture();
    return (await accounts.register({ username: 'alice', password: PASSWORD })).user.id;
  }

  it('stores a profile image under a random name and points the user at it', async () => {
    const { accounts, media, storage } = fixture();
    const id = await alice();
    const user = await accounts.setProfileImage({
      userId: id,
      filename: '../../me.PNG',
      bytes: PNG,
    });
    const path = (await storage.users.findById(id))!.profilePic!;
    expect(path).toMatch(new RegExp(`^images/profile/alice_${id}/[0-9a-f]{32}\\.png$`));
    expect(user.profile_pic).toBe(`/media/${path}`);
    expect(media.list()).toEqual([path]);
    expect(await media.read(path)).toEqual(PNG);
  });

  it('a 150-character username gets a path that fits the 100-character column, on every database', async () => {
    const { accounts, storage } = fixture();
    const username = `${'é'.repeat(75)}${'b'.repeat(75)}`;
    const { id } = (await accounts.register({ username, password: PASSWORD })).user;
    await accounts.setProfileImage({ userId: id, filename: 'me.png', bytes: PNG });
    await accounts.setCoverImage({ userId: id, filename: 'me.jpeg', bytes: JPEG });
    const user = (await storage.users.findById(id))!;
    for (const [path, folder, extension] of [
      [user.profilePic!, 'images/profile', 'png'],
      [user.coverImage!, 'images/cover', 'jpeg'],
    ] as const) {
      const keep = 100 - `${folder}/_${id}/${'0'.repeat(32)}.${extension}`.length;
      expect(path).toMatch(
        new RegExp(
          `^${folder}/${'é'.repeat(Math.min(keep, 75))}_${id}/[0-9a-f]{32}\\.${extension}$`,
        ),
      );
      expect([...path]).toHaveLength(100);
    }
  });

  it('replacing an image removes the old file only after the new one is recorded', async () => {
    const { accounts, media, storage } = fixture();
    const id = await alice();
    await accounts.setCoverImage({ userId: id, filename: 'a.png', bytes: PNG });
    const first = (await storage.users.findById(id))!.coverImage!;
    const view = await accounts.setCoverImage({ userId: id, filename: 'b.jpg', bytes: JPEG });
    const second = (await storage.users.findById(id))!.coverImage!;
    expect(second).toMatch(/^images\/cover\/alice_\d+\/[0-9a-f]{32}\.jpg$/);
    expect(media.list()).toEqual([second]);
    expect(view.cover_image).toBe(`/media/${second}`);
    expect(first).not.toBe(second);
  });

  it('refuses wrong extensions, content that disagrees with the extension, empty or nameless files, and oversize files', async () => {
    const { accounts, media, harness, build } = fixture();
    const id = await alice();
    const before = await harness.dump();
    const cases = [
      [{ filename: 'x.svg', bytes: SVG }, 'INVALID_IMAGE_EXTENSION'],
      [{ filename: 'x.png.php', bytes: PNG }, 'INVALID_IMAGE_EXTENSION'],
      [{ filename: 'x.png', bytes: SVG }, 'INVALID_IMAGE_CONTENT'],
      [{ filename: 'x.jpg', bytes: PNG }, 'INVALID_IMAGE_CONTENT'],
      [{ filename: 'x.png', bytes: new Uint8Array() }, 'IMAGE_EMPTY'],
      [{ filename: '', bytes: PNG }, 'IMAGE_NAME_MISSING'],
    ] as const;
    for (const [upload, code] of cases) {
      const error = await accounts
        .setProfileImage({ userId: id, ...upload })
        .catch((caught: unknown) => caught);
      expect((error as { issues: { code: string }[] }).issues.map((i) => i.code)).toEqual([code]);
    }
    const small = await build({ media: { storage: media, maxBytes: 10 } });
    await expect(
      small.setProfileImage({ userId: id, filename: 'x.png', bytes: PNG }),
    ).rejects.toMatchObject({ issues: [{ path: ['bytes'], code: 'IMAGE_TOO_LARGE' }] });
    expect(media.list()).toEqual([]);
    expect(await harness.dump()).toEqual(before);
  });

  it('the default limit is 5 MiB', async () => {
    const { accounts, media } = fixture();
    const id = await alice();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    await expect(
      accounts.setProfileImage({ userId: id, filename: 'x.png', bytes: big }),
    ).rejects.toMatchObject({ issues: [{ code: 'IMAGE_TOO_LARGE' }] });
    await accounts.setProfileImage({
      userId: id,
      filename: 'x.png',
      bytes: big.subarray(0, 5 * 1024 * 1024),
    });
    expect(media.list()).toHaveLength(1);
  });

  it('a failed database write leaves no new file and keeps the old one', async () => {
    const { accounts, media, storage, build } = fixture();
    const id = await alice();
    await accounts.setProfileImage({ userId: id, filename: 'a.png', bytes: PNG });
    const old = (await storage.users.findById(id))!.profilePic!;
    const broken = await build({
      storage: interceptStorage(storage, {
        users: {
          update: async () => {
            throw new StorageError('STORAGE_UNAVAILABLE', 'Injected fault.');
          },
        },
      }),
    });
    await expect(
      broken.setProfileImage({ userId: id, filename: 'b.png', bytes: PNG }),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(media.list()).toEqual([old]);
    expect((await storage.users.findById(id))!.profilePic).toBe(old);
  });

  it('clearing removes the file; a cleared cover shows the default again, which is never deleted', async () => {
    const { accounts, media, storage } = fixture();
    const id = await alice();
    await storage.users.update(id, { coverImage: 'images/cover/coverphoto.jpg' });
    await media.put('images/cover/coverphoto.jpg', JPEG);
    await accounts.setCoverImage({ userId: id, filename: 'c.png', bytes: PNG });
    expect(media.list()).toHaveLength(2);
    expect((await accounts.clearCoverImage({ userId: id })).cover_image).toBe(
      '/media/images/cover/coverphoto.jpg',
    );
    expect(media.list()).toEqual(['images/cover/coverphoto.jpg']);
    await accounts.setProfileImage({ userId: id, filename: 'p.png', bytes: PNG });
    expect((await accounts.clearProfileImage({ userId: id })).profile_pic).toBe(null);
    expect((await accounts.clearProfileImage({ userId: id })).profile_pic).toBe(null);
    expect(media.list()).toEqual(['images/cover/coverphoto.jpg']);
  });

  it('deleting the account needs the password, then removes the user, edges, tokens and images', async () => {
    const { accounts, media, harness } = fixture();
    const id = await alice();
    const { user: bob, tokens } = await accounts.register({ username: 'bob', password: PASSWORD });
    await accounts.follow({ userId: bob.id, targetId: id });
    await accounts.follow({ userId: id, targetId: bob.id });
    await accounts.setProfileImage({ userId: bob.id, filename: 'p.png', bytes: PNG });
    await expect(
      accounts.deleteAccount({ userId: bob.id, password: 'nope nope nope' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CURRENT_PASSWORD',
    });
    await accounts.deleteAccount({ userId: bob.id, password: PASSWORD });
    expect(media.list()).toEqual([]);
    const dump = await harness.dump();
    expect(
      dump.users.map((row) => [row.username, row.followers_count, row.following_count]),
    ).toEqual([['alice', 0, 0]]);
    expect(dump.follows).toEqual([]);
    await expect(accounts.authenticate(tokens.access)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });
});
