import { defineStorageConformance } from './conformance/index.js';
import { sqliteHarness } from './harnesses/sqlite.js';

defineStorageConformance(sqliteHarness());
