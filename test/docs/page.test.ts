import { describe, expect, it } from 'vitest';
import { normalizeValue, readAvailabilityNote, readDocPage, readQualifierLine, readValueList } from '../../grammar/mddocs/page.js';
import { blockText, inlineText, readFrontMatter } from '../../grammar/mddocs/markdown.js';

const classPage = `---
description: The Win32\\_Thing&\\#32;WMI class represents a thing.
title: Win32_Thing class
api_name:
- Win32_Thing
- Win32_Thing.Name
---

# Win32\\_Thing class

The **Win32\\_Thing** [WMI class](../wmisdk/retrieving-a-class.md) represents a thing.

## Syntax

\`\`\` syntax
[Dynamic, Provider("CIMWin32")]
class Win32_Thing : CIM_Thing
{
  string Name;
  uint16 State;
  string Mode;
};
\`\`\`

## Members

### Methods

| Method | Description |
|:-------|:------------|
| [**Frob**](frob-method-in-class-win32-thing.md) | Frobs.<br/> **Windows 8 and Windows Server 2012:** This method is not supported before Windows 8.1 and Windows Server 2012 R2.<br/> |

### Properties

<dl> <dt>

**Name**
</dt> <dd> <dl> <dt>

Data type: **string**
</dt> <dt>

Access type: Read/write
</dt> <dt>

Qualifiers: [**Key**](../wmisdk/key-qualifier.md), [**MaxLen**](../wmisdk/standard-qualifiers.md) (256), [**MappingStrings**](../wmisdk/standard-qualifiers.md) ("Win32API\\|Structures\\|[**THING**](/x)\\|szName")
</dt> </dl>

Name of the thing.

This property is inherited from [**CIM\\_Thing**](cim-thing.md).

</dd> <dt>

**State**
</dt> <dd> <dl> <dt>

Data type: **uint16**
</dt> <dt>

Access type: Read-only
</dt> </dl>

State of the thing.

<dt>

<span id="Unknown"></span><span id="unknown"></span><span id="UNKNOWN"></span>**Unknown** (0)


</dt> <dd></dd> <dt>

**Running** (3 (0x3))


</dt> <dd></dd> <dt>

**Vendor Reserved** (32768 65535)


</dt> <dd></dd> </dl>

**Windows 7:** This property is not supported before Windows 8.

</dd> <dt>

**Mode**
</dt> <dd> <dl> <dt>

Data type: **string**
</dt> </dl>

<dt>

**Boot** ("Boot")


</dt> <dd></dd> </dl>

</dd> </dl>

## Requirements

| Requirement | Value |
|-------------------------------------|-------------------|
| Minimum supported client<br/> | Windows Vista<br/> |
| Minimum supported server<br/> | Windows Server 2008 [desktop apps only]<br/> |
| Namespace<br/>                | Root\\\\CIMV2<br/> |
`;

describe('reference pages: class pages', () => {
  it('reads front matter, syntax, properties, values, methods table and requirements', () => {
    const page = readDocPage(classPage, 'CIMWin32Prov/win32-thing.md');
    expect(page.kind).toBe('class');
    if (page.kind !== 'class') return;
    expect(page.syntax.name).toBe('Win32_Thing');
    expect(page.description).toBe('The Win32_Thing WMI class represents a thing.');
    expect(page.requirements).toEqual({ minimumClient: 'Windows Vista', minimumServer: 'Windows Server 2008', namespace: 'Root\\CIMV2' });
    const [name, state, mode] = page.properties;
    expect(name.name).toBe('Name');
    expect(name.access).toBe('readwrite');
    expect(name.inheritedFrom).toBe('CIM_Thing');
    expect(name.qualifiers).toEqual([
      { name: 'Key' },
      { name: 'MaxLen', args: [{ kind: 'number', value: '256' }] },
      { name: 'MappingStrings', args: [{ kind: 'string', value: 'Win32API|Structures|THING|szName' }] },
    ]);
    expect(name.description).toBe('Name of the thing.');
    expect(state.values).toEqual([
      { value: '0', name: 'Unknown' },
      { value: '3', name: 'Running' },
      { value: '32768..65535', name: 'Vendor Reserved' },
    ]);
    expect(state.minimumClient).toBe('Windows 8');
    expect(mode.values).toEqual([{ value: 'Boot', name: 'Boot' }]);
    expect(page.methods).toEqual([{ name: 'Frob', href: 'frob-method-in-class-win32-thing.md', description: 'Frobs.', minimumClient: 'Windows 8.1', minimumServer: 'Windows Server 2012 R2' }]);
  });

  it('reports a class page without a MOF declaration as unreadable, and a non-WMI class page as other', () => {
    const noSyntax = classPage.replace(/``` syntax[\s\S]*?```/, '');
    const p = readDocPage(noSyntax, 'x.md');
    expect(p.kind).toBe('unreadable');
    expect(p.kind === 'unreadable' && p.reason).toMatch(/no MOF class declaration/);
    const activeX = noSyntax.replace(/\| Namespace[^\n]*\n/, '');
    expect(readDocPage(activeX, 'y.md').kind).toBe('other');
  });
});

