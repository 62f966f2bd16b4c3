/** Loaded after the first screen: the leading tab runs live workflows whatever page is open. */
import { leadWhenElected } from './leader.ts';
import { LiveWorkflows } from './service.ts';

export function startLiveWorkflows(): void {
  leadWhenElected(() => {
    const live = new LiveWorkflows();
    live.start();
    return () => live.stop();
  });
}
