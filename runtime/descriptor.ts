/**
 * Class descriptors: what generated bindings hand to the runtime so it can convert
 * values between WMI's wire form and typed JavaScript, and check names.
 *
 * Generated code calls `defineClass<Instance, Methods, StaticMethods>(descriptor)`;
 * the type parameters exist only for the compiler (phantom fields), the descriptor
 * is plain data.
 */

import type { CimType } from '../model/cim/types.js';

export type { CimType };

export interface PropertyDescriptor {
  readonly name: string;
  /**
   * How values convert: as declared, except `object` for a string qualified
   * `EmbeddedObject` or `EmbeddedInstance("X")`, which holds an embedded object.
   */
  readonly cimType: CimType;
  readonly isArray: boolean;
  /** For `reference`. */
  readonly refClass?: string;
  /** The embedded object's class, when known (`object` typed by a class, or EmbeddedInstance). */
  readonly embeddedClass?: string;
  readonly isKey?: boolean;
  readonly writable?: boolean;
  /** datetime properties qualified as intervals (`Interval` / SubType("interval")). */
  readonly isInterval?: boolean;
}

export interface ParameterDescriptor extends PropertyDescriptor {
  readonly in: boolean;
  readonly out: boolean;
}

export interface MethodDescriptor {
  readonly name: string;
  readonly isStatic: boolean;
  readonly returnType: CimType | 'void';
  readonly parameters: readonly ParameterDescriptor[];
}

export interface ClassDescriptor {
  readonly name: string;
  /** e.g. `root\cimv2`. */
  readonly namespace: string;
  readonly superclass: string | null;
  readonly keys: readonly string[];
  readonly isAssociation?: boolean;
  /** All properties, inherited included, keyed by declared spelling. */
  readonly properties: Readonly<Record<string, PropertyDescriptor>>;
  readonly methods: Readonly<Record<string, MethodDescriptor>>;
}

/** Method signature shape used by generated method maps. */
export interface MethodSignature<In extends object = object, Out extends object = object> {
  readonly in: In;
  readonly out: Out;
}

/**
 * A generated class handle: descriptor plus phantom types.
 * `Instance` is the property interface, `Methods` maps instance methods to
 * `MethodSignature`s, `StaticMethods` likewise for `[Static]` methods.
 */
export interface WmiClass<
  Instance extends object = Record<string, unknown>,
  Methods extends Record<string, MethodSignature> = Record<never, MethodSignature>,
  StaticMethods extends Record<string, MethodSignature> = Record<never, MethodSignature>,
> {
  readonly descriptor: ClassDescriptor;
  /** Phantom: never set at run time. */
  readonly __instance?: Instance;
  readonly __methods?: Methods;
  readonly __staticMethods?: StaticMethods;
}

export type InstanceOf<C> = C extends WmiClass<infer I, any, any> ? I : never;
export type MethodsOf<C> = C extends WmiClass<any, infer M, any> ? M : never;
export type StaticMethodsOf<C> = C extends WmiClass<any, any, infer S> ? S : never;

export function defineClass<
  Instance extends object,
  Methods extends Record<string, MethodSignature> = Record<never, MethodSignature>,
  StaticMethods extends Record<string, MethodSignature> = Record<never, MethodSignature>,
>(descriptor: ClassDescriptor): WmiClass<Instance, Methods, StaticMethods> {
  return Object.freeze({ descriptor });
}
