import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  topic: string
  payload: Uint8Array<ArrayBuffer>
  timestamp: number
  ttl: number
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(10)
          w.string(obj.topic)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.payload)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.ttl != null && obj.ttl !== 0)) {
          w.uint32(32)
          w.uint32(obj.ttl)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          topic: '',
          payload: uint8ArrayAlloc(0),
          timestamp: 0,
          ttl: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.topic = reader.string()
              break
            }
            case 2: {
              obj.payload = reader.bytes()
              break
            }
            case 3: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 4: {
              obj.ttl = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.ttl`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EnvelopeTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface EnvelopePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface EnvelopeTtlFieldEvent {
    field: '$.ttl'
    value: number
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeTopicFieldEvent | EnvelopePayloadFieldEvent | EnvelopeTimestampFieldEvent | EnvelopeTtlFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface PushRequest {
  envelope?: Envelope
}

export namespace PushRequest {
  let _codec: Codec<PushRequest>

  export const codec = (): Codec<PushRequest> => {
    if (_codec == null) {
      _codec = message<PushRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelope != null) {
          w.uint32(10)
          Envelope.codec().encode(obj.envelope, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelope
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelope`, {
                limits: opts.limits?.envelope
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushRequestEnvelopeTopicFieldEvent {
    field: '$.envelope.topic'
    value: string
  }

  export interface PushRequestEnvelopePayloadFieldEvent {
    field: '$.envelope.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushRequestEnvelopeTimestampFieldEvent {
    field: '$.envelope.timestamp'
    value: number
  }

  export interface PushRequestEnvelopeTtlFieldEvent {
    field: '$.envelope.ttl'
    value: number
  }

  export function encode (obj: Partial<PushRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushRequest>): PushRequest {
    return decodeMessage(buf, PushRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushRequest>): Generator<PushRequestEnvelopeTopicFieldEvent | PushRequestEnvelopePayloadFieldEvent | PushRequestEnvelopeTimestampFieldEvent | PushRequestEnvelopeTtlFieldEvent> {
    return streamMessage(buf, PushRequest.codec(), opts)
  }
}

export interface PushResponse {
  id: Uint8Array<ArrayBuffer>
  duplicate: boolean
}

export namespace PushResponse {
  let _codec: Codec<PushResponse>

  export const codec = (): Codec<PushResponse> => {
    if (_codec == null) {
      _codec = message<PushResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.duplicate != null && obj.duplicate !== false)) {
          w.uint32(16)
          w.bool(obj.duplicate)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          duplicate: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.duplicate = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.duplicate`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushResponseIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushResponseDuplicateFieldEvent {
    field: '$.duplicate'
    value: boolean
  }

  export function encode (obj: Partial<PushResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushResponse>): PushResponse {
    return decodeMessage(buf, PushResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushResponse>): Generator<PushResponseIdFieldEvent | PushResponseDuplicateFieldEvent> {
    return streamMessage(buf, PushResponse.codec(), opts)
  }
}

export interface QueryRequest {
  topics: string[]
  from?: number
  to?: number
  cursor: Uint8Array<ArrayBuffer>
  pageSize: number
  direction: QueryRequest.Direction
}

export namespace QueryRequest {
  export enum Direction {
    FORWARD = 'FORWARD',
    BACKWARD = 'BACKWARD'
  }

  enum __DirectionValues {
    FORWARD = 0,
    BACKWARD = 1
  }

  export namespace Direction {
    export const codec = (): Codec<Direction> => {
      return enumeration<Direction>(__DirectionValues)
    }
  }

  let _codec: Codec<QueryRequest>

  export const codec = (): Codec<QueryRequest> => {
    if (_codec == null) {
      _codec = message<QueryRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.topics != null && obj.topics.length > 0) {
          for (const value of obj.topics) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (obj.from != null) {
          w.uint32(16)
          w.uint64Number(obj.from)
        }

        if (obj.to != null) {
          w.uint32(24)
          w.uint64Number(obj.to)
        }

        if ((obj.cursor != null && obj.cursor.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.cursor)
        }

        if ((obj.pageSize != null && obj.pageSize !== 0)) {
          w.uint32(40)
          w.uint32(obj.pageSize)
        }

        if (obj.direction != null && __DirectionValues[obj.direction] !== 0) {
          w.uint32(48)
          QueryRequest.Direction.codec().encode(obj.direction, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          topics: [],
          cursor: uint8ArrayAlloc(0),
          pageSize: 0,
          direction: Direction.FORWARD
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.topics != null && obj.topics.length === opts.limits.topics) {
                throw new MaxLengthError('Decode error - repeated field "topics" had too many elements')
              }

              obj.topics.push(reader.string())
              break
            }
            case 2: {
              obj.from = reader.uint64Number()
              break
            }
            case 3: {
              obj.to = reader.uint64Number()
              break
            }
            case 4: {
              obj.cursor = reader.bytes()
              break
            }
            case 5: {
              obj.pageSize = reader.uint32()
              break
            }
            case 6: {
              obj.direction = QueryRequest.Direction.codec().decode(reader)
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          topics: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.topics != null && obj.topics === opts.limits.topics) {
                throw new MaxLengthError('Streaming decode error - repeated field "topics" had too many elements')
              }

              yield {
                field: `${prefix}.topics[]`,
                index: obj.topics,
                value: reader.string()
              }

              obj.topics++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.from`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.to`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.cursor`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.pageSize`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.direction`,
                value: QueryRequest.Direction.codec().decode(reader)
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface QueryRequestTopicsFieldEvent {
    field: '$.topics[]'
    index: number
    value: string
  }

  export interface QueryRequestFromFieldEvent {
    field: '$.from'
    value: number
  }

  export interface QueryRequestToFieldEvent {
    field: '$.to'
    value: number
  }

  export interface QueryRequestCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface QueryRequestPageSizeFieldEvent {
    field: '$.pageSize'
    value: number
  }

  export interface QueryRequestDirectionFieldEvent {
    field: '$.direction'
    value: QueryRequest.Direction
  }

  export function encode (obj: Partial<QueryRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, QueryRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryRequest>): QueryRequest {
    return decodeMessage(buf, QueryRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryRequest>): Generator<QueryRequestTopicsFieldEvent | QueryRequestFromFieldEvent | QueryRequestToFieldEvent | QueryRequestCursorFieldEvent | QueryRequestPageSizeFieldEvent | QueryRequestDirectionFieldEvent> {
    return streamMessage(buf, QueryRequest.codec(), opts)
  }
}

export interface QueryResponse {
  envelopes: Envelope[]
  cursor: Uint8Array<ArrayBuffer>
}

export namespace QueryResponse {
  let _codec: Codec<QueryResponse>

  export const codec = (): Codec<QueryResponse> => {
    if (_codec == null) {
      _codec = message<QueryResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(10)
            Envelope.codec().encode(value, w)
          }
        }

        if ((obj.cursor != null && obj.cursor.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.cursor)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelopes: [],
          cursor: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelopes$
              }))
              break
            }
            case 2: {
              obj.cursor = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              for (const evt of Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelopes[]`, {
                limits: opts.limits?.envelopes$
              })) {
                yield {
                  ...evt,
                  index: obj.envelopes
                }
              }

              obj.envelopes++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.cursor`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface QueryResponseEnvelopesTopicFieldEvent {
    field: '$.envelopes[].topic'
    value: string
    index: number
  }

  export interface QueryResponseEnvelopesPayloadFieldEvent {
    field: '$.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface QueryResponseEnvelopesTimestampFieldEvent {
    field: '$.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface QueryResponseEnvelopesTtlFieldEvent {
    field: '$.envelopes[].ttl'
    value: number
    index: number
  }

  export interface QueryResponseCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<QueryResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, QueryResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryResponse>): QueryResponse {
    return decodeMessage(buf, QueryResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryResponse>): Generator<QueryResponseEnvelopesTopicFieldEvent | QueryResponseEnvelopesPayloadFieldEvent | QueryResponseEnvelopesTimestampFieldEvent | QueryResponseEnvelopesTtlFieldEvent | QueryResponseCursorFieldEvent> {
    return streamMessage(buf, QueryResponse.codec(), opts)
  }
}

export interface MailError {
  code: number
  message: string
  retryAfterMs: number
  limit: string
}

export namespace MailError {
  let _codec: Codec<MailError>

  export const codec = (): Codec<MailError> => {
    if (_codec == null) {
      _codec = message<MailError>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== 0)) {
          w.uint32(8)
          w.uint32(obj.code)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if ((obj.retryAfterMs != null && obj.retryAfterMs !== 0)) {
          w.uint32(24)
          w.uint32(obj.retryAfterMs)
        }

        if ((obj.limit != null && obj.limit !== '')) {
          w.uint32(34)
          w.string(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: 0,
          message: '',
          retryAfterMs: 0,
          limit: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.uint32()
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              obj.retryAfterMs = reader.uint32()
              break
            }
            case 4: {
              obj.limit = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.retryAfterMs`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.limit`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailErrorCodeFieldEvent {
    field: '$.code'
    value: number
  }

  export interface MailErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface MailErrorRetryAfterMsFieldEvent {
    field: '$.retryAfterMs'
    value: number
  }

  export interface MailErrorLimitFieldEvent {
    field: '$.limit'
    value: string
  }

  export function encode (obj: Partial<MailError>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailError>): MailError {
    return decodeMessage(buf, MailError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailError>): Generator<MailErrorCodeFieldEvent | MailErrorMessageFieldEvent | MailErrorRetryAfterMsFieldEvent | MailErrorLimitFieldEvent> {
    return streamMessage(buf, MailError.codec(), opts)
  }
}

export interface Request {
  push?: PushRequest
  query?: QueryRequest
}

export namespace Request {
  let _codec: Codec<Request>

  export const codec = (): Codec<Request> => {
    if (_codec == null) {
      _codec = message<Request>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.query != null) {
          obj.push = undefined
        }

        if (obj.push != null) {
          obj.query = undefined
        }

        if (obj.push != null) {
          w.uint32(10)
          PushRequest.codec().encode(obj.push, w)
        }

        if (obj.query != null) {
          w.uint32(18)
          QueryRequest.codec().encode(obj.query, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.push = PushRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.push
              })
              break
            }
            case 2: {
              obj.query = QueryRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.query
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.query != null) {
          delete obj.push
        }

        if (obj.push != null) {
          delete obj.query
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PushRequest.codec().stream(reader, reader.uint32(), `${prefix}.push`, {
                limits: opts.limits?.push
              })

              break
            }
            case 2: {
              yield * QueryRequest.codec().stream(reader, reader.uint32(), `${prefix}.query`, {
                limits: opts.limits?.query
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RequestPushEnvelopeTopicFieldEvent {
    field: '$.push.envelope.topic'
    value: string
  }

  export interface RequestPushEnvelopePayloadFieldEvent {
    field: '$.push.envelope.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPushEnvelopeTimestampFieldEvent {
    field: '$.push.envelope.timestamp'
    value: number
  }

  export interface RequestPushEnvelopeTtlFieldEvent {
    field: '$.push.envelope.ttl'
    value: number
  }

  export interface RequestQueryTopicsFieldEvent {
    field: '$.query.topics[]'
    index: number
    value: string
  }

  export interface RequestQueryFromFieldEvent {
    field: '$.query.from'
    value: number
  }

  export interface RequestQueryToFieldEvent {
    field: '$.query.to'
    value: number
  }

  export interface RequestQueryCursorFieldEvent {
    field: '$.query.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestQueryPageSizeFieldEvent {
    field: '$.query.pageSize'
    value: number
  }

  export interface RequestQueryDirectionFieldEvent {
    field: '$.query.direction'
    value: QueryRequest.Direction
  }

  export function encode (obj: Partial<Request>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Request.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Request {
    return decodeMessage(buf, Request.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Generator<RequestPushEnvelopeTopicFieldEvent | RequestPushEnvelopePayloadFieldEvent | RequestPushEnvelopeTimestampFieldEvent | RequestPushEnvelopeTtlFieldEvent | RequestQueryTopicsFieldEvent | RequestQueryFromFieldEvent | RequestQueryToFieldEvent | RequestQueryCursorFieldEvent | RequestQueryPageSizeFieldEvent | RequestQueryDirectionFieldEvent> {
    return streamMessage(buf, Request.codec(), opts)
  }
}

export interface Response {
  push?: PushResponse
  query?: QueryResponse
  error?: MailError
}

export namespace Response {
  let _codec: Codec<Response>

  export const codec = (): Codec<Response> => {
    if (_codec == null) {
      _codec = message<Response>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.error != null) {
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.query != null) {
          obj.error = undefined
          obj.push = undefined
        }

        if (obj.push != null) {
          obj.error = undefined
          obj.query = undefined
        }

        if (obj.push != null) {
          w.uint32(10)
          PushResponse.codec().encode(obj.push, w)
        }

        if (obj.query != null) {
          w.uint32(18)
          QueryResponse.codec().encode(obj.query, w)
        }

        if (obj.error != null) {
          w.uint32(122)
          MailError.codec().encode(obj.error, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.push = PushResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.push
              })
              break
            }
            case 2: {
              obj.query = QueryResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.query
              })
              break
            }
            case 15: {
              obj.error = MailError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.error != null) {
          delete obj.query
          delete obj.push
        }

        if (obj.query != null) {
          delete obj.error
          delete obj.push
        }

        if (obj.push != null) {
          delete obj.error
          delete obj.query
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PushResponse.codec().stream(reader, reader.uint32(), `${prefix}.push`, {
                limits: opts.limits?.push
              })

              break
            }
            case 2: {
              yield * QueryResponse.codec().stream(reader, reader.uint32(), `${prefix}.query`, {
                limits: opts.limits?.query
              })

              break
            }
            case 15: {
              yield * MailError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ResponsePushIdFieldEvent {
    field: '$.push.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponsePushDuplicateFieldEvent {
    field: '$.push.duplicate'
    value: boolean
  }

  export interface ResponseQueryEnvelopesTopicFieldEvent {
    field: '$.query.envelopes[].topic'
    value: string
    index: number
  }

  export interface ResponseQueryEnvelopesPayloadFieldEvent {
    field: '$.query.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ResponseQueryEnvelopesTimestampFieldEvent {
    field: '$.query.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface ResponseQueryEnvelopesTtlFieldEvent {
    field: '$.query.envelopes[].ttl'
    value: number
    index: number
  }

  export interface ResponseQueryCursorFieldEvent {
    field: '$.query.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseErrorCodeFieldEvent {
    field: '$.error.code'
    value: number
  }

  export interface ResponseErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface ResponseErrorRetryAfterMsFieldEvent {
    field: '$.error.retryAfterMs'
    value: number
  }

  export interface ResponseErrorLimitFieldEvent {
    field: '$.error.limit'
    value: string
  }

  export function encode (obj: Partial<Response>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Response.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Response {
    return decodeMessage(buf, Response.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Generator<ResponsePushIdFieldEvent | ResponsePushDuplicateFieldEvent | ResponseQueryEnvelopesTopicFieldEvent | ResponseQueryEnvelopesPayloadFieldEvent | ResponseQueryEnvelopesTimestampFieldEvent | ResponseQueryEnvelopesTtlFieldEvent | ResponseQueryCursorFieldEvent | ResponseErrorCodeFieldEvent | ResponseErrorMessageFieldEvent | ResponseErrorRetryAfterMsFieldEvent | ResponseErrorLimitFieldEvent> {
    return streamMessage(buf, Response.codec(), opts)
  }
}

export interface ReplicateRequest {
  envelopes: Envelope[]
}

export namespace ReplicateRequest {
  let _codec: Codec<ReplicateRequest>

  export const codec = (): Codec<ReplicateRequest> => {
    if (_codec == null) {
      _codec = message<ReplicateRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(10)
            Envelope.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelopes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelopes$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              for (const evt of Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelopes[]`, {
                limits: opts.limits?.envelopes$
              })) {
                yield {
                  ...evt,
                  index: obj.envelopes
                }
              }

              obj.envelopes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReplicateRequestEnvelopesTopicFieldEvent {
    field: '$.envelopes[].topic'
    value: string
    index: number
  }

  export interface ReplicateRequestEnvelopesPayloadFieldEvent {
    field: '$.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ReplicateRequestEnvelopesTimestampFieldEvent {
    field: '$.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface ReplicateRequestEnvelopesTtlFieldEvent {
    field: '$.envelopes[].ttl'
    value: number
    index: number
  }

  export function encode (obj: Partial<ReplicateRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReplicateRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateRequest>): ReplicateRequest {
    return decodeMessage(buf, ReplicateRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateRequest>): Generator<ReplicateRequestEnvelopesTopicFieldEvent | ReplicateRequestEnvelopesPayloadFieldEvent | ReplicateRequestEnvelopesTimestampFieldEvent | ReplicateRequestEnvelopesTtlFieldEvent> {
    return streamMessage(buf, ReplicateRequest.codec(), opts)
  }
}

export interface ReplicateResponse {
  stored: number
  duplicates: number
  rejected: number
}

export namespace ReplicateResponse {
  let _codec: Codec<ReplicateResponse>

  export const codec = (): Codec<ReplicateResponse> => {
    if (_codec == null) {
      _codec = message<ReplicateResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.stored != null && obj.stored !== 0)) {
          w.uint32(8)
          w.uint32(obj.stored)
        }

        if ((obj.duplicates != null && obj.duplicates !== 0)) {
          w.uint32(16)
          w.uint32(obj.duplicates)
        }

        if ((obj.rejected != null && obj.rejected !== 0)) {
          w.uint32(24)
          w.uint32(obj.rejected)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          stored: 0,
          duplicates: 0,
          rejected: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.stored = reader.uint32()
              break
            }
            case 2: {
              obj.duplicates = reader.uint32()
              break
            }
            case 3: {
              obj.rejected = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.stored`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.duplicates`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.rejected`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReplicateResponseStoredFieldEvent {
    field: '$.stored'
    value: number
  }

  export interface ReplicateResponseDuplicatesFieldEvent {
    field: '$.duplicates'
    value: number
  }

  export interface ReplicateResponseRejectedFieldEvent {
    field: '$.rejected'
    value: number
  }

  export function encode (obj: Partial<ReplicateResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReplicateResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateResponse>): ReplicateResponse {
    return decodeMessage(buf, ReplicateResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateResponse>): Generator<ReplicateResponseStoredFieldEvent | ReplicateResponseDuplicatesFieldEvent | ReplicateResponseRejectedFieldEvent> {
    return streamMessage(buf, ReplicateResponse.codec(), opts)
  }
}

export interface DigestRequest {
  from: number
  to: number
  buckets: number
}

export namespace DigestRequest {
  let _codec: Codec<DigestRequest>

  export const codec = (): Codec<DigestRequest> => {
    if (_codec == null) {
      _codec = message<DigestRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.from)
        }

        if ((obj.to != null && obj.to !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.to)
        }

        if ((obj.buckets != null && obj.buckets !== 0)) {
          w.uint32(24)
          w.uint32(obj.buckets)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: 0,
          to: 0,
          buckets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.uint64Number()
              break
            }
            case 2: {
              obj.to = reader.uint64Number()
              break
            }
            case 3: {
              obj.buckets = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.from`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.to`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.buckets`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DigestRequestFromFieldEvent {
    field: '$.from'
    value: number
  }

  export interface DigestRequestToFieldEvent {
    field: '$.to'
    value: number
  }

  export interface DigestRequestBucketsFieldEvent {
    field: '$.buckets'
    value: number
  }

  export function encode (obj: Partial<DigestRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DigestRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestRequest>): DigestRequest {
    return decodeMessage(buf, DigestRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestRequest>): Generator<DigestRequestFromFieldEvent | DigestRequestToFieldEvent | DigestRequestBucketsFieldEvent> {
    return streamMessage(buf, DigestRequest.codec(), opts)
  }
}

export interface DigestResponse {
  buckets: DigestResponse.Bucket[]
  floor: number
}

export namespace DigestResponse {
  export interface Bucket {
    count: number
    sum: bigint
  }

  export namespace Bucket {
    let _codec: Codec<Bucket>

    export const codec = (): Codec<Bucket> => {
      if (_codec == null) {
        _codec = message<Bucket>((obj, w, opts = {}) => {
          if (opts.lengthDelimited !== false) {
            w.fork()
          }

          if ((obj.count != null && obj.count !== 0)) {
            w.uint32(8)
            w.uint32(obj.count)
          }

          if ((obj.sum != null && obj.sum !== 0n)) {
            w.uint32(16)
            w.uint64(obj.sum)
          }

          if (opts.lengthDelimited !== false) {
            w.ldelim()
          }
        }, (reader, length, opts = {}) => {
          const obj: any = {
            count: 0,
            sum: 0n
          }

          const end = length == null ? reader.len : reader.pos + length

          while (reader.pos < end) {
            const tag = reader.uint32()

            switch (tag >>> 3) {
              case 1: {
                obj.count = reader.uint32()
                break
              }
              case 2: {
                obj.sum = reader.uint64()
                break
              }
              default: {
                reader.skipType(tag & 7)
                break
              }
            }
          }

          return obj
        }, function * (reader, length, prefix, opts = {}) {
          const end = length == null ? reader.len : reader.pos + length

          while (reader.pos < end) {
            const tag = reader.uint32()

            switch (tag >>> 3) {
              case 1: {
                yield {
                  field: `${prefix}.count`,
                  value: reader.uint32()
                }
                break
              }
              case 2: {
                yield {
                  field: `${prefix}.sum`,
                  value: reader.uint64()
                }
                break
              }
              default: {
                reader.skipType(tag & 7)
                break
              }
            }
          }
        })
      }

      return _codec
    }

    export interface BucketCountFieldEvent {
      field: '$.count'
      value: number
    }

    export interface BucketSumFieldEvent {
      field: '$.sum'
      value: bigint
    }

    export function encode (obj: Partial<Bucket>): Uint8Array<ArrayBuffer> {
      return encodeMessage(obj, Bucket.codec())
    }

    export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bucket>): Bucket {
      return decodeMessage(buf, Bucket.codec(), opts)
    }

    export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bucket>): Generator<BucketCountFieldEvent | BucketSumFieldEvent> {
      return streamMessage(buf, Bucket.codec(), opts)
    }
  }

  let _codec: Codec<DigestResponse>

  export const codec = (): Codec<DigestResponse> => {
    if (_codec == null) {
      _codec = message<DigestResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.buckets != null && obj.buckets.length > 0) {
          for (const value of obj.buckets) {
            w.uint32(10)
            DigestResponse.Bucket.codec().encode(value, w)
          }
        }

        if ((obj.floor != null && obj.floor !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.floor)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          buckets: [],
          floor: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.buckets != null && obj.buckets.length === opts.limits.buckets) {
                throw new MaxLengthError('Decode error - repeated field "buckets" had too many elements')
              }

              obj.buckets.push(DigestResponse.Bucket.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.buckets$
              }))
              break
            }
            case 2: {
              obj.floor = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          buckets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.buckets != null && obj.buckets === opts.limits.buckets) {
                throw new MaxLengthError('Streaming decode error - repeated field "buckets" had too many elements')
              }

              for (const evt of DigestResponse.Bucket.codec().stream(reader, reader.uint32(), `${prefix}.buckets[]`, {
                limits: opts.limits?.buckets$
              })) {
                yield {
                  ...evt,
                  index: obj.buckets
                }
              }

              obj.buckets++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.floor`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DigestResponseBucketsCountFieldEvent {
    field: '$.buckets[].count'
    value: number
    index: number
  }

  export interface DigestResponseBucketsSumFieldEvent {
    field: '$.buckets[].sum'
    value: bigint
    index: number
  }

  export interface DigestResponseFloorFieldEvent {
    field: '$.floor'
    value: number
  }

  export function encode (obj: Partial<DigestResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DigestResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestResponse>): DigestResponse {
    return decodeMessage(buf, DigestResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestResponse>): Generator<DigestResponseBucketsCountFieldEvent | DigestResponseBucketsSumFieldEvent | DigestResponseFloorFieldEvent> {
    return streamMessage(buf, DigestResponse.codec(), opts)
  }
}

export interface ListIdsRequest {
  from: number
  to: number
  cursor: Uint8Array<ArrayBuffer>
  limit: number
}

export namespace ListIdsRequest {
  let _codec: Codec<ListIdsRequest>

  export const codec = (): Codec<ListIdsRequest> => {
    if (_codec == null) {
      _codec = message<ListIdsRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.from)
        }

        if ((obj.to != null && obj.to !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.to)
        }

        if ((obj.cursor != null && obj.cursor.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.cursor)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(32)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: 0,
          to: 0,
          cursor: uint8ArrayAlloc(0),
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.uint64Number()
              break
            }
            case 2: {
              obj.to = reader.uint64Number()
              break
            }
            case 3: {
              obj.cursor = reader.bytes()
              break
            }
            case 4: {
              obj.limit = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.from`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.to`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.cursor`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ListIdsRequestFromFieldEvent {
    field: '$.from'
    value: number
  }

  export interface ListIdsRequestToFieldEvent {
    field: '$.to'
    value: number
  }

  export interface ListIdsRequestCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ListIdsRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<ListIdsRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ListIdsRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListIdsRequest>): ListIdsRequest {
    return decodeMessage(buf, ListIdsRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListIdsRequest>): Generator<ListIdsRequestFromFieldEvent | ListIdsRequestToFieldEvent | ListIdsRequestCursorFieldEvent | ListIdsRequestLimitFieldEvent> {
    return streamMessage(buf, ListIdsRequest.codec(), opts)
  }
}

export interface ListIdsResponse {
  ids: Uint8Array<ArrayBuffer>[]
  cursor: Uint8Array<ArrayBuffer>
}

export namespace ListIdsResponse {
  let _codec: Codec<ListIdsResponse>

  export const codec = (): Codec<ListIdsResponse> => {
    if (_codec == null) {
      _codec = message<ListIdsResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if ((obj.cursor != null && obj.cursor.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.cursor)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: [],
          cursor: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.bytes())
              break
            }
            case 2: {
              obj.cursor = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.bytes()
              }

              obj.ids++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.cursor`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ListIdsResponseIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ListIdsResponseCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ListIdsResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ListIdsResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListIdsResponse>): ListIdsResponse {
    return decodeMessage(buf, ListIdsResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListIdsResponse>): Generator<ListIdsResponseIdsFieldEvent | ListIdsResponseCursorFieldEvent> {
    return streamMessage(buf, ListIdsResponse.codec(), opts)
  }
}

export interface FetchRequest {
  ids: Uint8Array<ArrayBuffer>[]
}

export namespace FetchRequest {
  let _codec: Codec<FetchRequest>

  export const codec = (): Codec<FetchRequest> => {
    if (_codec == null) {
      _codec = message<FetchRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.bytes()
              }

              obj.ids++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FetchRequestIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FetchRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRequest>): FetchRequest {
    return decodeMessage(buf, FetchRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRequest>): Generator<FetchRequestIdsFieldEvent> {
    return streamMessage(buf, FetchRequest.codec(), opts)
  }
}

export interface FetchResponse {
  envelopes: Envelope[]
}

export namespace FetchResponse {
  let _codec: Codec<FetchResponse>

  export const codec = (): Codec<FetchResponse> => {
    if (_codec == null) {
      _codec = message<FetchResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(10)
            Envelope.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelopes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelopes$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              for (const evt of Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelopes[]`, {
                limits: opts.limits?.envelopes$
              })) {
                yield {
                  ...evt,
                  index: obj.envelopes
                }
              }

              obj.envelopes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FetchResponseEnvelopesTopicFieldEvent {
    field: '$.envelopes[].topic'
    value: string
    index: number
  }

  export interface FetchResponseEnvelopesPayloadFieldEvent {
    field: '$.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FetchResponseEnvelopesTimestampFieldEvent {
    field: '$.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface FetchResponseEnvelopesTtlFieldEvent {
    field: '$.envelopes[].ttl'
    value: number
    index: number
  }

  export function encode (obj: Partial<FetchResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): FetchResponse {
    return decodeMessage(buf, FetchResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): Generator<FetchResponseEnvelopesTopicFieldEvent | FetchResponseEnvelopesPayloadFieldEvent | FetchResponseEnvelopesTimestampFieldEvent | FetchResponseEnvelopesTtlFieldEvent> {
    return streamMessage(buf, FetchResponse.codec(), opts)
  }
}

export interface SyncRequest {
  replicate?: ReplicateRequest
  digest?: DigestRequest
  listIds?: ListIdsRequest
  fetch?: FetchRequest
}

export namespace SyncRequest {
  let _codec: Codec<SyncRequest>

  export const codec = (): Codec<SyncRequest> => {
    if (_codec == null) {
      _codec = message<SyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.fetch != null) {
          obj.listIds = undefined
          obj.digest = undefined
          obj.replicate = undefined
        }

        if (obj.listIds != null) {
          obj.fetch = undefined
          obj.digest = undefined
          obj.replicate = undefined
        }

        if (obj.digest != null) {
          obj.fetch = undefined
          obj.listIds = undefined
          obj.replicate = undefined
        }

        if (obj.replicate != null) {
          obj.fetch = undefined
          obj.listIds = undefined
          obj.digest = undefined
        }

        if (obj.replicate != null) {
          w.uint32(10)
          ReplicateRequest.codec().encode(obj.replicate, w)
        }

        if (obj.digest != null) {
          w.uint32(18)
          DigestRequest.codec().encode(obj.digest, w)
        }

        if (obj.listIds != null) {
          w.uint32(26)
          ListIdsRequest.codec().encode(obj.listIds, w)
        }

        if (obj.fetch != null) {
          w.uint32(34)
          FetchRequest.codec().encode(obj.fetch, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.replicate = ReplicateRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.replicate
              })
              break
            }
            case 2: {
              obj.digest = DigestRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.digest
              })
              break
            }
            case 3: {
              obj.listIds = ListIdsRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.listIds
              })
              break
            }
            case 4: {
              obj.fetch = FetchRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetch
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.fetch != null) {
          delete obj.listIds
          delete obj.digest
          delete obj.replicate
        }

        if (obj.listIds != null) {
          delete obj.fetch
          delete obj.digest
          delete obj.replicate
        }

        if (obj.digest != null) {
          delete obj.fetch
          delete obj.listIds
          delete obj.replicate
        }

        if (obj.replicate != null) {
          delete obj.fetch
          delete obj.listIds
          delete obj.digest
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * ReplicateRequest.codec().stream(reader, reader.uint32(), `${prefix}.replicate`, {
                limits: opts.limits?.replicate
              })

              break
            }
            case 2: {
              yield * DigestRequest.codec().stream(reader, reader.uint32(), `${prefix}.digest`, {
                limits: opts.limits?.digest
              })

              break
            }
            case 3: {
              yield * ListIdsRequest.codec().stream(reader, reader.uint32(), `${prefix}.listIds`, {
                limits: opts.limits?.listIds
              })

              break
            }
            case 4: {
              yield * FetchRequest.codec().stream(reader, reader.uint32(), `${prefix}.fetch`, {
                limits: opts.limits?.fetch
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncRequestReplicateEnvelopesTopicFieldEvent {
    field: '$.replicate.envelopes[].topic'
    value: string
    index: number
  }

  export interface SyncRequestReplicateEnvelopesPayloadFieldEvent {
    field: '$.replicate.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncRequestReplicateEnvelopesTimestampFieldEvent {
    field: '$.replicate.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface SyncRequestReplicateEnvelopesTtlFieldEvent {
    field: '$.replicate.envelopes[].ttl'
    value: number
    index: number
  }

  export interface SyncRequestDigestFromFieldEvent {
    field: '$.digest.from'
    value: number
  }

  export interface SyncRequestDigestToFieldEvent {
    field: '$.digest.to'
    value: number
  }

  export interface SyncRequestDigestBucketsFieldEvent {
    field: '$.digest.buckets'
    value: number
  }

  export interface SyncRequestListIdsFromFieldEvent {
    field: '$.listIds.from'
    value: number
  }

  export interface SyncRequestListIdsToFieldEvent {
    field: '$.listIds.to'
    value: number
  }

  export interface SyncRequestListIdsCursorFieldEvent {
    field: '$.listIds.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncRequestListIdsLimitFieldEvent {
    field: '$.listIds.limit'
    value: number
  }

  export interface SyncRequestFetchIdsFieldEvent {
    field: '$.fetch.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): SyncRequest {
    return decodeMessage(buf, SyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestReplicateEnvelopesTopicFieldEvent | SyncRequestReplicateEnvelopesPayloadFieldEvent | SyncRequestReplicateEnvelopesTimestampFieldEvent | SyncRequestReplicateEnvelopesTtlFieldEvent | SyncRequestDigestFromFieldEvent | SyncRequestDigestToFieldEvent | SyncRequestDigestBucketsFieldEvent | SyncRequestListIdsFromFieldEvent | SyncRequestListIdsToFieldEvent | SyncRequestListIdsCursorFieldEvent | SyncRequestListIdsLimitFieldEvent | SyncRequestFetchIdsFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}

export interface SyncResponse {
  replicate?: ReplicateResponse
  digest?: DigestResponse
  listIds?: ListIdsResponse
  fetch?: FetchResponse
  error?: MailError
}

export namespace SyncResponse {
  let _codec: Codec<SyncResponse>

  export const codec = (): Codec<SyncResponse> => {
    if (_codec == null) {
      _codec = message<SyncResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.error != null) {
          obj.fetch = undefined
          obj.listIds = undefined
          obj.digest = undefined
          obj.replicate = undefined
        }

        if (obj.fetch != null) {
          obj.error = undefined
          obj.listIds = undefined
          obj.digest = undefined
          obj.replicate = undefined
        }

        if (obj.listIds != null) {
          obj.error = undefined
          obj.fetch = undefined
          obj.digest = undefined
          obj.replicate = undefined
        }

        if (obj.digest != null) {
          obj.error = undefined
          obj.fetch = undefined
          obj.listIds = undefined
          obj.replicate = undefined
        }

        if (obj.replicate != null) {
          obj.error = undefined
          obj.fetch = undefined
          obj.listIds = undefined
          obj.digest = undefined
        }

        if (obj.replicate != null) {
          w.uint32(10)
          ReplicateResponse.codec().encode(obj.replicate, w)
        }

        if (obj.digest != null) {
          w.uint32(18)
          DigestResponse.codec().encode(obj.digest, w)
        }

        if (obj.listIds != null) {
          w.uint32(26)
          ListIdsResponse.codec().encode(obj.listIds, w)
        }

        if (obj.fetch != null) {
          w.uint32(34)
          FetchResponse.codec().encode(obj.fetch, w)
        }

        if (obj.error != null) {
          w.uint32(122)
          MailError.codec().encode(obj.error, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.replicate = ReplicateResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.replicate
              })
              break
            }
            case 2: {
              obj.digest = DigestResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.digest
              })
              break
            }
            case 3: {
              obj.listIds = ListIdsResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.listIds
              })
              break
            }
            case 4: {
              obj.fetch = FetchResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetch
              })
              break
            }
            case 15: {
              obj.error = MailError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.error != null) {
          delete obj.fetch
          delete obj.listIds
          delete obj.digest
          delete obj.replicate
        }

        if (obj.fetch != null) {
          delete obj.error
          delete obj.listIds
          delete obj.digest
          delete obj.replicate
        }

        if (obj.listIds != null) {
          delete obj.error
          delete obj.fetch
          delete obj.digest
          delete obj.replicate
        }

        if (obj.digest != null) {
          delete obj.error
          delete obj.fetch
          delete obj.listIds
          delete obj.replicate
        }

        if (obj.replicate != null) {
          delete obj.error
          delete obj.fetch
          delete obj.listIds
          delete obj.digest
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * ReplicateResponse.codec().stream(reader, reader.uint32(), `${prefix}.replicate`, {
                limits: opts.limits?.replicate
              })

              break
            }
            case 2: {
              yield * DigestResponse.codec().stream(reader, reader.uint32(), `${prefix}.digest`, {
                limits: opts.limits?.digest
              })

              break
            }
            case 3: {
              yield * ListIdsResponse.codec().stream(reader, reader.uint32(), `${prefix}.listIds`, {
                limits: opts.limits?.listIds
              })

              break
            }
            case 4: {
              yield * FetchResponse.codec().stream(reader, reader.uint32(), `${prefix}.fetch`, {
                limits: opts.limits?.fetch
              })

              break
            }
            case 15: {
              yield * MailError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncResponseReplicateStoredFieldEvent {
    field: '$.replicate.stored'
    value: number
  }

  export interface SyncResponseReplicateDuplicatesFieldEvent {
    field: '$.replicate.duplicates'
    value: number
  }

  export interface SyncResponseReplicateRejectedFieldEvent {
    field: '$.replicate.rejected'
    value: number
  }

  export interface SyncResponseDigestBucketsCountFieldEvent {
    field: '$.digest.buckets[].count'
    value: number
    index: number
  }

  export interface SyncResponseDigestBucketsSumFieldEvent {
    field: '$.digest.buckets[].sum'
    value: bigint
    index: number
  }

  export interface SyncResponseDigestFloorFieldEvent {
    field: '$.digest.floor'
    value: number
  }

  export interface SyncResponseListIdsIdsFieldEvent {
    field: '$.listIds.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncResponseListIdsCursorFieldEvent {
    field: '$.listIds.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncResponseFetchEnvelopesTopicFieldEvent {
    field: '$.fetch.envelopes[].topic'
    value: string
    index: number
  }

  export interface SyncResponseFetchEnvelopesPayloadFieldEvent {
    field: '$.fetch.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseFetchEnvelopesTimestampFieldEvent {
    field: '$.fetch.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface SyncResponseFetchEnvelopesTtlFieldEvent {
    field: '$.fetch.envelopes[].ttl'
    value: number
    index: number
  }

  export interface SyncResponseErrorCodeFieldEvent {
    field: '$.error.code'
    value: number
  }

  export interface SyncResponseErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface SyncResponseErrorRetryAfterMsFieldEvent {
    field: '$.error.retryAfterMs'
    value: number
  }

  export interface SyncResponseErrorLimitFieldEvent {
    field: '$.error.limit'
    value: string
  }

  export function encode (obj: Partial<SyncResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): SyncResponse {
    return decodeMessage(buf, SyncResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): Generator<SyncResponseReplicateStoredFieldEvent | SyncResponseReplicateDuplicatesFieldEvent | SyncResponseReplicateRejectedFieldEvent | SyncResponseDigestBucketsCountFieldEvent | SyncResponseDigestBucketsSumFieldEvent | SyncResponseDigestFloorFieldEvent | SyncResponseListIdsIdsFieldEvent | SyncResponseListIdsCursorFieldEvent | SyncResponseFetchEnvelopesTopicFieldEvent | SyncResponseFetchEnvelopesPayloadFieldEvent | SyncResponseFetchEnvelopesTimestampFieldEvent | SyncResponseFetchEnvelopesTtlFieldEvent | SyncResponseErrorCodeFieldEvent | SyncResponseErrorMessageFieldEvent | SyncResponseErrorRetryAfterMsFieldEvent | SyncResponseErrorLimitFieldEvent> {
    return streamMessage(buf, SyncResponse.codec(), opts)
  }
}
