// Finds where JSON text stops being valid, for error lines (JSON.parse on Node 20 does not always report a position).

class Scanner {
  i = 0;

  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) {
      this.i++;
    }
  }

  private fail(): never {
    throw this.i;
  }

  private literal(word: string): void {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
    } else {
      this.fail();
    }
  }

  private string(): void {
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
            this.fail();
          }
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          this.i += 2;
        } else {
          this.i++;
          this.fail();
        }
      } else if (c.charCodeAt(0) < 0x20) {
        this.fail();
      } else {
        this.i++;
      }
    }
    this.fail();
  }

  private number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (m === null) {
      this.fail();
    }
    this.i += m[0].length;
  }

  value(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        if (this.s[this.i] !== '"') {
          this.fail();
        }
        this.string();
        this.ws();
        if (this.s[this.i] !== ':') {
          this.fail();
        }
        this.i++;
        this.value();
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
        } else if (this.s[this.i] === '}') {
          this.i++;
          return;
        } else {
          this.fail();
        }
      }
    } else if (c === '[') {
      this.i++;
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return;
      }
      for (;;) {
        this.value();
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
        } else if (this.s[this.i] === ']') {
          this.i++;
          return;
        } else {
          this.fail();
        }
      }
    } else if (c === '"') {
      this.string();
    } else if (c === 't') {
      this.literal('true');
    } else if (c === 'f') {
      this.literal('false');
    } else if (c === 'n') {
      this.literal('null');
    } else {
      this.number();
    }
  }

  document(): void {
    this.value();
    this.ws();
    if (this.i < this.s.length) {
      this.fail();
    }
  }
}

/** The offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (at) {
    return typeof at === 'number' ? at : undefined;
  }
}
