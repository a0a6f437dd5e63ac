/**
 * Where and why a text is not JSON. JSON.parse says so in engine-specific words and sometimes
 * without a position ("Unexpected token 'x', ... is not valid JSON"); this scanner, run only
 * after JSON.parse failed, finds the first offending character and explains it the same way on
 * every runtime. It checks syntax only and builds no values; nesting uses an explicit stack.
 */

export interface JsonSyntaxProblem {
  /** 1-based line of the offending character (or of the end of the input). */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units like editors do. */
  readonly column: number;
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function shown(text: string, at: number): string {
  if (at >= text.length) return "end of input";
  const code = text.codePointAt(at)!;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  // A bare word (`tru`, `undefined`, `NaN`) reads better whole than as its first letter.
  const word = /[A-Za-z_$][\w$]*/y;
  word.lastIndex = at;
  if (word.test(text)) return `'${text.slice(at, Math.min(word.lastIndex, at + 20))}'`;
  const char = String.fromCodePoint(code);
  return char === "'" ? `"'"` : `'${char}'`;
}

/** The offset and explanation of the first syntax error in `text`, or undefined if it is JSON. */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  const stack: ("{" | "[")[] = [];
  let i = 0;
  type State = "value" | "firstValue" | "key" | "firstKey" | "after";
  let state: State = "value";
  const fail = (message: string, at = i) => ({ offset: at, message });

  const skipWhitespace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const scanString = (): { offset: number; message: string } | undefined => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return fail("invalid \\u escape in string: expected 4 hex digits");
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) {
          i += 2;
        } else {
          return fail(`invalid escape in string: \\${next ?? ""}`);
        }
        continue;
      }
      if (c < 0x20) return fail(`control character ${shown(text, i)} in string must be escaped`);
      i++;
    }
    return fail("unterminated string", start);
  };

  for (;;) {
    skipWhitespace();
    if (state === "value" || state === "firstValue") {
      const c = text[i];
      if (state === "firstValue" && c === "]") {
        i++;
        stack.pop();
        state = "after";
      } else if (c === "{") {
        i++;
        stack.push("{");
        state = "firstKey";
      } else if (c === "[") {
        i++;
        stack.push("[");
        state = "firstValue";
      } else if (c === '"') {
        const problem = scanString();
        if (problem) return problem;
        state = "after";
      } else if (c === "-" || (c >= "0" && c <= "9")) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail("invalid number");
        i = NUMBER.lastIndex;
        state = "after";
      } else if (text.startsWith("true", i) || text.startsWith("null", i)) {
        i += 4;
        state = "after";
      } else if (text.startsWith("false", i)) {
        i += 5;
        state = "after";
      } else {
        return fail(`expected a value, found ${shown(text, i)}`);
      }
    } else if (state === "key" || state === "firstKey") {
      if (state === "firstKey" && text[i] === "}") {
        i++;
        stack.pop();
        state = "after";
        continue;
      }
      if (text[i] !== '"') {
        return fail(`expected a property name in double quotes, found ${shown(text, i)}`);
      }
      const problem = scanString();
      if (problem) return problem;
      skipWhitespace();
      if (text[i] !== ":") return fail(`expected ':' after property name, found ${shown(text, i)}`);
      i++;
      state = "value";
    } else {
      const top = stack.at(-1);
      if (top === undefined) {
        return i < n ? fail(`unexpected ${shown(text, i)} after the JSON value`) : undefined;
      }
      const close = top === "{" ? "}" : "]";
      if (text[i] === ",") {
        i++;
        state = top === "{" ? "key" : "value";
      } else if (text[i] === close) {
        i++;
        stack.pop();
      } else {
        const after = top === "{" ? "a property value" : "an array element";
        return fail(`expected ',' or '${close}' after ${after}, found ${shown(text, i)}`);
      }
    }
  }
}

/** Why `text` failed JSON.parse, with line and column; `error` is JSON.parse's own error. */
export function describeJsonSyntaxError(text: string, error: unknown): JsonSyntaxProblem {
  if (/^[ \t\n\r]*$/.test(text)) {
    return { line: 1, column: 1, message: "no JSON value (empty input)" };
  }
  const found = findJsonSyntaxError(text);
  if (found !== undefined) return { ...lineAndColumn(text, found.offset), message: found.message };
  // Not reached for input JSON.parse rejects; keep the engine's words rather than lose them.
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  return {
    ...lineAndColumn(text, offset),
    message: message.replace(/ in JSON at position.*$/, ""),
  };
}
