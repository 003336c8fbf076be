/**
 * CIM object paths (`\\host\root\cimv2:Win32_Process.Handle="42"`).
 *
 * `ObjectPath<C>` is the type generated bindings give `ref` properties: a string at run
 * time (as WMI sends references), branded with the referenced class for the compiler.
 */

export type ObjectPath<ClassName extends string = string> = string & {
  readonly __cimClass?: ClassName;
};
