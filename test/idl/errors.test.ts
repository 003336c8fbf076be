import { describe, expect, it } from 'vitest';
import { WbemError, formatHResult, hresultName, isFailure, isWbemError } from '../../runtime/errors.js';
import { WmigenError } from '../../grammar/diagnostics.js';
import * as runtime from '../../runtime/index.js';

describe('WbemError', () => {
  it('names a WBEMSTATUS failure with its operation, unsigned', () => {
    const e = WbemError.fromHResult(-2147217392, 'IWbemServices::GetObject');
    expect(e).toBeInstanceOf(WmigenError);
    expect(e.hresult).toBe(0x80041010);
    expect(e.statusName).toBe('WBEM_E_INVALID_CLASS');
    expect(e.operation).toBe('IWbemServices::GetObject');
    expect(e.message).toBe('IWbemServices::GetObject failed: WBEM_E_INVALID_CLASS (0x80041010)');
    expect(e.detail).toBeUndefined();
    expect(e.name).toBe('WbemError');
  });

  it('uses common COM names, then the bare code', () => {
    expect(WbemError.fromHResult(0x80070005, 'IWbemLocator::ConnectServer').message).toBe('IWbemLocator::ConnectServer failed: E_ACCESSDENIED (0x80070005)');
    expect(hresultName(0x80004001)).toBe('E_NOTIMPL');
    expect(hresultName(0x80070057)).toBe('E_INVALIDARG');
    const odd = WbemError.fromHResult(0x8badf00d, 'IEnumWbemClassObject::Next', 'while reading Win32_Process');
    expect(odd.statusName).toBe('HRESULT 0x8BADF00D');
    expect(odd.message).toBe('IEnumWbemClassObject::Next failed: 0x8BADF00D: while reading Win32_Process');
    expect(odd.detail).toBe('while reading Win32_Process');
  });

  it('formats, classifies and recognizes', () => {
    expect(formatHResult(0x40004)).toBe('0x00040004');
    expect(hresultName(0x40004)).toBe('WBEM_S_TIMEDOUT');
    expect(isFailure(0x80041002)).toBe(true);
    expect(isFailure(-2147217406)).toBe(true);
    expect(isFailure(1)).toBe(false);
    const e = new WbemError(0x80041002, 'IWbemServices::GetObject');
    expect(isWbemError(e)).toBe(true);
    expect(isWbemError(e, 'WBEM_E_NOT_FOUND')).toBe(true);
    expect(isWbemError(e, 'WBEM_E_FAILED')).toBe(false);
    expect(isWbemError(new Error('x'))).toBe(false);
    expect(e.diagnostics[0]).toMatchObject({ severity: 'error', code: 'WBEM_E_NOT_FOUND' });
  });

  it('is exported from the runtime index', () => {
    expect(runtime.WbemError).toBe(WbemError);
    expect(runtime.isWbemError).toBe(isWbemError);
  });
});
