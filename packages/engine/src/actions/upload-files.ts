// Resolves the files an upload action names, refusing anything outside the run's upload directory.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ActionError } from './action-errors.ts';

/**
 * Absolute paths of `names` inside `uploadDir`. A name is a relative path; absolute paths, `..` escapes and
 * symbolic links that lead outside the directory are refused (UPLOAD_NOT_ALLOWED), missing or non-regular
 * files are UPLOAD_FILE_NOT_FOUND. The model chooses names, never locations.
 */
export async function resolveUploadFiles(
  uploadDir: string | undefined,
  names: readonly string[],
): Promise<string[]> {
  if (!uploadDir) {
    throw new ActionError(
      'UPLOAD_NOT_ALLOWED',
      'this run has no upload directory, so no file can be uploaded',
    );
  }
  let root: string;
  try {
    root = await realpath(uploadDir);
  } catch (error) {
    throw new ActionError('UPLOAD_NOT_ALLOWED', 'the upload directory of this run does not exist', {
      cause: error,
    });
  }
  const resolved: string[] = [];
  for (const name of names) {
    if (name.includes('\0') || path.isAbsolute(name) || path.win32.isAbsolute(name)) {
      throw new ActionError(
        'UPLOAD_NOT_ALLOWED',
        `"${name}" is not a file name inside the upload directory`,
      );
    }
    const candidate = path.resolve(root, name);
    if (!candidate.startsWith(root + path.sep)) {
      throw new ActionError('UPLOAD_NOT_ALLOWED', `"${name}" leads outside the upload directory`);
    }
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      throw new ActionError('UPLOAD_FILE_NOT_FOUND', `no file "${name}" in the upload directory`, {
        cause: error,
      });
    }
    if (!real.startsWith(root + path.sep)) {
      throw new ActionError('UPLOAD_NOT_ALLOWED', `"${name}" links outside the upload directory`);
    }
    if (!(await stat(real)).isFile()) {
      throw new ActionError('UPLOAD_FILE_NOT_FOUND', `"${name}" is not a regular file`);
    }
    resolved.push(real);
  }
  return resolved;
}
