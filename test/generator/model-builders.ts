/**
 * Small hand-built CIM models for generator unit tests: the same shape the MOF front-end
 * resolves (inherited members copied with `inherited: true`, keys collected, qualifiers
 * propagated), written compactly.
 */
import type {
  CimClass,
  CimFlavor,
  CimMethod,
  CimNamespace,
  CimParameter,
  CimProperty,
  CimQualifier,
  CimSchema,
  CimType,
  CimValue,
} from '../../model/cim/types.js';

const flavor: CimFlavor = { toSubclass: true, overridable: true, translatable: false, amended: false, toInstance: false };

export function q(name: string, value: CimValue = true): CimQualifier {
  return { name, value, flavor, propagated: false };
}

export interface PropSpec {
  name: string;
  type: CimType;
  isArray?: boolean;
  refClass?: string;
  embeddedClass?: string;
  qualifiers?: CimQualifier[];
  defaultValue?: CimValue;
}

export interface MethodSpec {
  name: string;
  returnType: CimType | 'void';
  parameters?: Array<Partial<CimParameter> & { name: string; type: CimType }>;
  qualifiers?: CimQualifier[];
}

export interface ClassSpec {
  name: string;
  superclass?: string;
  qualifiers?: CimQualifier[];
  properties?: PropSpec[];
  methods?: MethodSpec[];
}

