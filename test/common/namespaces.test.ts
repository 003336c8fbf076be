import { describe, expect, it } from 'vitest';
import { canonicalNamespace, namespaceKey, sameNamespace } from '../../common/namespaces.js';
import { normalizeNamespace } from '../../model/cim/load.js';
import { namespaceKey as docsNamespaceKey } from '../../model/docs/namespaces.js';
import { createMemoryProvider } from '../../runtime/memory/index.js';
import { loadFixtureSchema } from '../memory/fixture.js';

describe('namespace names', () => {
  it('spell a namespace canonically: `\\` separators, no server, no stray separators, case kept', () => {
    expect(canonicalNamespace('root\\cimv2')).toBe('root\\cimv2');
    expect(canonicalNamespace('//./Root/CIMV2/')).toBe('Root\\CIMV2');
    expect(canonicalNamespace('\\\\.\\root\\cimv2')).toBe('root\\cimv2');
    expect(canonicalNamespace('\\\\HOST\\root\\wmi')).toBe('root\\wmi');
    expect(canonicalNamespace('.\\root\\cimv2')).toBe('root\\cimv2');
    expect(canonicalNamespace('\\root\\\\cimv2\\\\')).toBe('root\\cimv2');
    expect(canonicalNamespace(' root/cimv2 ')).toBe('root\\cimv2');
  });

  it('compare without regard to case, separator or server', () => {
    expect(namespaceKey('ROOT/CIMV2')).toBe('root\\cimv2');
    expect(sameNamespace('//./root/CIMV2', 'Root\\cimv2')).toBe(true);
    expect(sameNamespace('\\\\server\\root\\cimv2', 'root\\cimv2')).toBe(true);
    expect(sameNamespace('root\\cimv2', 'root\\cimv2\\TerminalServices')).toBe(false);
    expect(sameNamespace('root\\cimv2', 'cimv2')).toBe(false);
  });

  it('are the same rule in the docs source, which also knows "All WMI namespaces"', () => {
    expect(docsNamespaceKey('\\\\.\\Root\\CIMV2')).toBe('root\\cimv2');
    expect(docsNamespaceKey('All WMI namespaces')).toBe('*');
  });

  it('resolve #pragma namespace: absolute with a leading separator, a server or root; else relative', () => {
    expect(normalizeNamespace('//./root/default', 'root\\cimv2')).toBe('root\\default');
    expect(normalizeNamespace('\\\\.\\Interop', 'root\\cimv2')).toBe('Interop');
    expect(normalizeNamespace('\\Interop', 'root\\cimv2')).toBe('Interop');
    expect(normalizeNamespace('ROOT/wmi', 'root\\cimv2')).toBe('ROOT\\wmi');
    expect(normalizeNamespace('TerminalServices', 'root\\cimv2')).toBe('root\\cimv2\\TerminalServices');
    expect(normalizeNamespace('', 'root\\cimv2')).toBe('root\\cimv2');
  });

  it('let the in-memory provider connect by any spelling of its namespace', () => {
    const schema = loadFixtureSchema();
    for (const spelling of ['root\\cimv2', 'ROOT/CIMV2', '//./root/cimv2', '\\\\.\\root\\cimv2'])
      expect(createMemoryProvider({ schema, namespace: spelling }).namespace.toLowerCase()).toBe('root\\cimv2');
  });
});
