export {runSetupWizard, type RunSetupWizardOptions} from './run-setup-wizard.js';
export {SetupWizard, defaultWizardServices, type SetupWizardProps, type WizardServices} from './setup-wizard.js';
