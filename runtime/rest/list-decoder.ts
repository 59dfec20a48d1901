// Decodes a LIST response chunk by chunk: each element of `items` is parsed on its own, never the whole body at once.
import { decodeJsonText } from '../util/decode-json-text.js';

/** A LIST response that is not valid JSON, or whose `items` are not objects. */
export class ListDecodeError extends Error {
  constructor(
    message: string,
    /** Where in the body the problem was found, when known: a byte offset, or a character offset for a body parsed whole. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'ListDecodeError';
  }
}

/**
 * Bodies up to this size are parsed with one JSON.parse: scanning costs about a third of parsing, and a page of 500
 * Pods (about 4 MB) is small. Above it (an unpaged list, such as a list at resourceVersion "0" that the watch cache
 * serves whole), the body is scanned and its items parsed one by one.
 */
export const defaultStreamAboveBytes = 16 * 1024 * 1024;

/** Options of {@link ListDecoder}. */
export interface ListDecoderOptions {
  /** Bodies larger than this are decoded item by item. @default defaultStreamAboveBytes */
  readonly streamAboveBytes?: number;
}

function parseWhole(text: string): Record<string, unknown> {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new ListDecodeError('the body is not valid JSON', at === undefined ? undefined : Number(at));
  }
  if (typeof list !== 'object' || list === null || Array.isArray(list)) {
    throw new ListDecodeError('the body is not a JSON object');
  }
  return list as Record<string, unknown>;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

// Where the scanner is relative to the `items` array of the top-level object.
enum Region {
  /** Outside `items`: the bytes go to the skeleton (kind, apiVersion, metadata). */
  Outside,
  /** Inside `items`, between elements: only whitespace, commas and the closing bracket may come. */
  Between,
  /** Inside one element of `items`. */
  Item,
}

/**
 * A large list (150,000 Pods is about 1 GB of JSON) cannot be one string: V8 caps strings at 2^29 characters, and
 * one JSON.parse of it would block the event loop for seconds. This decoder splits the top-level `items` array at
 * the byte level (tracking strings, escapes and nesting across chunk boundaries), parses each element as soon as it
 * is complete, and parses what remains (kind, apiVersion, metadata) at the end. The separators between elements are
 * checked, so a malformed body is rejected as JSON.parse would reject it.
 */
export class ListDecoder {
  private readonly streamAbove: number;
  /** Chunks held while the body is small enough for one JSON.parse; undefined once scanning started. */
  private held: Buffer[] | undefined = [];
  private heldBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private region = Region.Outside;
  /** Depth 1 only: the bytes of the last string, enough to recognise the `items` key. */
  private keyBytes: number[] = [];
  private lastKey = '';
  private expectElement = true;
  private sawItems = false;
  private readonly skeleton: Buffer[] = [];
  private itemParts: Buffer[] = [];
  private itemStart = -1;
  private readonly items: unknown[] = [];
  private offset = 0;

  constructor(options: ListDecoderOptions = {}) {
    this.streamAbove = options.streamAboveBytes ?? defaultStreamAboveBytes;
  }

  /** Takes one chunk; once the body is past the bound, completed elements of `items` are parsed right away. */
  write(chunk: Buffer): void {
    if (this.held !== undefined) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      if (this.heldBytes <= this.streamAbove) {
        return;
      }
      const held = this.held;
      this.held = undefined;
      for (const c of held) {
        this.scan(c);
      }
      return;
    }
    this.scan(chunk);
  }

  private scan(chunk: Buffer): void {
    const n = chunk.length;
    let outsideFrom = this.region === Region.Outside ? 0 : -1;
    this.itemStart = this.region === Region.Item ? 0 : -1;
    let nextBackslash = -2;
    for (let i = 0; i < n; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Jump to the end of the string: most of a Kubernetes object's bytes are inside strings.
        const q = chunk.indexOf(QUOTE, i);
        if (nextBackslash !== -1 && nextBackslash < i) {
          nextBackslash = chunk.indexOf(BACKSLASH, i);
        }
        if (nextBackslash !== -1 && (q === -1 || nextBackslash < q)) {
          this.collectKey(chunk, i, nextBackslash);
          i = nextBackslash;
          this.escaped = true;
          continue;
        }
        if (q === -1) {
          this.collectKey(chunk, i, n);
          break;
        }
        this.collectKey(chunk, i, q);
        this.inString = false;
        if (this.depth === 1) {
          this.lastKey = String.fromCharCode(...this.keyBytes);
        }
        i = q;
        continue;
      }
      const c = chunk[i] as number;
      if (this.region === Region.Between) {
        if (isSpace(c)) {
          continue;
        }
        if (c === OPEN_BRACE && this.expectElement) {
          this.region = Region.Item;
          this.itemStart = i;
          this.depth++;
          this.expectElement = false;
          continue;
        }
        if (c === COMMA && !this.expectElement) {
          this.expectElement = true;
          continue;
        }
        if (c === CLOSE_BRACKET && (!this.expectElement || this.items.length === 0)) {
          this.depth--;
          this.region = Region.Outside;
          outsideFrom = i;
          continue;
        }
        throw new ListDecodeError(
          c === OPEN_BRACE || c === QUOTE || c === OPEN_BRACKET || (c >= 48 && c <= 57) || c === 45
            ? `items[${this.items.length}] is not an object, or a comma is missing before it`
            : `unexpected ${JSON.stringify(String.fromCharCode(c))} in the items array`,
          this.offset + i,
        );
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1) {
          this.keyBytes = [];
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        if (c === OPEN_BRACKET && this.depth === 2 && this.region === Region.Outside && this.lastKey === 'items') {
          if (this.sawItems) {
            throw new ListDecodeError('the list has two items arrays', this.offset + i);
          }
          this.sawItems = true;
          // The skeleton keeps `[`; its closing bracket comes with the bytes after the array.
          this.skeleton.push(chunk.subarray(outsideFrom, i + 1));
          outsideFrom = -1;
          this.region = Region.Between;
          this.expectElement = true;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.region === Region.Item && this.depth === 2) {
          this.finishItem(chunk, i + 1);
          this.region = Region.Between;
        }
      }
    }
    if (outsideFrom !== -1 && this.region === Region.Outside) {
      this.skeleton.push(chunk.subarray(outsideFrom));
    }
    if (this.region === Region.Item) {
      this.itemParts.push(chunk.subarray(this.itemStart));
    }
    this.offset += n;
  }

