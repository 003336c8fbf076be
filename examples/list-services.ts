/**
 * README example: list the services of a machine by start mode, with typed bindings.
 *
 * The bindings come from `wmigen --namespace root\cimv2 --out <dir>`; this example uses
 * the ones generated from the test fixture so that it is compiled and tested with the
 * project (test/api/example.test.ts runs it against the in-memory provider; under Wine
 * the same function runs on real WMI through COM).
 */
import { connect, type WmiServices } from '@wmigen/runtime';
import { Win32_Service } from '../test/api/bindings/root/cimv2/Win32_Service.js';

export interface ServiceSummary {
  readonly name: string;
  readonly displayName: string | null;
  readonly state: string | null;
}

/** Services whose StartMode is `mode` ('Auto', 'Manual', 'Disabled', … as the ValueMap allows), sorted by name. */
export async function listServicesByStartMode(
  wmi: WmiServices,
  mode: NonNullable<Win32_Service['StartMode']>,
): Promise<ServiceSummary[]> {
  const out: ServiceSummary[] = [];
  const query = wmi
    .from(Win32_Service)
    .select('Name', 'DisplayName', 'State')
    .where({ StartMode: mode });
  for await (const s of query)
    out.push({ name: s.Name, displayName: s.DisplayName, state: s.State });
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** `node examples/list-services.js Auto` on Windows prints the automatic services. */
export async function main(mode = 'Auto'): Promise<void> {
  using wmi = await connect({ namespace: 'root\\cimv2' });
  for (const s of await listServicesByStartMode(
    wmi,
    mode as NonNullable<Win32_Service['StartMode']>,
  )) {
    console.log(`${s.name.padEnd(24)} ${String(s.state).padEnd(10)} ${s.displayName ?? ''}`);
  }
}
