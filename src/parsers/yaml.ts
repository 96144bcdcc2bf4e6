// The YAML library, loaded the first time a YAML text is read: most captures hold none, and loading it costs about
// 25 ms before any work. Synchronous (a CommonJS require), so the parsers that read YAML stay synchronous.
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;

// The `yaml` package, loaded once.
export function yaml(): Yaml {
  return (loaded ??= createRequire(import.meta.url)('yaml') as Yaml);
}
