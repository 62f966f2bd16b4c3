export {
  live,
  onStorageProblems,
  storageProblems,
  type StorageProblem,
  type LiveValue,
  getSettings,
  saveSettings,
  type Settings,
} from '../../storage/index.ts';