  /** The body ended: parses the rest and returns the list with its items. Throws ListDecodeError. */
  end(): Record<string, unknown> {
    if (this.held !== undefined) {
      return parseWhole(decodeJsonText(Buffer.concat(this.held, this.heldBytes)));
    }
    if (this.region !== Region.Outside || this.inString) {
      throw new ListDecodeError('the body ended inside the items array', this.offset);
    }
    const text = decodeJsonText(Buffer.concat(this.skeleton));
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch (err) {
      throw new ListDecodeError(`the list is not valid JSON outside its items (${(err as Error).name})`);
    }
    if (typeof list !== 'object' || list === null || Array.isArray(list)) {
      throw new ListDecodeError('the body is not a JSON object');
    }
    if (this.sawItems) {
      (list as Record<string, unknown>).items = this.items;
    }
    return list as Record<string, unknown>;
  }

  private collectKey(chunk: Buffer, from: number, to: number): void {
    // Keys at depth 1 are short; a long string there is a value and is not needed.
    if (this.depth === 1 && this.keyBytes.length + (to - from) <= 16) {
      for (let k = from; k < to; k++) {
        this.keyBytes.push(chunk[k] as number);
      }
    } else if (this.depth === 1) {
      this.keyBytes.length = 17;
    }
  }

  private finishItem(chunk: Buffer, end: number): void {
    let bytes: Buffer;
    if (this.itemParts.length === 0) {
      bytes = chunk.subarray(this.itemStart, end);
    } else {
      this.itemParts.push(chunk.subarray(0, end));
      bytes = Buffer.concat(this.itemParts);
      this.itemParts = [];
    }
    this.itemStart = -1;
    try {
      this.items.push(JSON.parse(decodeJsonText(bytes)));
    } catch (err) {
      throw new ListDecodeError(`items[${this.items.length}] is not valid JSON (${(err as Error).name})`);
    }
  }
}
