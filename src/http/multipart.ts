import { isPrototypeKey, malformedBody, payloadTooLarge, prototypeKeyRefused } from './body.js';
import { readBody } from './read-body.js';
import type { MultipartBody, UploadedFile } from './types.js';

/** How much a multipart body may hold besides its files. */
const MULTIPART_LIMITS = Object.freeze({ files: 2, fields: 20, fieldBytes: 64 * 1024 });

// Room for the text fields and the part headers next to the largest allowed files.
const FORM_OVERHEAD_BYTES = MULTIPART_LIMITS.fields * MULTIPART_LIMITS.fieldBytes + 64 * 1024;

/**
 * Read a `multipart/form-data` body with the platform's own form parser (WHATWG `FormData`):
 * at most two files of `mediaLimitBytes` each, twenty text fields of 64 KiB. Field names are
 * taken literally (`email[x]` is a field of that name, never a nested object), and names that
 * reach a prototype are refused as JSON bodies refuse them. A form's empty file input (no
 * name, no bytes) is skipped: nothing was chosen.
 *
 * @throws HttpError `PAYLOAD_TOO_LARGE` past a limit, `MALFORMED_JSON` for a body the
 *   parser rejects or a prototype-reaching name.
 */
export async function readMultipartBody(
  contentType: string,
  body: AsyncIterable<Uint8Array> | Uint8Array | string | null | undefined,
  mediaLimitBytes: number,
): Promise<MultipartBody> {
  const bytes = await readBody(
    body,
    MULTIPART_LIMITS.files * mediaLimitBytes + FORM_OVERHEAD_BYTES,
  );
  let form: FormData;
  try {
    form = await new Request('http://multipart.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: bytes,
    }).formData();
  } catch {
    throw malformedBody();
  }
  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  let fieldCount = 0;
  for (const [name, value] of form) {
    if (isPrototypeKey(name)) throw prototypeKeyRefused();
    if (typeof value === 'string') {
      fieldCount += 1;
      if (fieldCount > MULTIPART_LIMITS.fields || value.length > MULTIPART_LIMITS.fieldBytes) {
        throw payloadTooLarge();
      }
      fields[name] = value;
      continue;
    }
    if (value.name === '' && value.size === 0) continue;
    if (files.length === MULTIPART_LIMITS.files || value.size > mediaLimitBytes) {
      throw payloadTooLarge();
    }
    files.push({
      field: name,
      filename: value.name,
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { fields, files };
}
