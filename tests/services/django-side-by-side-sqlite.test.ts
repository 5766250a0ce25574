import { djangoBackend } from '../storage/harnesses/django-database.js';
import { defineSideBySideServiceSuite } from './django-side-by-side-suite.js';

defineSideBySideServiceSuite(djangoBackend('sqlite'));
