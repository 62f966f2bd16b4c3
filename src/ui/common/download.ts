/** Saves text as a file through the browser's download, without a server round trip. */
export function downloadJson(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has started by the next task; revoking later only frees the memory.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
