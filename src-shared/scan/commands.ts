// Every scan-station command, for the registry.
import { addVolumes, registerPages, saveImportMapping, saveSettings } from './commands-setup';
import { captureTiles, completeRework, completeStep, moveOriginals, recordDelivery, recordQc, sendBack, startStep } from './commands-steps';

export const scanCommands = [saveSettings, saveImportMapping, addVolumes, registerPages, startStep, completeStep, captureTiles, moveOriginals, recordQc, sendBack, completeRework, recordDelivery];
