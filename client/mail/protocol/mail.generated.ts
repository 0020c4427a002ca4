import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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

export interface PushManyRequest {
  envelopes: Envelope[]
}

export namespace PushManyRequest {
  let _codec: Codec<PushManyRequest>

  export const codec = (): Codec<PushManyRequest> => {
    if (_codec == null) {
      _codec = message<PushManyRequest>((obj, w, opts = {}) => {
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

  export interface PushManyRequestEnvelopesTopicFieldEvent {
    field: '$.envelopes[].topic'
    value: string
    index: number
  }

  export interface PushManyRequestEnvelopesPayloadFieldEvent {
    field: '$.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PushManyRequestEnvelopesTimestampFieldEvent {
    field: '$.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface PushManyRequestEnvelopesTtlFieldEvent {
    field: '$.envelopes[].ttl'
    value: number
    index: number
  }

  export function encode (obj: Partial<PushManyRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushManyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushManyRequest>): PushManyRequest {
    return decodeMessage(buf, PushManyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushManyRequest>): Generator<PushManyRequestEnvelopesTopicFieldEvent | PushManyRequestEnvelopesPayloadFieldEvent | PushManyRequestEnvelopesTimestampFieldEvent | PushManyRequestEnvelopesTtlFieldEvent> {
    return streamMessage(buf, PushManyRequest.codec(), opts)
  }
}

export interface PushManyResponse {
  results: PushManyResponse.Result[]
}

export namespace PushManyResponse {
  export interface Result {
    id: Uint8Array<ArrayBuffer>
    duplicate: boolean
    error?: MailError
  }

  export namespace Result {
    let _codec: Codec<Result>

    export const codec = (): Codec<Result> => {
      if (_codec == null) {
        _codec = message<Result>((obj, w, opts = {}) => {
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

          if (obj.error != null) {
            w.uint32(26)
            MailError.codec().encode(obj.error, w)
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
              case 3: {
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
              case 3: {
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

    export interface ResultIdFieldEvent {
      field: '$.id'
      value: Uint8Array<ArrayBuffer>
    }

    export interface ResultDuplicateFieldEvent {
      field: '$.duplicate'
      value: boolean
    }

    export interface ResultErrorCodeFieldEvent {
      field: '$.error.code'
      value: number
    }

    export interface ResultErrorMessageFieldEvent {
      field: '$.error.message'
      value: string
    }

    export interface ResultErrorRetryAfterMsFieldEvent {
      field: '$.error.retryAfterMs'
      value: number
    }

    export interface ResultErrorLimitFieldEvent {
      field: '$.error.limit'
      value: string
    }

    export function encode (obj: Partial<Result>): Uint8Array<ArrayBuffer> {
      return encodeMessage(obj, Result.codec())
    }

    export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Result>): Result {
      return decodeMessage(buf, Result.codec(), opts)
    }

    export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Result>): Generator<ResultIdFieldEvent | ResultDuplicateFieldEvent | ResultErrorCodeFieldEvent | ResultErrorMessageFieldEvent | ResultErrorRetryAfterMsFieldEvent | ResultErrorLimitFieldEvent> {
      return streamMessage(buf, Result.codec(), opts)
    }
  }

  let _codec: Codec<PushManyResponse>

  export const codec = (): Codec<PushManyResponse> => {
    if (_codec == null) {
      _codec = message<PushManyResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.results != null && obj.results.length > 0) {
          for (const value of obj.results) {
            w.uint32(10)
            PushManyResponse.Result.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          results: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.results != null && obj.results.length === opts.limits.results) {
                throw new MaxLengthError('Decode error - repeated field "results" had too many elements')
              }

              obj.results.push(PushManyResponse.Result.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.results$
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
          results: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.results != null && obj.results === opts.limits.results) {
                throw new MaxLengthError('Streaming decode error - repeated field "results" had too many elements')
              }

              for (const evt of PushManyResponse.Result.codec().stream(reader, reader.uint32(), `${prefix}.results[]`, {
                limits: opts.limits?.results$
              })) {
                yield {
                  ...evt,
                  index: obj.results
                }
              }

              obj.results++

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

  export interface PushManyResponseResultsIdFieldEvent {
    field: '$.results[].id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PushManyResponseResultsDuplicateFieldEvent {
    field: '$.results[].duplicate'
    value: boolean
    index: number
  }

  export interface PushManyResponseResultsErrorCodeFieldEvent {
    field: '$.results[].error.code'
    value: number
    index: number
  }

  export interface PushManyResponseResultsErrorMessageFieldEvent {
    field: '$.results[].error.message'
    value: string
    index: number
  }

  export interface PushManyResponseResultsErrorRetryAfterMsFieldEvent {
    field: '$.results[].error.retryAfterMs'
    value: number
    index: number
  }

  export interface PushManyResponseResultsErrorLimitFieldEvent {
    field: '$.results[].error.limit'
    value: string
    index: number
  }

  export function encode (obj: Partial<PushManyResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PushManyResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushManyResponse>): PushManyResponse {
    return decodeMessage(buf, PushManyResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PushManyResponse>): Generator<PushManyResponseResultsIdFieldEvent | PushManyResponseResultsDuplicateFieldEvent | PushManyResponseResultsErrorCodeFieldEvent | PushManyResponseResultsErrorMessageFieldEvent | PushManyResponseResultsErrorRetryAfterMsFieldEvent | PushManyResponseResultsErrorLimitFieldEvent> {
    return streamMessage(buf, PushManyResponse.codec(), opts)
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

export interface AuditDigestRequest {
  from: number
  to: number
  buckets: number
}

export namespace AuditDigestRequest {
  let _codec: Codec<AuditDigestRequest>

  export const codec = (): Codec<AuditDigestRequest> => {
    if (_codec == null) {
      _codec = message<AuditDigestRequest>((obj, w, opts = {}) => {
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

  export interface AuditDigestRequestFromFieldEvent {
    field: '$.from'
    value: number
  }

  export interface AuditDigestRequestToFieldEvent {
    field: '$.to'
    value: number
  }

  export interface AuditDigestRequestBucketsFieldEvent {
    field: '$.buckets'
    value: number
  }

  export function encode (obj: Partial<AuditDigestRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuditDigestRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditDigestRequest>): AuditDigestRequest {
    return decodeMessage(buf, AuditDigestRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditDigestRequest>): Generator<AuditDigestRequestFromFieldEvent | AuditDigestRequestToFieldEvent | AuditDigestRequestBucketsFieldEvent> {
    return streamMessage(buf, AuditDigestRequest.codec(), opts)
  }
}

export interface AuditDigestResponse {
  buckets: AuditDigestResponse.Bucket[]
  floor: number
}

export namespace AuditDigestResponse {
  export interface Bucket {
    count: number
    sum: number
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

          if ((obj.sum != null && obj.sum !== 0)) {
            w.uint32(16)
            w.uint64Number(obj.sum)
          }

          if (opts.lengthDelimited !== false) {
            w.ldelim()
          }
        }, (reader, length, opts = {}) => {
          const obj: any = {
            count: 0,
            sum: 0
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
                obj.sum = reader.uint64Number()
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

    export interface BucketCountFieldEvent {
      field: '$.count'
      value: number
    }

    export interface BucketSumFieldEvent {
      field: '$.sum'
      value: number
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

  let _codec: Codec<AuditDigestResponse>

  export const codec = (): Codec<AuditDigestResponse> => {
    if (_codec == null) {
      _codec = message<AuditDigestResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.buckets != null && obj.buckets.length > 0) {
          for (const value of obj.buckets) {
            w.uint32(10)
            AuditDigestResponse.Bucket.codec().encode(value, w)
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

              obj.buckets.push(AuditDigestResponse.Bucket.codec().decode(reader, reader.uint32(), {
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

              for (const evt of AuditDigestResponse.Bucket.codec().stream(reader, reader.uint32(), `${prefix}.buckets[]`, {
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

  export interface AuditDigestResponseBucketsCountFieldEvent {
    field: '$.buckets[].count'
    value: number
    index: number
  }

  export interface AuditDigestResponseBucketsSumFieldEvent {
    field: '$.buckets[].sum'
    value: number
    index: number
  }

  export interface AuditDigestResponseFloorFieldEvent {
    field: '$.floor'
    value: number
  }

  export function encode (obj: Partial<AuditDigestResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuditDigestResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditDigestResponse>): AuditDigestResponse {
    return decodeMessage(buf, AuditDigestResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditDigestResponse>): Generator<AuditDigestResponseBucketsCountFieldEvent | AuditDigestResponseBucketsSumFieldEvent | AuditDigestResponseFloorFieldEvent> {
    return streamMessage(buf, AuditDigestResponse.codec(), opts)
  }
}

export interface AuditIdsRequest {
  from: number
  to: number
  cursor: Uint8Array<ArrayBuffer>
  limit: number
}

export namespace AuditIdsRequest {
  let _codec: Codec<AuditIdsRequest>

  export const codec = (): Codec<AuditIdsRequest> => {
    if (_codec == null) {
      _codec = message<AuditIdsRequest>((obj, w, opts = {}) => {
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

  export interface AuditIdsRequestFromFieldEvent {
    field: '$.from'
    value: number
  }

  export interface AuditIdsRequestToFieldEvent {
    field: '$.to'
    value: number
  }

  export interface AuditIdsRequestCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AuditIdsRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<AuditIdsRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuditIdsRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditIdsRequest>): AuditIdsRequest {
    return decodeMessage(buf, AuditIdsRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditIdsRequest>): Generator<AuditIdsRequestFromFieldEvent | AuditIdsRequestToFieldEvent | AuditIdsRequestCursorFieldEvent | AuditIdsRequestLimitFieldEvent> {
    return streamMessage(buf, AuditIdsRequest.codec(), opts)
  }
}

export interface AuditIdsResponse {
  ids: Uint8Array<ArrayBuffer>[]
  cursor: Uint8Array<ArrayBuffer>
}

export namespace AuditIdsResponse {
  let _codec: Codec<AuditIdsResponse>

  export const codec = (): Codec<AuditIdsResponse> => {
    if (_codec == null) {
      _codec = message<AuditIdsResponse>((obj, w, opts = {}) => {
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

  export interface AuditIdsResponseIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface AuditIdsResponseCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AuditIdsResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AuditIdsResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditIdsResponse>): AuditIdsResponse {
    return decodeMessage(buf, AuditIdsResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuditIdsResponse>): Generator<AuditIdsResponseIdsFieldEvent | AuditIdsResponseCursorFieldEvent> {
    return streamMessage(buf, AuditIdsResponse.codec(), opts)
  }
}

export interface Request {
  push?: PushRequest
  query?: QueryRequest
  auditDigest?: AuditDigestRequest
  auditIds?: AuditIdsRequest
  pushMany?: PushManyRequest
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

        if (obj.pushMany != null) {
          obj.auditIds = undefined
          obj.auditDigest = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.auditIds != null) {
          obj.pushMany = undefined
          obj.auditDigest = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.auditDigest != null) {
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.query != null) {
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.auditDigest = undefined
          obj.push = undefined
        }

        if (obj.push != null) {
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.auditDigest = undefined
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

        if (obj.auditDigest != null) {
          w.uint32(26)
          AuditDigestRequest.codec().encode(obj.auditDigest, w)
        }

        if (obj.auditIds != null) {
          w.uint32(34)
          AuditIdsRequest.codec().encode(obj.auditIds, w)
        }

        if (obj.pushMany != null) {
          w.uint32(42)
          PushManyRequest.codec().encode(obj.pushMany, w)
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
            case 3: {
              obj.auditDigest = AuditDigestRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.auditDigest
              })
              break
            }
            case 4: {
              obj.auditIds = AuditIdsRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.auditIds
              })
              break
            }
            case 5: {
              obj.pushMany = PushManyRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pushMany
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.pushMany != null) {
          delete obj.auditIds
          delete obj.auditDigest
          delete obj.query
          delete obj.push
        }

        if (obj.auditIds != null) {
          delete obj.pushMany
          delete obj.auditDigest
          delete obj.query
          delete obj.push
        }

        if (obj.auditDigest != null) {
          delete obj.pushMany
          delete obj.auditIds
          delete obj.query
          delete obj.push
        }

        if (obj.query != null) {
          delete obj.pushMany
          delete obj.auditIds
          delete obj.auditDigest
          delete obj.push
        }

        if (obj.push != null) {
          delete obj.pushMany
          delete obj.auditIds
          delete obj.auditDigest
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
            case 3: {
              yield * AuditDigestRequest.codec().stream(reader, reader.uint32(), `${prefix}.auditDigest`, {
                limits: opts.limits?.auditDigest
              })

              break
            }
            case 4: {
              yield * AuditIdsRequest.codec().stream(reader, reader.uint32(), `${prefix}.auditIds`, {
                limits: opts.limits?.auditIds
              })

              break
            }
            case 5: {
              yield * PushManyRequest.codec().stream(reader, reader.uint32(), `${prefix}.pushMany`, {
                limits: opts.limits?.pushMany
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

  export interface RequestAuditDigestFromFieldEvent {
    field: '$.auditDigest.from'
    value: number
  }

  export interface RequestAuditDigestToFieldEvent {
    field: '$.auditDigest.to'
    value: number
  }

  export interface RequestAuditDigestBucketsFieldEvent {
    field: '$.auditDigest.buckets'
    value: number
  }

  export interface RequestAuditIdsFromFieldEvent {
    field: '$.auditIds.from'
    value: number
  }

  export interface RequestAuditIdsToFieldEvent {
    field: '$.auditIds.to'
    value: number
  }

  export interface RequestAuditIdsCursorFieldEvent {
    field: '$.auditIds.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestAuditIdsLimitFieldEvent {
    field: '$.auditIds.limit'
    value: number
  }

  export interface RequestPushManyEnvelopesTopicFieldEvent {
    field: '$.pushMany.envelopes[].topic'
    value: string
    index: number
  }

  export interface RequestPushManyEnvelopesPayloadFieldEvent {
    field: '$.pushMany.envelopes[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RequestPushManyEnvelopesTimestampFieldEvent {
    field: '$.pushMany.envelopes[].timestamp'
    value: number
    index: number
  }

  export interface RequestPushManyEnvelopesTtlFieldEvent {
    field: '$.pushMany.envelopes[].ttl'
    value: number
    index: number
  }

  export function encode (obj: Partial<Request>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Request.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Request {
    return decodeMessage(buf, Request.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Generator<RequestPushEnvelopeTopicFieldEvent | RequestPushEnvelopePayloadFieldEvent | RequestPushEnvelopeTimestampFieldEvent | RequestPushEnvelopeTtlFieldEvent | RequestQueryTopicsFieldEvent | RequestQueryFromFieldEvent | RequestQueryToFieldEvent | RequestQueryCursorFieldEvent | RequestQueryPageSizeFieldEvent | RequestQueryDirectionFieldEvent | RequestAuditDigestFromFieldEvent | RequestAuditDigestToFieldEvent | RequestAuditDigestBucketsFieldEvent | RequestAuditIdsFromFieldEvent | RequestAuditIdsToFieldEvent | RequestAuditIdsCursorFieldEvent | RequestAuditIdsLimitFieldEvent | RequestPushManyEnvelopesTopicFieldEvent | RequestPushManyEnvelopesPayloadFieldEvent | RequestPushManyEnvelopesTimestampFieldEvent | RequestPushManyEnvelopesTtlFieldEvent> {
    return streamMessage(buf, Request.codec(), opts)
  }
}

export interface Response {
  push?: PushResponse
  query?: QueryResponse
  auditDigest?: AuditDigestResponse
  auditIds?: AuditIdsResponse
  pushMany?: PushManyResponse
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
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.auditDigest = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.pushMany != null) {
          obj.error = undefined
          obj.auditIds = undefined
          obj.auditDigest = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.auditIds != null) {
          obj.error = undefined
          obj.pushMany = undefined
          obj.auditDigest = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.auditDigest != null) {
          obj.error = undefined
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.query = undefined
          obj.push = undefined
        }

        if (obj.query != null) {
          obj.error = undefined
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.auditDigest = undefined
          obj.push = undefined
        }

        if (obj.push != null) {
          obj.error = undefined
          obj.pushMany = undefined
          obj.auditIds = undefined
          obj.auditDigest = undefined
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

        if (obj.auditDigest != null) {
          w.uint32(26)
          AuditDigestResponse.codec().encode(obj.auditDigest, w)
        }

        if (obj.auditIds != null) {
          w.uint32(34)
          AuditIdsResponse.codec().encode(obj.auditIds, w)
        }

        if (obj.pushMany != null) {
          w.uint32(42)
          PushManyResponse.codec().encode(obj.pushMany, w)
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
            case 3: {
              obj.auditDigest = AuditDigestResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.auditDigest
              })
              break
            }
            case 4: {
              obj.auditIds = AuditIdsResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.auditIds
              })
              break
            }
            case 5: {
              obj.pushMany = PushManyResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pushMany
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
          delete obj.pushMany
          delete obj.auditIds
          delete obj.auditDigest
          delete obj.query
          delete obj.push
        }

        if (obj.pushMany != null) {
          delete obj.error
          delete obj.auditIds
          delete obj.auditDigest
          delete obj.query
          delete obj.push
        }

        if (obj.auditIds != null) {
          delete obj.error
          delete obj.pushMany
          delete obj.auditDigest
          delete obj.query
          delete obj.push
        }

        if (obj.auditDigest != null) {
          delete obj.error
          delete obj.pushMany
          delete obj.auditIds
          delete obj.query
          delete obj.push
        }

        if (obj.query != null) {
          delete obj.error
          delete obj.pushMany
          delete obj.auditIds
          delete obj.auditDigest
          delete obj.push
        }

        if (obj.push != null) {
          delete obj.error
          delete obj.pushMany
          delete obj.auditIds
          delete obj.auditDigest
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
            case 3: {
              yield * AuditDigestResponse.codec().stream(reader, reader.uint32(), `${prefix}.auditDigest`, {
                limits: opts.limits?.auditDigest
              })

              break
            }
            case 4: {
              yield * AuditIdsResponse.codec().stream(reader, reader.uint32(), `${prefix}.auditIds`, {
                limits: opts.limits?.auditIds
              })

              break
            }
            case 5: {
              yield * PushManyResponse.codec().stream(reader, reader.uint32(), `${prefix}.pushMany`, {
                limits: opts.limits?.pushMany
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

  export interface ResponseAuditDigestBucketsCountFieldEvent {
    field: '$.auditDigest.buckets[].count'
    value: number
    index: number
  }

  export interface ResponseAuditDigestBucketsSumFieldEvent {
    field: '$.auditDigest.buckets[].sum'
    value: number
    index: number
  }

  export interface ResponseAuditDigestFloorFieldEvent {
    field: '$.auditDigest.floor'
    value: number
  }

  export interface ResponseAuditIdsIdsFieldEvent {
    field: '$.auditIds.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseAuditIdsCursorFieldEvent {
    field: '$.auditIds.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponsePushManyResultsIdFieldEvent {
    field: '$.pushMany.results[].id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ResponsePushManyResultsDuplicateFieldEvent {
    field: '$.pushMany.results[].duplicate'
    value: boolean
    index: number
  }

  export interface ResponsePushManyResultsErrorCodeFieldEvent {
    field: '$.pushMany.results[].error.code'
    value: number
    index: number
  }

  export interface ResponsePushManyResultsErrorMessageFieldEvent {
    field: '$.pushMany.results[].error.message'
    value: string
    index: number
  }

  export interface ResponsePushManyResultsErrorRetryAfterMsFieldEvent {
    field: '$.pushMany.results[].error.retryAfterMs'
    value: number
    index: number
  }

  export interface ResponsePushManyResultsErrorLimitFieldEvent {
    field: '$.pushMany.results[].error.limit'
    value: string
    index: number
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

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Generator<ResponsePushIdFieldEvent | ResponsePushDuplicateFieldEvent | ResponseQueryEnvelopesTopicFieldEvent | ResponseQueryEnvelopesPayloadFieldEvent | ResponseQueryEnvelopesTimestampFieldEvent | ResponseQueryEnvelopesTtlFieldEvent | ResponseQueryCursorFieldEvent | ResponseAuditDigestBucketsCountFieldEvent | ResponseAuditDigestBucketsSumFieldEvent | ResponseAuditDigestFloorFieldEvent | ResponseAuditIdsIdsFieldEvent | ResponseAuditIdsCursorFieldEvent | ResponsePushManyResultsIdFieldEvent | ResponsePushManyResultsDuplicateFieldEvent | ResponsePushManyResultsErrorCodeFieldEvent | ResponsePushManyResultsErrorMessageFieldEvent | ResponsePushManyResultsErrorRetryAfterMsFieldEvent | ResponsePushManyResultsErrorLimitFieldEvent | ResponseErrorCodeFieldEvent | ResponseErrorMessageFieldEvent | ResponseErrorRetryAfterMsFieldEvent | ResponseErrorLimitFieldEvent> {
    return streamMessage(buf, Response.codec(), opts)
  }
}

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
