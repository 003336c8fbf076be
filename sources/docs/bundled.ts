/**
 * The Windows snapshots wmigen bundles (`schemas/windows/*.mof`), each made from Microsoft's
 * reference pages by `wmigen schema bundle <desktop-src>`. One table says which folders
 * make which namespace, so the command, the regeneration test and the docs agree.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pages the committed snapshots were made from (MicrosoftDocs/win32, `desktop-src/`). */
export const docsSource = 'MicrosoftDocs/win32 @ 47e64c189dcb1c1a42c221380ccf0ec81cc82d4b';

export const docsAttribution =
  "Derived from Microsoft's WMI reference pages (MicrosoftDocs/win32, https://github.com/MicrosoftDocs/win32), " +
  '© Microsoft Corporation, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). ' +
  'Converted to MOF by wmigen: descriptions shortened to plain text, value lists turned into ValueMap/Values, ' +
  'Requirements turned into MinimumClient/MinimumServer qualifiers.';

export interface BundledSnapshot {
  /** Name used by `--schema` and `wmigen diff`. */
  readonly name: string;
  readonly namespace: string;
  /** File under `schemas/`. */
  readonly file: string;
  /** `desktop-src` folders, the namespace's own first (pages without a namespace count for it). */
  readonly folders: readonly string[];
  readonly description: string;
  /** Also take every system class (the WmiSdk snapshot). */
  readonly allSystemClasses?: boolean;
}

export const bundledSnapshots: readonly BundledSnapshot[] = [
  {
    name: 'windows-cimv2',
    namespace: 'root\\cimv2',
    file: 'windows/cimv2.mof',
    folders: ['CIMWin32Prov', 'TermServ', 'WmiSdk', 'FWP'],
    description: 'Win32_* and CIM_* classes of root\\cimv2 (CIMWin32 provider and the other root\\cimv2 classes the pages document)',
  },
  {
    name: 'windows-standardcimv2',
    namespace: 'root\\StandardCimv2',
    file: 'windows/standardcimv2.mof',
    folders: ['FWP', 'CIMWin32Prov', 'WmiSdk'],
    description: 'MSFT_Net* classes of root\\StandardCimv2 (networking, firewall, IPsec, NAT, DNS client)',
  },
  {
    name: 'windows-terminalservices',
    namespace: 'root\\cimv2\\TerminalServices',
    file: 'windows/terminalservices.mof',
    folders: ['TermServ', 'CIMWin32Prov', 'WmiSdk'],
    description: 'Remote Desktop Services (Win32_TS*) classes of root\\cimv2\\TerminalServices',
  },
  {
    name: 'windows-rdms',
    namespace: 'root\\cimv2\\rdms',
    file: 'windows/rdms.mof',
    folders: ['TermServ', 'CIMWin32Prov', 'WmiSdk'],
    description: 'Remote Desktop Management Service (Win32_RDMS*) classes of root\\cimv2\\rdms',
  },
  {
    name: 'windows-microsoftdns',
    namespace: 'root\\MicrosoftDNS',
    file: 'windows/microsoftdns.mof',
    folders: ['DNS', 'CIMWin32Prov', 'WmiSdk'],
    description: 'DNS server (MicrosoftDNS_*) classes of root\\MicrosoftDNS',
  },
  {
    name: 'windows-volumeencryption',
    namespace: 'root\\cimv2\\Security\\MicrosoftVolumeEncryption',
    file: 'windows/volumeencryption.mof',
    folders: ['SecProv', 'CIMWin32Prov', 'WmiSdk'],
    description: 'BitLocker (Win32_EncryptableVolume) of root\\cimv2\\Security\\MicrosoftVolumeEncryption',
  },
  {
    name: 'windows-tpm',
    namespace: 'root\\cimv2\\Security\\MicrosoftTpm',
    file: 'windows/tpm.mof',
    folders: ['SecProv', 'CIMWin32Prov', 'WmiSdk'],
    description: 'Trusted Platform Module (Win32_Tpm) of root\\cimv2\\Security\\MicrosoftTpm',
  },
  {
    name: 'windows-wmi',
    namespace: 'root\\wmi',
    file: 'windows/wmi.mof',
    folders: ['WmiCoreProv', 'WmiSdk'],
    description: 'WDM/kernel provider classes of root\\wmi (monitor brightness, MSNdis_*, WMI events)',
  },
  {
    name: 'windows-subscription',
    namespace: 'root\\subscription',
    file: 'windows/subscription.mof',
    folders: ['WmiSdk'],
    description: 'Standard event consumers of root\\subscription (ActiveScriptEventConsumer, CommandLineEventConsumer, …)',
  },
  {
    name: 'windows-bootevents',
    namespace: 'root\\Microsoft\\Windows\\BootEventCollector',
    file: 'windows/bootevents.mof',
    folders: ['BEvtColProv', 'WmiSdk'],
    description: 'Boot Event Collector classes of root\\Microsoft\\Windows\\BootEventCollector',
  },
  {
    name: 'windows-system',
    namespace: 'root',
    file: 'windows/system.mof',
    folders: ['WmiSdk'],
    description: 'WMI system classes (__Namespace, __Event, __InstanceCreationEvent, …) present in every namespace, from the WmiSdk pages',
    allSystemClasses: true,
  },
];

export function findBundledSnapshot(name: string): BundledSnapshot | undefined {
  const n = name.toLowerCase().replace(/\.mof$/, '');
  return bundledSnapshots.find((s) => s.name === n || s.file.toLowerCase() === `${n}.mof` || s.file.toLowerCase() === n);
}

/** The package's `schemas/` folder, found from this module's location (source or dist). */
export function bundledSchemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'schemas'))) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'wmigen') return join(dir, 'schemas');
      } catch {
        // not our package.json; keep looking
      }
    }
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');
}

/** Header comment lines of a bundled snapshot. */
export function snapshotHeader(entry: BundledSnapshot): string[] {
  return [`Source: ${docsSource}, desktop-src/{${entry.folders.join(',')}}.`, docsAttribution, 'Regenerate with: wmigen schema bundle <path to desktop-src>'];
}
