import { imageExtension } from '../core/upload-paths.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import { contentMatchesExtension } from '../media/image-content.js';
import type { ImageFile } from './requests.js';

/**
 * The problems of one uploaded file, cheapest check first: a file name at all, any bytes at all
 * (both in Django REST Framework's order), the size, then the extension of the client's file
 * name (jpg, jpeg, png, gif, webp), then the content's magic bytes, which must match the
 * extension. A check runs only when the one before passed, so a file has at most one issue, at
 * path `bytes` or `filename`. Nothing is read or written: every part of a request can be judged
 * before anything is stored.
 * @internal
 */
export function imageIssues(file: ImageFile, maxBytes: number): ValidationIssue[] {
  if (file.filename === '') {
    return [{ path: ['filename'], code: 'IMAGE_NAME_MISSING', message: 'The file has no name.' }];
  }
  if (file.bytes.length === 0) {
    return [{ path: ['bytes'], code: 'IMAGE_EMPTY', message: 'The file is empty.' }];
  }
  if (file.bytes.length > maxBytes) {
    return [
      {
        path: ['bytes'],
        code: 'IMAGE_TOO_LARGE',
        message: `The image is larger than ${maxBytes} bytes.`,
      },
    ];
  }
  let extension: string;
  try {
    extension = imageExtension(file.filename);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  if (!contentMatchesExtension(file.bytes, extension)) {
    return [
      {
        path: ['bytes'],
        code: 'INVALID_IMAGE_CONTENT',
        message: 'The file is not an image of its extension type.',
      },
    ];
  }
  return [];
}
