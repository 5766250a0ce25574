import { defineStorageConformance } from './conformance/index.js';
import { memoryHarness } from './harnesses/memory.js';

defineStorageConformance(memoryHarness());
