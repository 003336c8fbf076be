/** WS-Man XML ↔ wire values: the forms no OMI sample instance carries. */

import { describe, expect, it } from 'vitest';
import { dmtfOfXsDateTime, dmtfOfXsDuration, xsOfDmtf } from '../../runtime/wsman/datetime.js';
import { classSchemaOf } from '../../runtime/wsman/schema.js';
import { decodeInstance, encodeInstance, type DecodeContext } from '../../runtime/wsman/values.js';
import { parseXml } from '../../runtime/wsman/xml.js';

const schemaXml = `<CLASS NAME="T" SUPERCLASS=""><PROPERTY NAME="Key" TYPE="uint64"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER></PROPERTY>
<PROPERTY NAME="C" TYPE="char16"/><PROPERTY NAME="R" TYPE="real32"/><PROPERTY.ARRAY NAME="Arr" TYPE="sint16"/><PROPERTY.ARRAY NAME="Empty" TYPE="string"/>
<PROPERTY.ARRAY NAME="NilArr" TYPE="string"/><PROPERTY NAME="Emb" TYPE="string"><QUALIFIER NAME="EmbeddedInstance" TYPE="string"><VALUE>E</VALUE></QUALIFIER></PROPERTY>
<PROPERTY.REFERENCE NAME="Ref" REFERENCECLASS="E"/><PROPERTY NAME="Iv" TYPE="datetime"/></CLASS>`;
const eSchemaXml = `<CLASS NAME="E"><PROPERTY NAME="Id" TYPE="uint32"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER></PROPERTY><PROPERTY.ARRAY NAME="Tags" TYPE="string"/></CLASS>`;
const schemas = new Map([
  ['t', classSchemaOf(parseXml(schemaXml))],
  ['e', classSchemaOf(parseXml(eSchemaXml))],
]);
const ctx: DecodeContext = {
  schemaOf: (c) => schemas.get(c.toLowerCase()),
  host: 'H',
  namespace: 'root/x',
};

const instanceXml = `<p:T xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/x/T" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common">
<p:Key>18446744073709551615</p:Key><p:C>233</p:C><p:R>-INF</p:R><p:Arr>-1</p:Arr><p:Arr>2</p:Arr><p:NilArr xsi:nil="true"/>
<p:Emb><q:E xmlns:q="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/x/E" xsi:type="q:E_Type"><q:Id>7</q:Id><q:Tags>a</q:Tags></q:E></p:Emb>
<p:Ref><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>
<w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/wmi/root/other/E</w:ResourceURI><w:SelectorSet><w:Selector Name="Id">7</w:Selector></w:SelectorSet></a:ReferenceParameters></p:Ref>
<p:Iv><cim:Interval>P1DT25H61M1.25S</cim:Interval></p:Iv></p:T>`;

describe('WS-Man values', () => {
  it('decodes every form into the wire form, typed by the schemas', () => {
    const obj = decodeInstance(parseXml(instanceXml), ctx, null);
    expect(obj).toEqual({
      className: 'T',
      path: null,
      properties: {
        Key: '18446744073709551615',
        C: '\u00e9',
        R: -Infinity,
        Arr: [-1, 2],
        NilArr: null,
        Emb: { className: 'E', path: null, properties: { Id: 7, Tags: ['a'] } },
        Ref: '\\\\H\\root\\other:E.Id=7',
        Iv: '00000002020101.250000:000',
      },
    });
  });

  it('converts datetimes between DSP0230 and DMTF text both ways', () => {
    expect(dmtfOfXsDateTime('2010-12-31T12:30:03.123456+06:00')).toBe('20101231123003.123456+360');
    expect(dmtfOfXsDateTime('2001-01-01T01:01:01Z')).toBe('20010101010101.000000+000');
    expect(dmtfOfXsDuration('P2000D')).toBe('00002000000000.000000:000');
    expect(dmtfOfXsDuration('PT')).toBeUndefined();
    expect(xsOfDmtf('20240229235958.123456-300')).toEqual({
      element: 'Datetime',
      text: '2024-02-29T23:59:58.123456-05:00',
    });
    expect(xsOfDmtf('00000001020304.500000:000')).toEqual({
      element: 'Interval',
      text: 'P1DT2H3M4.500000S',
    });
    for (const d of ['20240229235958.123456-300', '19991231000000.000000+000'])
      expect(dmtfOfXsDateTime(xsOfDmtf(d).text)).toBe(d);
  });

  it('encodes an instance that decodes back to the same wire object', () => {
    const obj = decodeInstance(parseXml(instanceXml), ctx, null);
    const xml = encodeInstance(
      { ...obj, properties: { ...obj.properties, Ref: null, R: 1.5 } },
      {
        schemaOf: ctx.schemaOf,
        classUri: (c) => `http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/${c}`,
        eprOfPath: () => ({ address: '', resourceUri: '', selectors: [] }),
      },
    );
    const back = decodeInstance(parseXml(xml), ctx, null);
    expect(back.properties).toEqual({ ...obj.properties, Ref: null, R: 1.5 });
  });
});
