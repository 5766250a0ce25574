import { defineDjangoTriggerSuite } from './django-triggers.js';
import { djangoBackend } from './harnesses/django-database.js';

defineDjangoTriggerSuite(djangoBackend('postgres'));
