/**
 * The README's API examples, kept compiling: tsc type-checks this file with the project
 * (the bindings are the test fixture's, generated like an app's `wmi/` folder).
 */
import { connect, WbemError, WmiServices, type WmiProvider } from '@wmigen/runtime';
import { fleet } from '@wmigen/runtime/wsman';
import { Win32_LogicalDisk, Win32_Process, Win32_Service } from '../test/api/bindings/root/cimv2/index.js';

export async function tour(): Promise<void> {
  using wmi = await connect({ namespace: 'root\\cimv2', timeoutMs: 10_000 });

  // One instance by its keys; uint64 properties are bigint.
  const c = await wmi.get(Win32_LogicalDisk, { DeviceID: 'C:' });
  const free: bigint | null = c.FreeSpace;
  console.log(free, c.Size);

  // The first row, or null.
  const spooler = await wmi.from(Win32_Service).select('Name', 'State').where({ Name: 'Spooler' }).first();

  // Methods: typed in- and out-parameters; static methods are called on the class.
  const created = await wmi.callStatic(Win32_Process, 'Create', { CommandLine: 'notepad.exe' });
  console.log(created.ReturnValue, created.ProcessId);
  if (spooler) await wmi.call(Win32_Service, { Name: spooler.Name }, 'StopService');

  // Associations, typed by the class at the other end.
  for await (const d of wmi.associators(`Win32_Service.Name="Spooler"`, Win32_Service)) console.log(d.Name);

  // Every call takes an AbortSignal and a timeout; WMI's errors are typed.
  try {
    await wmi.get(Win32_Service, { Name: 'nope' }, { timeoutMs: 500 });
  } catch (err) {
    if (err instanceof WbemError && err.statusName === 'WBEM_E_NOT_FOUND') console.log('no such service');
  }
}

export async function watchProcesses(signal: AbortSignal): Promise<void> {
  using wmi = await connect();
  for await (const e of wmi.events(Win32_Process, 'creation', { within: 2, signal })) {
    console.log(e.TargetInstance.Name);
  }
}

export async function overWinRM(user: string, password: string): Promise<void> {
  using wmi = await connect({ transport: 'wsman', host: 'srv1', https: true, user, password });
  console.log(await wmi.from(Win32_Service).select('Name', 'State').first());

  const hosts = ['srv1', 'srv2', 'srv3'];
  const items = fleet(hosts, {
    https: true,
    user,
    password,
    hostTimeoutMs: 30_000,
    run: (provider: WmiProvider) => new WmiServices(provider).from(Win32_Service).select('Name', 'State'),
  });
  for await (const item of items) {
    if (item.error) console.error(item.host, item.error.message); // one host's failure never stops the others
    else console.log(item.host, item.row.Name, item.row.State);
  }
}
