// A safe parser (no eval) for Playwright-style locator strings: getByRole('button', { name: 'Pay' }).first() and friends.
import type { LocatorChain, LocatorStep, RegexLiteral } from './locator-ast.ts';
import { checkRawSelector, toStep, type ParsedValue } from './locator-steps.ts';

export const MAX_LOCATOR_LENGTH = 4000;
const MAX_NESTING = 5;
const MAX_STEPS = 32;

export class LocatorSyntaxError extends Error {
  readonly code = 'LOCATOR_INVALID';
  constructor(
    message: string,
    readonly position: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LocatorSyntaxError';
  }
}

const CHAIN_START = /^(?:page\s*\.\s*)?(?:getBy[A-Za-z]+|locator|frameLocator)\s*\(/;
/** Looks like a call (`name(` or `page.`) but is not a supported locator method. */
const CALL_LIKE = /^(?:page\s*\.|[A-Za-z_$][\w$]*\s*\()/;

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  fail(message: string, at = this.pos): never {
    throw new LocatorSyntaxError(`${message} at position ${at} in locator`, at);
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  private peek(): string {
    this.skipSpace();
    return this.src[this.pos] ?? '';
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  private accept(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos++;
    return true;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.src.length;
  }

  private identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos));
    if (!match) this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private string(): string {
    const quote = this.src[this.pos];
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++] ?? '';
      if (ch === quote) return out;
      if (quote === '`' && ch === '$' && this.src[this.pos] === '{')
        this.fail('template substitutions are not allowed', this.pos - 1);
      if (ch === '\n' && quote !== '`') this.fail('unterminated string', start);
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.src[this.pos++] ?? '';
      switch (esc) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'v':
          out += '\v';
          break;
        case '0':
          out += '\0';
          break;
        case 'u': {
          const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(this.src.slice(this.pos));
          const plain = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
          const hex = braced?.[1] ?? plain?.[0];
          if (hex === undefined) this.fail('bad \\u escape');
          const code = Number.parseInt(hex, 16);
          if (code > 0x10ffff) this.fail('bad \\u escape');
          out += String.fromCodePoint(code);
          this.pos += (braced ?? plain)?.[0].length ?? 0;
          break;
        }
        case 'x': {
          const hex = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos))?.[0];
          if (hex === undefined) this.fail('bad \\x escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 2;
          break;
        }
        case '\n':
          break; // line continuation
        case '':
          this.fail('unterminated string', start);
          break;
        default:
          out += esc;
      }
    }
    this.fail('unterminated string', start);
  }

  private regex(): RegexLiteral {
    const start = this.pos;
    this.pos++; // opening slash
    let source = '';
    let inClass = false;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++] ?? '';
      if (ch === '\\') {
        source += ch + (this.src[this.pos++] ?? '');
        continue;
      }
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      else if (ch === '/' && !inClass) {
        const flags = /^[dgimsuvy]*/.exec(this.src.slice(this.pos))?.[0] ?? '';
        this.pos += flags.length;
        try {
          new RegExp(source, flags);
        } catch (error) {
          throw new LocatorSyntaxError(`invalid regular expression at position ${start}`, start, {
            cause: error,
          });
        }
        return { regex: source, flags };
      } else if (ch === '\n') break;
      source += ch;
    }
    this.fail('unterminated regular expression', start);
  }

  private number(): number {
    const match = /^-?\d+(?:\.\d+)?/.exec(this.src.slice(this.pos));
    if (!match) this.fail('expected a number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private value(depth: number): ParsedValue {
    const ch = this.peek();
    if (ch === "'" || ch === '"' || ch === '`') return { kind: 'string', value: this.string() };
    if (ch === '/') return { kind: 'regex', value: this.regex() };
    if (ch === '-' || /\d/.test(ch)) return { kind: 'number', value: this.number() };
    if (ch === '{') return { kind: 'object', value: this.object(depth) };
    const saved = this.pos;
    const word = this.identifier();
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
    this.pos = saved;
    return { kind: 'locator', value: this.chain(depth + 1) };
  }

  private object(depth: number): Map<string, ParsedValue> {
    this.expect('{');
    const props = new Map<string, ParsedValue>();
    while (!this.accept('}')) {
      const ch = this.peek();
      const key = ch === "'" || ch === '"' ? this.string() : this.identifier();
      this.expect(':');
      if (props.has(key)) this.fail(`duplicate option "${key}"`);
      props.set(key, this.value(depth));
      if (!this.accept(',')) {
        this.expect('}');
        break;
      }
    }
    return props;
  }

  private args(depth: number): ParsedValue[] {
    this.expect('(');
    const args: ParsedValue[] = [];
    while (!this.accept(')')) {
      args.push(this.value(depth));
      if (!this.accept(',')) {
        this.expect(')');
        break;
      }
    }
    return args;
  }

  chain(depth: number): LocatorChain {
    if (depth > MAX_NESTING) this.fail('locator nested too deeply');
    const steps: LocatorStep[] = [];
    const start = this.pos;
    let first = this.identifier();
    if (first === 'page') {
      this.expect('.');
      first = this.identifier();
    }
    let name = first;
    for (;;) {
      const at = this.pos;
      steps.push(toStep(name, this.args(depth), (message) => this.fail(message, at)));
      if (steps.length > MAX_STEPS) this.fail('too many chained calls', start);
      if (this.peek() !== '.') break;
      this.pos++;
      name = this.identifier();
    }
    return { steps };
  }
}

export function parseLocator(source: string): LocatorChain {
  if (source.length > MAX_LOCATOR_LENGTH)
    throw new LocatorSyntaxError(`locator longer than ${MAX_LOCATOR_LENGTH} characters`, 0);
  const trimmed = source.trim();
  if (trimmed === '') throw new LocatorSyntaxError('empty locator', 0);
  if (!CHAIN_START.test(trimmed)) {
    if (CALL_LIKE.test(trimmed)) {
      const name = /^(?:page\s*\.\s*)?([\w$]*)/.exec(trimmed)?.[1] ?? '';
      throw new LocatorSyntaxError(`unsupported locator method "${name}"`, 0);
    }
    checkRawSelector(trimmed, (message) => {
      throw new LocatorSyntaxError(message, 0);
    });
    return { steps: [{ method: 'selector', selector: trimmed }] };
  }
  const parser = new Parser(trimmed);
  const chain = parser.chain(0);
  if (!parser.atEnd()) parser.fail('unexpected text after the locator');
  return chain;
}
