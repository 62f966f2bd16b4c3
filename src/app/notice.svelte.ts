import type { ErrorCode } from '../domain/index.ts';

export interface Notice {
  tone: 'ok' | 'danger' | 'warn';
  message: string;
  /** The error code behind a danger notice, so the page can add what to do about it. */
  code?: ErrorCode;
}

/** A one-shot message that outlives the address change after the OAuth callback. */
class NoticeBoard {
  current = $state.raw<Notice | null>(null);

  show(notice: Notice): void {
    this.current = notice;
  }

  dismiss(): void {
    this.current = null;
  }
}

export const notices = new NoticeBoard();
