/** A page under the research pages' base address (`archiveUrl`), whether or not that base ends in a slash. */
export function pageUrl(archiveUrl: string, path: string): string {
  return new URL(path, archiveUrl.endsWith('/') ? archiveUrl : `${archiveUrl}/`).href;
}
