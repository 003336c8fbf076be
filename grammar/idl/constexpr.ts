/**
 * Integer constant expressions: evaluation of parsed `Expr` trees (enum values, consts,
 * array sizes) and of preprocessor `#if` lines given as tokens. Values are BigInt so
 * `0x80041010`, `1 << 31` and `~0` keep their mathematical values; casts narrow
 * (`(int) 0x80000000` is -2147483648) when the caller tells the width of the type.
 */

import type { IToken } from '../chevrotain.js';
import type { Expr, TypeRef } from './ast.js';

export class ConstExprError extends Error {}

export interface EvalEnv {
  /** Value of a named constant (enum member, const), or undefined when unknown. */
  lookup(name: string): bigint | undefined;
  /** Bit width and signedness of a cast's type, or undefined to leave the value as is. */
  castWidth?(type: TypeRef, pointerDepth: number): { bits: number; signed: boolean } | undefined;
}

export function parseIntLiteral(text: string): bigint {
  const digits = text.replace(/[uUlL]+$/, '');
  if (/^0[xX]/.test(digits)) return BigInt(digits);
  if (/^0[0-7]+$/.test(digits)) return BigInt('0o' + digits.slice(1));
  return BigInt(digits);
}

export function parseCharLiteral(text: string): bigint {
  const body = text.replace(/^L?'/, '').replace(/'$/, '');
  if (!body.startsWith('\\')) return BigInt(body.codePointAt(0) ?? 0);
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  const c = body[1];
  if (c === 'x') return BigInt('0x' + body.slice(2));
  if (/[0-7]/.test(c) && body.length > 2) return BigInt('0o' + body.slice(1));
  return BigInt(esc[c] ?? c.charCodeAt(0));
}

export function wrap(value: bigint, bits: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

export function evaluate(expr: Expr, env: EvalEnv): bigint {
  switch (expr.kind) {
    case 'number':
    case 'char':
      return expr.value;
    case 'float':
      return BigInt(Math.trunc(expr.value));
    case 'string':
      throw new ConstExprError('a string is not an integer constant');
    case 'sizeof':
      throw new ConstExprError(`sizeof(${expr.text}) is not evaluated`);
    case 'name': {
      const v = env.lookup(expr.name);
      if (v === undefined) throw new ConstExprError(`unknown constant ${expr.name}`);
      return v;
    }
    case 'unary': {
      const a = evaluate(expr.arg, env);
      switch (expr.op) {
        case '-':
          return -a;
        case '+':
          return a;
        case '~':
          return ~a;
        case '!':
          return a === 0n ? 1n : 0n;
        default:
          throw new ConstExprError(`operator ${expr.op} in a constant expression`);
      }
    }
    case 'binary':
      return binary(expr.op, evaluate(expr.left, env), () => evaluate(expr.right, env));
    case 'conditional':
      return evaluate(expr.test, env) !== 0n ? evaluate(expr.then, env) : evaluate(expr.else, env);
    case 'cast': {
      const v = evaluate(expr.arg, env);
      const w = env.castWidth?.(expr.type, expr.pointerDepth);
      return w ? wrap(v, w.bits, w.signed) : v;
    }
  }
}

function binary(op: string, a: bigint, rightThunk: () => bigint): bigint {
  if (op === '&&') return a !== 0n && rightThunk() !== 0n ? 1n : 0n;
  if (op === '||') return a !== 0n || rightThunk() !== 0n ? 1n : 0n;
  const b = rightThunk();
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0n) throw new ConstExprError('division by zero');
      return a / b;
    case '%':
      if (b === 0n) throw new ConstExprError('division by zero');
      return a % b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '==':
      return a === b ? 1n : 0n;
    case '!=':
      return a !== b ? 1n : 0n;
    case '<':
      return a < b ? 1n : 0n;
    case '>':
      return a > b ? 1n : 0n;
    case '<=':
      return a <= b ? 1n : 0n;
    case '>=':
      return a >= b ? 1n : 0n;
    default:
      throw new ConstExprError(`operator ${op} in a constant expression`);
  }
}

/** Binary operator precedence, C's order (higher binds tighter). */
export const binaryPrecedence: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

/** Folds a flat `operand (op operand)*` list into a tree by precedence (left-associative). */
export function foldBinary(operands: Expr[], ops: string[]): Expr {
  let pos = 0;
  let opPos = 0;
  const climb = (minPrec: number): Expr => {
    let left = operands[pos++];
    while (opPos < ops.length && binaryPrecedence[ops[opPos]] >= minPrec) {
      const op = ops[opPos++];
      const right = climb(binaryPrecedence[op] + 1);
      left = { kind: 'binary', op, left, right };
    }
    return left;
  };
  return climb(1);
}

/**
 * Evaluates a preprocessor `#if` expression already macro-expanded and with `defined`
 * answered: identifiers left over are 0, as in C.
 */
export function evaluateTokens(tokens: readonly IToken[]): bigint {
  let i = 0;
  const peek = () => tokens[i]?.image;
  const primary = (): Expr => {
    const t = tokens[i++];
    if (!t) throw new ConstExprError('unexpected end of expression');
    const img = t.image;
    if (img === '(') {
      const e = conditional();
      if (tokens[i++]?.image !== ')') throw new ConstExprError('missing )');
      return e;
    }
    if (img === '-' || img === '+' || img === '~' || img === '!') return { kind: 'unary', op: img, arg: primary() };
    if (/^\d/.test(img)) return { kind: 'number', value: parseIntLiteral(img), text: img };
    if (/^L?'/.test(img)) return { kind: 'char', value: parseCharLiteral(img) };
    if (/^[A-Za-z_]/.test(img)) return { kind: 'number', value: 0n, text: img };
    throw new ConstExprError(`unexpected ${img}`);
  };
  const binaryExpr = (): Expr => {
    const operands = [primary()];
    const ops: string[] = [];
    while (i < tokens.length && binaryPrecedence[peek()!] !== undefined) {
      ops.push(tokens[i++].image);
      operands.push(primary());
    }
    return foldBinary(operands, ops);
  };
  const conditional = (): Expr => {
    const test = binaryExpr();
    if (peek() !== '?') return test;
    i++;
    const then = conditional();
    if (tokens[i++]?.image !== ':') throw new ConstExprError('missing : in ?:');
    return { kind: 'conditional', test, then, else: conditional() };
  };
  const e = conditional();
  if (i < tokens.length) throw new ConstExprError(`unexpected ${tokens[i].image}`);
  return evaluate(e, { lookup: () => 0n });
}
