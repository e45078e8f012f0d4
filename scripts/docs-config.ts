// `npm run docs:config`: writes docs/configuration.md from the configuration schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../engine/platform/config.js';
import { CONFIGURATION_DOC, configurationReference } from './configuration-reference.js';

writeFileSync(join(projectRoot, CONFIGURATION_DOC), configurationReference());
process.stdout.write(`wrote ${CONFIGURATION_DOC}\n`);
