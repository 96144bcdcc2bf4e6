// Runs in every test file: temp folders made with tempDir() are removed when the file's tests end.
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp.js';

afterAll(() => removeTempDirs());
