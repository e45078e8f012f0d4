// Frames on the wire: JSON text by default, msgpack (binary) when the client asked for it by subprotocol.
import { Packr } from 'msgpackr';
import { EngineError } from '../../engine/platform/errors.js';
import type { Codec, ServerFrame } from '../../engine/push/push-types.js';

const packr = new Packr({ useRecords: false });

export interface EncodedFrame {
  data: string | Uint8Array;
  binary: boolean;
}

export function encodeFrame(codec: Codec, frame: ServerFrame): EncodedFrame {
  return codec === 'json' ? { data: JSON.stringify(frame), binary: false } : { data: packr.pack(frame), binary: true };
}

/** Decodes a client message; uWS neuters `message` when the handler returns, so this runs synchronously. */
export function decodeClientMessage(codec: Codec, message: ArrayBuffer): unknown {
  try {
    return codec === 'json' ? JSON.parse(Buffer.from(message).toString('utf8')) : packr.unpack(Buffer.from(message));
  } catch {
    throw new EngineError('MALFORMED_JSON', codec === 'json' ? 'message is not valid JSON' : 'message is not valid msgpack');
  }
}

/**
 * The event frames of one published payload, built at most once per codec and shared by every
 * subscriber. The JSON frame splices the payload text in as it came from NATS: no parse, no re-encode.
 */
export class EventFrames {
  private json?: Buffer;
  private msgpack?: Uint8Array;

  constructor(
    private readonly topic: string,
    private readonly payload: Uint8Array,
  ) {}

  get(codec: Codec): Uint8Array {
    if (codec === 'json') {
      return (this.json ??= Buffer.concat([Buffer.from(`{"type":"event","topic":"${this.topic}","data":`), this.payload, closingBrace]));
    }
    return (this.msgpack ??= packr.pack({ type: 'event', topic: this.topic, data: JSON.parse(Buffer.from(this.payload).toString('utf8')) }));
  }
}

const closingBrace = Buffer.from('}');