/** Resolves specs (superclasses first or not) into a namespace like the front-end's. */
export function buildNamespace(name: string, specs: ClassSpec[]): CimNamespace {
  const byLower = new Map(specs.map((s) => [s.name.toLowerCase(), s]));
  const done = new Map<string, CimClass>();
  const resolve = (spec: ClassSpec): CimClass => {
    const existing = done.get(spec.name.toLowerCase());
    if (existing) return existing;
    const sup = spec.superclass ? resolve(byLower.get(spec.superclass.toLowerCase())!) : undefined;
    const properties: CimProperty[] = sup ? sup.properties.map((p) => ({ ...p, inherited: true })) : [];
    for (const p of spec.properties ?? []) {
      const qualifiers = p.qualifiers ?? [];
      const prop: CimProperty = {
        name: p.name,
        type: p.type,
        refClass: p.refClass,
        embeddedClass: p.embeddedClass,
        isArray: p.isArray ?? false,
        defaultValue: p.defaultValue,
        qualifiers,
        isKey: qualifiers.some((x) => x.name.toLowerCase() === 'key' && x.value !== false),
        classOrigin: spec.name,
        inherited: false,
      };
      const at = properties.findIndex((x) => x.name.toLowerCase() === p.name.toLowerCase());
      if (at >= 0) properties[at] = { ...prop, classOrigin: properties[at].classOrigin };
      else properties.push(prop);
    }
    const methods: CimMethod[] = sup ? sup.methods.map((m) => ({ ...m, inherited: true })) : [];
    for (const m of spec.methods ?? []) {
      const qualifiers = m.qualifiers ?? [];
      const method: CimMethod = {
        name: m.name,
        returnType: m.returnType,
        parameters: (m.parameters ?? []).map((p) => ({
          isArray: false,
          in: true,
          out: false,
          qualifiers: [],
          ...p,
        })),
        qualifiers,
        isStatic: qualifiers.some((x) => x.name.toLowerCase() === 'static'),
        classOrigin: spec.name,
        inherited: false,
      };
      const at = methods.findIndex((x) => x.name.toLowerCase() === m.name.toLowerCase());
      if (at >= 0) methods[at] = { ...method, classOrigin: methods[at].classOrigin };
      else methods.push(method);
    }
    const cq = spec.qualifiers ?? [];
    const cls: CimClass = {
      name: spec.name,
      namespace: name,
      superclass: spec.superclass ?? null,
      ancestors: sup ? [sup.name, ...sup.ancestors] : [],
      qualifiers: cq,
      properties,
      methods,
      keys: properties.filter((p) => p.isKey).map((p) => p.name),
      isAssociation: cq.some((x) => x.name === 'Association'),
      isIndication: cq.some((x) => x.name === 'Indication'),
      isAbstract: cq.some((x) => x.name === 'Abstract'),
      location: { file: `${spec.name}.mof`, line: 1, column: 1 },
    };
    done.set(spec.name.toLowerCase(), cls);
    return cls;
  };
  for (const s of specs) resolve(s);
  const classes = [...done.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  return { name, qualifierTypes: [], classes, instances: [] };
}

export function schemaOf(...namespaces: CimNamespace[]): CimSchema {
  return { namespaces };
}

/** A miniature of CIM_ManagedElement → … → CIM_Process, with the features the generator handles. */
export function miniProcessSchema(): CimSchema {
  return schemaOf(
    buildNamespace('root\\cimv2', [
      {
        name: 'CIM_ManagedElement',
        qualifiers: [q('Abstract'), q('Description', 'ManagedElement is an abstract class that provides a common superclass.')],
        properties: [
          { name: 'Caption', type: 'string', qualifiers: [q('Description', 'A short textual description */ of the object.'), q('MaxLen', 64)] },
          { name: 'Description', type: 'string', qualifiers: [q('Description', 'A textual description of the object.')] },
          { name: 'ElementName', type: 'string', qualifiers: [q('Write'), q('Description', 'A user-friendly name.')] },
        ],
      },
      {
        name: 'CIM_LogicalElement',
        superclass: 'CIM_ManagedElement',
        qualifiers: [q('Abstract')],
        properties: [
          {
            name: 'OperationalStatus',
            type: 'uint16',
            isArray: true,
            qualifiers: [
              q('Description', 'Indicates the current statuses of the element.'),
              q('ValueMap', ['0', '1', '2', '..', '0x8000..']),
              q('Values', ['Unknown', 'Other', 'OK', 'DMTF Reserved', 'Vendor Reserved']),
            ],
          },
          { name: 'InstallDate', type: 'datetime', qualifiers: [q('Description', 'When the object was installed.')] },
        ],
        methods: [
          {
            name: 'RequestStateChange',
            returnType: 'uint32',
            qualifiers: [
              q('Description', 'Requests a state change.'),
              q('ValueMap', ['0', '1', '4096']),
              q('Values', ['Completed with No Error', 'Not Supported', 'Method Parameters Checked - Job Started']),
            ],
            parameters: [
              { name: 'RequestedState', type: 'uint16', qualifiers: [q('In'), q('ValueMap', ['2', '3']), q('Values', ['Enabled', 'Disabled'])] },
              { name: 'Job', type: 'reference', refClass: 'CIM_ConcreteJob', in: false, out: true },
              { name: 'TimeoutPeriod', type: 'datetime', qualifiers: [q('In'), q('Interval')] },
            ],
          },
        ],
      },
      {
        name: 'CIM_ConcreteJob',
        superclass: 'CIM_LogicalElement',
        properties: [{ name: 'InstanceID', type: 'string', qualifiers: [q('Key')] }],
      },
      {
        name: 'CIM_Process',
        superclass: 'CIM_LogicalElement',
        qualifiers: [q('Description', 'Each instance of the CIM_Process class represents a single instance of a running program.'), q('MinimumClient', 'Windows Vista')],
        properties: [
          { name: 'Handle', type: 'string', qualifiers: [q('Key'), q('MaxLen', 256), q('Description', 'A string used to identify the process.')] },
          { name: 'CSName', type: 'string', qualifiers: [q('Key')] },
          { name: 'Priority', type: 'uint32', qualifiers: [q('Description', 'Priority indicates the urgency.')] },
          {
            name: 'ExecutionState',
            type: 'uint16',
            qualifiers: [
              q('Description', 'Indicates the current operating condition of the process.'),
              q('ValueMap', ['0', '1', '2', '3']),
              q('Values', ['Unknown', 'Other', 'Ready', 'Running']),
            ],
          },
          { name: 'KernelModeTime', type: 'uint64', qualifiers: [q('Units', 'MilliSeconds'), q('PUnit', 'second * 10^-3')] },
          {
            name: 'StartMode',
            type: 'string',
            qualifiers: [q('Write'), q('ValueMap', ['Auto', 'Manual', 'Disabled']), q('Description', 'How the process starts.')],
          },
          {
            name: 'Characteristics',
            type: 'uint32',
            qualifiers: [q('BitMap', ['0', '1', '31']), q('BitValues', ['Readable', 'Writable', 'High Bit'])],
          },
          { name: 'Parent', type: 'reference', refClass: 'CIM_Process' },
          { name: 'Settings', type: 'string', embeddedClass: 'CIM_ConcreteJob', qualifiers: [q('EmbeddedInstance', 'CIM_ConcreteJob')] },
          { name: 'Anything', type: 'object' },
          { name: 'OldName', type: 'string', qualifiers: [q('Deprecated', ['CIM_Process.Handle'])] },
          { name: 'Uptime', type: 'datetime', defaultValue: '00000000000000.000000:000' },
        ],
        methods: [
          {
            name: 'Create',
            returnType: 'uint32',
            qualifiers: [q('Static'), q('Description', 'Creates a process.'), q('ValueMap', ['0', '2']), q('Values', ['Success', 'Access Denied'])],
            parameters: [
              { name: 'CommandLine', type: 'string', qualifiers: [q('In'), q('Required')] },
              { name: 'ProcessId', type: 'uint32', in: false, out: true },
            ],
          },
          { name: 'Terminate', returnType: 'uint32', parameters: [{ name: 'Reason', type: 'uint32' }] },
        ],
      },
    ]),
  );
}

/**
 * Classes whose names collide with runtime imports, globals, reserved words, and with
 * names derived from other classes (X_Methods, X_State).
 */
export function collidingNamesSchema(): CimSchema {
  return schemaOf(
    buildNamespace('root\\names', [
      { name: 'CimDateTime', properties: [{ name: 'When', type: 'datetime' }] },
      { name: 'ObjectPath', properties: [{ name: 'Ref', type: 'reference', refClass: 'ObjectPath' }] },
      { name: 'Record', properties: [{ name: 'Data', type: 'object' }] },
      { name: 'delete', properties: [{ name: 'class', type: 'string' }, { name: 'function', type: 'uint8' }] },
      {
        name: 'Widget',
        properties: [
          { name: 'State', type: 'uint8', qualifiers: [q('ValueMap', ['0', '1', '2', '3']), q('Values', ['delete', 'Delete', 'new', '2 OK'])] },
          { name: 'Methods', type: 'uint8', qualifiers: [q('ValueMap', ['0']), q('Values', ['None'])] },
        ],
        methods: [{ name: 'Go', returnType: 'uint32' }],
      },
      { name: 'Widget_State', properties: [{ name: 'X', type: 'string' }] },
    ]),
  );
}

/** Base and Derived: an override that changes a value list, one that keeps it, and a key added by an override. */
export function overridesSchema() {
  return schemaOf(
    buildNamespace('root\\test', [
      {
        name: 'Base',
        properties: [
          { name: 'State', type: 'uint16', qualifiers: [q('ValueMap', ['1', '2']), q('Values', ['On', 'Off'])] },
          { name: 'Same', type: 'uint16', qualifiers: [q('ValueMap', ['1', '2']), q('Values', ['A', 'B'])] },
          { name: 'Name', type: 'string' },
        ],
      },
      {
        name: 'Derived',
        superclass: 'Base',
        properties: [
          { name: 'State', type: 'uint16', qualifiers: [q('ValueMap', ['1', '2', '3']), q('Values', ['On', 'Off', 'Standby'])] },
          { name: 'Same', type: 'uint16', qualifiers: [q('ValueMap', ['1', '2']), q('Values', ['A', 'B']), q('Description', 'Narrower text.')] },
          { name: 'Name', type: 'string', qualifiers: [q('Key')] },
        ],
      },
    ]),
  );
}
