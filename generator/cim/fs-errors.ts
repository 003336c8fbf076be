/**
 * File-system errors as users read them: one line with the path and the reason, never
 * Node's stack trace (issue 15: a read-only folder, a full disk, a mount point).
 */

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EBUSY: 'resource busy (a mount point cannot be replaced)',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  EXDEV: 'on another file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  ENOTEMPTY: 'directory not empty',
};

export interface FileSystemError extends Error {
  readonly code: string;
  readonly path?: string;
  readonly syscall?: string;
}

export function isFileSystemError(err: unknown): err is FileSystemError {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/** `read-only file system (EROFS)`; Node's own words for a code not listed. */
export function fileSystemReason(err: FileSystemError): string {
  const known = REASONS[err.code];
  if (known) return `${known} (${err.code})`;
  // Node's message is `CODE: text, syscall 'path'`: keep the text.
  const text = /^[A-Z0-9]+: ([^,]*)/.exec(err.message)?.[1] ?? err.message;
  return `${text.split('\n')[0]} (${err.code})`;
}

/** One line: `cannot write /out/x.ts: read-only file system (EROFS)`. */
export function describeFileSystemError(
  err: FileSystemError,
  fallbackPath?: string,
  verb = 'cannot write',
): string {
  return `${verb} ${err.path ?? fallbackPath ?? '(unknown path)'}: ${fileSystemReason(err)}`;
}