describe('reference pages: method pages', () => {
  it('reads the signature, parameter docs, both return-code layouts and requirements', () => {
    const text = `---
title: Frob method of the Win32_Thing class
---
# Frob method of the Win32\\_Thing class

The **Frob** method frobs. This is a static method.

## Syntax

\`\`\`mof
uint32 Frob(
  [in]  uint32 Level,
  [out] string Result[]
);
\`\`\`

## Parameters

<dl> <dt>

*Level* \\[in\\]
</dt> <dd>

How hard.

<dt>

<span id="Gently"></span><span id="gently"></span>**Gently** (1)


</dt> <dd>

Softly.

</dd> <dt>

**Other**
</dt> <dd>

3

Harder.

</dd> </dl> </dd> <dt>

*Result* \\[out\\]
</dt> <dd>

What came out.

</dd> </dl>

## Return value

<dl> <dt>

**Successful completion** (0)
</dt> <dt>

**Access denied**
</dt> <dd>

2

The user may not.
</dd> <dt>

**Other** (22 4294967295)
</dt> </dl>

## Requirements

| Requirement | Value |
|-|-|
| Minimum supported client | Windows 8.1 |
| Minimum supported server | Windows Server 2012 R2 |
`;
    const p = readDocPage(text, 'CIMWin32Prov/frob.md');
    expect(p.kind).toBe('method');
    if (p.kind !== 'method') return;
    expect([p.className, p.methodName, p.isStatic]).toEqual(['Win32_Thing', 'Frob', true]);
    expect(p.parameterDocs).toEqual([
      // `**Other**` is a value of Level, not a parameter heading.
      { name: 'Level', description: 'How hard.', values: [{ value: '1', name: 'Gently' }, { value: '3', name: 'Other' }] },
      { name: 'Result', description: 'What came out.', values: [] },
    ]);
    expect(p.returnValues).toEqual([
      { value: '0', name: 'Successful completion' },
      { value: '2', name: 'Access denied' },
      { value: '22..4294967295', name: 'Other' },
    ]);
    expect(p.requirements.minimumClient).toBe('Windows 8.1');
  });
});

describe('reference pages: static methods', () => {
  it('reads "The static **M** [WMI class](…) method" as static', () => {
    const page = (opening: string) => `---
title: Install method of the Win32_Product class
---
# Install method of the Win32\\_Product class

${opening} installs a package.

## Syntax

\`\`\`mof
uint32 Install(
  [in] string PackageLocation
);
\`\`\`
`;
    const stat = readDocPage(page('The static **Install** [WMI class](https://msdn.microsoft.com/library/aa393244) method'), 'MSIProv/install.md');
    expect(stat.kind === 'method' && stat.isStatic).toBe(true);
    const inst = readDocPage(page('The **Install** [WMI class](https://msdn.microsoft.com/library/aa393244) method'), 'MSIProv/install.md');
    expect(inst.kind === 'method' && inst.isStatic).toBe(false);
  });
});

describe('reference pages: small readers', () => {
  it('normalizes values', () => {
    expect(normalizeValue('1 (0x1)')).toBe('1');
    expect(normalizeValue('0x10')).toBe('16');
    expect(normalizeValue('101–4294967295')).toBe('101..4294967295');
    expect(normalizeValue('0x8000.. ')).toBe('32768..');
    expect(normalizeValue('..')).toBe('..');
    expect(normalizeValue('"Auto"')).toBe('Auto');
    expect(normalizeValue('-1')).toBe('-1');
    expect(normalizeValue('Audio redirection is enabled and the option is "x". The option is supported only when connecting remotely to a host computer.')).toBeUndefined();
  });

  it('reads qualifier lines in every layout the pages use', () => {
    expect(readQualifierLine('Qualifiers: **Key**, **Override**').qualifiers.map((q) => q.name)).toEqual(['Key', 'Override']);
    expect(readQualifierLine('Qualifiers: Key, Override("PartComponent")').qualifiers[1]).toEqual({ name: 'Override', args: [{ kind: 'string', value: 'PartComponent' }] });
    expect(readQualifierLine('Qualifiers: **MaxLen** ( 64 )').qualifiers[0]).toEqual({ name: 'MaxLen', args: [{ kind: 'number', value: '64' }] });
    expect(readQualifierLine('Qualifiers: **ModelCorrespondence** (CIM\\_X.A, CIM\\_X.B)').qualifiers[0].args).toEqual([
      { kind: 'string', value: 'CIM_X.A' },
      { kind: 'string', value: 'CIM_X.B' },
    ]);
  });

  it('reads a Value/Meaning table as a value list', () => {
    const md = `| Value | Meaning |
|---|---|
| <span id="0"></span><dl> <dt>**0**</dt> </dl> | No Restrictions.<br/> |
| <dl> <dt>**Static**</dt> <dt>3</dt> </dl> | The values were assigned manually |`;
    expect(readValueList(md)).toEqual([
      { value: '0', name: 'No Restrictions' },
      { value: '3', name: 'Static' },
    ]);
  });

  it('reads availability notes with dotted versions', () => {
    expect(readAvailabilityNote('Windows 8: This method is not supported before Windows 8.1 and Windows Server 2012 R2.')).toEqual({ minimumClient: 'Windows 8.1', minimumServer: 'Windows Server 2012 R2' });
    expect(readAvailabilityNote('nothing here')).toEqual({});
  });

  it('turns inline and block markdown into plain text', () => {
    expect(inlineText('The [**CIM\\_Process**](cim-process.md) class&#32;has `x` and *y*.<br/>')).toBe('The CIM_Process class has x and y.');
    expect(blockText('> [!NOTE]\n> Be careful.\n\nSecond.')).toBe('Be careful.\nSecond.');
    expect(readFrontMatter('---\ntitle: A\napi_name:\n- X.Y\n---\nbody').lists['api_name']).toEqual(['X.Y']);
  });
});
