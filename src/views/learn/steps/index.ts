// The registry of walkthrough steps, in order: the step titles, the header and the left pane's list come from it.
import { diagnoseStep } from './diagnose.js';
import { investigateStep } from './investigate.js';
import { revealStep } from './reveal.js';
import type { StepModule } from './step.js';
import { symptomStep } from './symptom.js';

export const STEPS: readonly StepModule[] = [symptomStep, investigateStep, diagnoseStep, revealStep];
