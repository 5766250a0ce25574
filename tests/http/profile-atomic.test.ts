import { expect, it } from 'vitest';
import { StorageError } from '../../src/errors/index.js';
import type { MediaStorage } from '../../src/media/media-storage.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, signUp } from './support/client.js';
import { describeExamples } from './support/servers.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const NOT_AN_IMAGE = new TextEncoder().encode('not an image at all');
const NEW_PASSWORD = 'a brand new passphrase 42';

function update(fields: Record<string, string>, files: [string, Uint8Array, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, bytes, filename] of files) form.append(name, new Blob([bytes]), filename);
  return form;
}

/** Memory media that fails a put once `putsLeft` (when set) reaches zero. */
function flakyMedia() {
  const inner = createMemoryMediaStorage();
  const control: { putsLeft: number | null } = { putsLeft: null };
  const media: MediaStorage = {
    async put(path, bytes) {
      if (control.putsLeft !== null && control.putsLeft-- <= 0) {
        throw new StorageError('STORAGE_UNAVAILABLE', 'Media storage failed.');
      }
      await inner.put(path, bytes);
    },
    delete: (path) => inner.delete(path),
  };
  return { media, inner, control };
}

const flaky = flakyMedia();

describeExamples(
  'one atomic profile update',
  (context) => {
    it('a new email with bytes that are not an image changes nothing and says why', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const answer = await call(origin, 'PATCH', 'info/', {
        token: user.access,
        body: update({ email: 'new@example.test' }, [['profile_pic', NOT_AN_IMAGE, 'a.png']]),
      });
      expectError(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body.fields.profile_pic[0].code).toBe('INVALID_IMAGE_CONTENT');
      const me = await call(origin, 'GET', 'info/', { token: user.access });
      expect({ email: me.body.email, profile_pic: me.body.profile_pic }).toEqual({
        email: '',
        profile_pic: null,
      });
    });

    it('a new password with a bad image keeps the password and every token', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const answer = await call(origin, 'PATCH', 'info/', {
        token: user.access,
        body: update({ password: NEW_PASSWORD, current_password: PASSWORD }, [
          ['cover_image', NOT_AN_IMAGE, 'c.png'],
        ]),
      });
      expectError(answer, 400, 'VALIDATION_FAILED');
      expect((await call(origin, 'GET', 'info/', { token: user.access })).status).toBe(200);
      const login = await call(origin, 'POST', 'token/', {
        json: { username: user.username, password: PASSWORD },
      });
      expect(login.status).toBe(200);
    });

    it('a new password with a good image applies both and answers the new pair', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const answer = await call(origin, 'PATCH', 'info/', {
        token: user.access,
        body: update({ password: NEW_PASSWORD, current_password: PASSWORD }, [
          ['profile_pic', PNG, 'me.png'],
        ]),
      });
      expect(answer.status).toBe(200);
      expect(answer.body.profile_pic).toMatch(/^\/media\/images\/profile\/.+\.png$/);
      expect((await call(origin, 'GET', 'info/', { token: user.access })).status).toBe(401);
      const me = await call(origin, 'GET', 'info/', { token: answer.body.tokens.access });
      expect(me.body.profile_pic).toBe(answer.body.profile_pic);
    });

    it('a media failure on the second image leaves the database and the media as they were', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const before = flaky.inner.list().length;
      // The first image is stored, the second fails: the first must not stay behind.
      flaky.control.putsLeft = 1;
      try {
        const answer = await call(origin, 'PATCH', 'info/', {
          token: user.access,
          body: update({ email: 'changed@example.test' }, [
            ['profile_pic', PNG, 'p.png'],
            ['cover_image', PNG, 'c.png'],
          ]),
        });
        expectError(answer, 503, 'STORAGE_UNAVAILABLE');
      } finally {
        flaky.control.putsLeft = null;
      }
      expect(flaky.inner.list().length).toBe(before);
      const me = await call(origin, 'GET', 'info/', { token: user.access });
      expect({ email: me.body.email, profile_pic: me.body.profile_pic }).toEqual({
        email: '',
        profile_pic: null,
      });
    });

    it('a taken username with an upload writes neither the name nor the file', async () => {
      const { origin } = context();
      const taken = await signUp(origin);
      const user = await signUp(origin);
      const before = flaky.inner.list().length;
      const answer = await call(origin, 'PATCH', 'info/', {
        token: user.access,
        body: update({ username: taken.username.toUpperCase() }, [['profile_pic', PNG, 'p.png']]),
      });
      expectError(answer, 409, 'USERNAME_TAKEN');
      expect(flaky.inner.list().length).toBe(before);
      const me = await call(origin, 'GET', 'info/', { token: user.access });
      expect({ username: me.body.username, profile_pic: me.body.profile_pic }).toEqual({
        username: user.username,
        profile_pic: null,
      });
    });
  },
  { accounts: { media: { storage: flaky.media, maxBytes: 64 * 1024 } } },
);
