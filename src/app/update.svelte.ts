/**
 * The service worker (vite-plugin-pwa over Workbox) and the "Update available — Reload" notice. A new
 * build installs in the background and waits: it takes over only when the person chooses Reload, so an
 * open editor is never swapped under them. Stored data migrates on that reload as on any other start.
 */
import { registerSW } from 'virtual:pwa-register';

export const appVersion: string = __APP_VERSION__;

/** A long-lived tab makes no navigations (hash routes), so it asks for a new build now and then. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

class AppUpdate {
  /** A newer build is installed and waits for Reload. */
  available = $state(false);
  private activate: (() => Promise<void>) | null = null;
  private registration: ServiceWorkerRegistration | undefined;
  private reloadChosen = false;

  /** Call after the first screen is mounted: the worker then precaches the rest without delaying it. */
  start(): void {
    if (this.activate) return;
    this.activate = registerSW({
      onNeedRefresh: () => {
        this.available = true;
      },
      // The new worker took control: here after Reload, or because Reload was chosen in another tab, in
      // which case this page still runs the old build and keeps the notice.
      onNeedReload: () => {
        if (this.reloadChosen) location.reload();
        else this.available = true;
      },
      onRegisteredSW: (_url, registration) => {
        this.registration = registration;
        if (registration) setInterval(() => this.check(), UPDATE_CHECK_MS);
      },
      // Without a service worker (blocked, private mode) the app still runs; it just does not work offline.
      onRegisterError: () => {},
    });
  }

  private check(): void {
    if (!navigator.onLine || !this.registration) return;
    this.registration.update().catch(() => {});
  }

  async reload(): Promise<void> {
    this.reloadChosen = true;
    // With a worker waiting, the page reloads once it takes control (onNeedReload); with none (another tab
    // already switched), the page reloads onto the build in control.
    if (this.registration?.waiting && this.activate) await this.activate();
    else location.reload();
  }
}

export const appUpdate = new AppUpdate();
