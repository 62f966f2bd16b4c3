import pkg from '../package.json' with { type: 'json' };

export const RUNNER_NAME = 'workflow-runner';
export const RUNNER_VERSION: string = pkg.version;
