import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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
    value: number
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
    value: number
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
