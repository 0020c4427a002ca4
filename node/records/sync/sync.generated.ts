import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ReplicateRequest {
  records: SignedRecord[]
}

export namespace ReplicateRequest {
  let _codec: Codec<ReplicateRequest>

  export const codec = (): Codec<ReplicateRequest> => {
    if (_codec == null) {
      _codec = message<ReplicateRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.records != null && obj.records.length > 0) {
          for (const value of obj.records) {
            w.uint32(10)
            SignedRecord.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          records: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.records != null && obj.records.length === opts.limits.records) {
                throw new MaxLengthError('Decode error - repeated field "records" had too many elements')
              }

              obj.records.push(SignedRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.records$
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
          records: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.records != null && obj.records === opts.limits.records) {
                throw new MaxLengthError('Streaming decode error - repeated field "records" had too many elements')
              }

              for (const evt of SignedRecord.codec().stream(reader, reader.uint32(), `${prefix}.records[]`, {
                limits: opts.limits?.records$
              })) {
                yield {
                  ...evt,
                  index: obj.records
                }
              }

              obj.records++

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

  export interface ReplicateRequestRecordsOwnerFieldEvent {
    field: '$.records[].owner'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ReplicateRequestRecordsNameFieldEvent {
    field: '$.records[].name'
    value: string
    index: number
  }

  export interface ReplicateRequestRecordsValueFieldEvent {
    field: '$.records[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ReplicateRequestRecordsSequenceFieldEvent {
    field: '$.records[].sequence'
    value: number
    index: number
  }

  export interface ReplicateRequestRecordsExpiresFieldEvent {
    field: '$.records[].expires'
    value: number
    index: number
  }

  export interface ReplicateRequestRecordsDeletedFieldEvent {
    field: '$.records[].deleted'
    value: boolean
    index: number
  }

  export interface ReplicateRequestRecordsSignatureFieldEvent {
    field: '$.records[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<ReplicateRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReplicateRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateRequest>): ReplicateRequest {
    return decodeMessage(buf, ReplicateRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateRequest>): Generator<ReplicateRequestRecordsOwnerFieldEvent | ReplicateRequestRecordsNameFieldEvent | ReplicateRequestRecordsValueFieldEvent | ReplicateRequestRecordsSequenceFieldEvent | ReplicateRequestRecordsExpiresFieldEvent | ReplicateRequestRecordsDeletedFieldEvent | ReplicateRequestRecordsSignatureFieldEvent> {
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
            w.uint32(17)
            w.fixed64(obj.sum)
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
                obj.sum = reader.fixed64()
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
                  value: reader.fixed64()
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
  records: SignedRecord[]
}

export namespace FetchResponse {
  let _codec: Codec<FetchResponse>

  export const codec = (): Codec<FetchResponse> => {
    if (_codec == null) {
      _codec = message<FetchResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.records != null && obj.records.length > 0) {
          for (const value of obj.records) {
            w.uint32(10)
            SignedRecord.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          records: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.records != null && obj.records.length === opts.limits.records) {
                throw new MaxLengthError('Decode error - repeated field "records" had too many elements')
              }

              obj.records.push(SignedRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.records$
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
          records: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.records != null && obj.records === opts.limits.records) {
                throw new MaxLengthError('Streaming decode error - repeated field "records" had too many elements')
              }

              for (const evt of SignedRecord.codec().stream(reader, reader.uint32(), `${prefix}.records[]`, {
                limits: opts.limits?.records$
              })) {
                yield {
                  ...evt,
                  index: obj.records
                }
              }

              obj.records++

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

  export interface FetchResponseRecordsOwnerFieldEvent {
    field: '$.records[].owner'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FetchResponseRecordsNameFieldEvent {
    field: '$.records[].name'
    value: string
    index: number
  }

  export interface FetchResponseRecordsValueFieldEvent {
    field: '$.records[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface FetchResponseRecordsSequenceFieldEvent {
    field: '$.records[].sequence'
    value: number
    index: number
  }

  export interface FetchResponseRecordsExpiresFieldEvent {
    field: '$.records[].expires'
    value: number
    index: number
  }

  export interface FetchResponseRecordsDeletedFieldEvent {
    field: '$.records[].deleted'
    value: boolean
    index: number
  }

  export interface FetchResponseRecordsSignatureFieldEvent {
    field: '$.records[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<FetchResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): FetchResponse {
    return decodeMessage(buf, FetchResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchResponse>): Generator<FetchResponseRecordsOwnerFieldEvent | FetchResponseRecordsNameFieldEvent | FetchResponseRecordsValueFieldEvent | FetchResponseRecordsSequenceFieldEvent | FetchResponseRecordsExpiresFieldEvent | FetchResponseRecordsDeletedFieldEvent | FetchResponseRecordsSignatureFieldEvent> {
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

  export interface SyncRequestReplicateRecordsOwnerFieldEvent {
    field: '$.replicate.records[].owner'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncRequestReplicateRecordsNameFieldEvent {
    field: '$.replicate.records[].name'
    value: string
    index: number
  }

  export interface SyncRequestReplicateRecordsValueFieldEvent {
    field: '$.replicate.records[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncRequestReplicateRecordsSequenceFieldEvent {
    field: '$.replicate.records[].sequence'
    value: number
    index: number
  }

  export interface SyncRequestReplicateRecordsExpiresFieldEvent {
    field: '$.replicate.records[].expires'
    value: number
    index: number
  }

  export interface SyncRequestReplicateRecordsDeletedFieldEvent {
    field: '$.replicate.records[].deleted'
    value: boolean
    index: number
  }

  export interface SyncRequestReplicateRecordsSignatureFieldEvent {
    field: '$.replicate.records[].signature'
    value: Uint8Array<ArrayBuffer>
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

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestReplicateRecordsOwnerFieldEvent | SyncRequestReplicateRecordsNameFieldEvent | SyncRequestReplicateRecordsValueFieldEvent | SyncRequestReplicateRecordsSequenceFieldEvent | SyncRequestReplicateRecordsExpiresFieldEvent | SyncRequestReplicateRecordsDeletedFieldEvent | SyncRequestReplicateRecordsSignatureFieldEvent | SyncRequestDigestFromFieldEvent | SyncRequestDigestToFieldEvent | SyncRequestDigestBucketsFieldEvent | SyncRequestListIdsFromFieldEvent | SyncRequestListIdsToFieldEvent | SyncRequestListIdsCursorFieldEvent | SyncRequestListIdsLimitFieldEvent | SyncRequestFetchIdsFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}

export interface SyncResponse {
  replicate?: ReplicateResponse
  digest?: DigestResponse
  listIds?: ListIdsResponse
  fetch?: FetchResponse
  error?: RecordsError
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
          RecordsError.codec().encode(obj.error, w)
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
              obj.error = RecordsError.codec().decode(reader, reader.uint32(), {
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
              yield * RecordsError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
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

  export interface SyncResponseFetchRecordsOwnerFieldEvent {
    field: '$.fetch.records[].owner'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseFetchRecordsNameFieldEvent {
    field: '$.fetch.records[].name'
    value: string
    index: number
  }

  export interface SyncResponseFetchRecordsValueFieldEvent {
    field: '$.fetch.records[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseFetchRecordsSequenceFieldEvent {
    field: '$.fetch.records[].sequence'
    value: number
    index: number
  }

  export interface SyncResponseFetchRecordsExpiresFieldEvent {
    field: '$.fetch.records[].expires'
    value: number
    index: number
  }

  export interface SyncResponseFetchRecordsDeletedFieldEvent {
    field: '$.fetch.records[].deleted'
    value: boolean
    index: number
  }

  export interface SyncResponseFetchRecordsSignatureFieldEvent {
    field: '$.fetch.records[].signature'
    value: Uint8Array<ArrayBuffer>
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

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): Generator<SyncResponseReplicateStoredFieldEvent | SyncResponseReplicateDuplicatesFieldEvent | SyncResponseReplicateRejectedFieldEvent | SyncResponseDigestBucketsCountFieldEvent | SyncResponseDigestBucketsSumFieldEvent | SyncResponseDigestFloorFieldEvent | SyncResponseListIdsIdsFieldEvent | SyncResponseListIdsCursorFieldEvent | SyncResponseFetchRecordsOwnerFieldEvent | SyncResponseFetchRecordsNameFieldEvent | SyncResponseFetchRecordsValueFieldEvent | SyncResponseFetchRecordsSequenceFieldEvent | SyncResponseFetchRecordsExpiresFieldEvent | SyncResponseFetchRecordsDeletedFieldEvent | SyncResponseFetchRecordsSignatureFieldEvent | SyncResponseErrorCodeFieldEvent | SyncResponseErrorMessageFieldEvent | SyncResponseErrorRetryAfterMsFieldEvent | SyncResponseErrorLimitFieldEvent> {
    return streamMessage(buf, SyncResponse.codec(), opts)
  }
}

export interface SignedRecord {
  owner: Uint8Array<ArrayBuffer>
  name: string
  value: Uint8Array<ArrayBuffer>
  sequence: number
  expires: number
  deleted: boolean
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRecord {
  let _codec: Codec<SignedRecord>

  export const codec = (): Codec<SignedRecord> => {
    if (_codec == null) {
      _codec = message<SignedRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.owner != null && obj.owner.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.owner)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.value)
        }

        if ((obj.sequence != null && obj.sequence !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.sequence)
        }

        if ((obj.expires != null && obj.expires !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.expires)
        }

        if ((obj.deleted != null && obj.deleted !== false)) {
          w.uint32(48)
          w.bool(obj.deleted)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          owner: uint8ArrayAlloc(0),
          name: '',
          value: uint8ArrayAlloc(0),
          sequence: 0,
          expires: 0,
          deleted: false,
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.owner = reader.bytes()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.value = reader.bytes()
              break
            }
            case 4: {
              obj.sequence = reader.uint64Number()
              break
            }
            case 5: {
              obj.expires = reader.uint64Number()
              break
            }
            case 6: {
              obj.deleted = reader.bool()
              break
            }
            case 7: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.owner`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.sequence`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.expires`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.deleted`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.signature`,
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

  export interface SignedRecordOwnerFieldEvent {
    field: '$.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface SignedRecordValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRecordSequenceFieldEvent {
    field: '$.sequence'
    value: number
  }

  export interface SignedRecordExpiresFieldEvent {
    field: '$.expires'
    value: number
  }

  export interface SignedRecordDeletedFieldEvent {
    field: '$.deleted'
    value: boolean
  }

  export interface SignedRecordSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): SignedRecord {
    return decodeMessage(buf, SignedRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): Generator<SignedRecordOwnerFieldEvent | SignedRecordNameFieldEvent | SignedRecordValueFieldEvent | SignedRecordSequenceFieldEvent | SignedRecordExpiresFieldEvent | SignedRecordDeletedFieldEvent | SignedRecordSignatureFieldEvent> {
    return streamMessage(buf, SignedRecord.codec(), opts)
  }
}

export interface PutRequest {
  record?: SignedRecord
}

export namespace PutRequest {
  let _codec: Codec<PutRequest>

  export const codec = (): Codec<PutRequest> => {
    if (_codec == null) {
      _codec = message<PutRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.record != null) {
          w.uint32(10)
          SignedRecord.codec().encode(obj.record, w)
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
              obj.record = SignedRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.record
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
              yield * SignedRecord.codec().stream(reader, reader.uint32(), `${prefix}.record`, {
                limits: opts.limits?.record
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

  export interface PutRequestRecordOwnerFieldEvent {
    field: '$.record.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PutRequestRecordNameFieldEvent {
    field: '$.record.name'
    value: string
  }

  export interface PutRequestRecordValueFieldEvent {
    field: '$.record.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PutRequestRecordSequenceFieldEvent {
    field: '$.record.sequence'
    value: number
  }

  export interface PutRequestRecordExpiresFieldEvent {
    field: '$.record.expires'
    value: number
  }

  export interface PutRequestRecordDeletedFieldEvent {
    field: '$.record.deleted'
    value: boolean
  }

  export interface PutRequestRecordSignatureFieldEvent {
    field: '$.record.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PutRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PutRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutRequest>): PutRequest {
    return decodeMessage(buf, PutRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutRequest>): Generator<PutRequestRecordOwnerFieldEvent | PutRequestRecordNameFieldEvent | PutRequestRecordValueFieldEvent | PutRequestRecordSequenceFieldEvent | PutRequestRecordExpiresFieldEvent | PutRequestRecordDeletedFieldEvent | PutRequestRecordSignatureFieldEvent> {
    return streamMessage(buf, PutRequest.codec(), opts)
  }
}

export interface PutResponse {
  duplicate: boolean
}

export namespace PutResponse {
  let _codec: Codec<PutResponse>

  export const codec = (): Codec<PutResponse> => {
    if (_codec == null) {
      _codec = message<PutResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.duplicate != null && obj.duplicate !== false)) {
          w.uint32(8)
          w.bool(obj.duplicate)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          duplicate: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
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

  export interface PutResponseDuplicateFieldEvent {
    field: '$.duplicate'
    value: boolean
  }

  export function encode (obj: Partial<PutResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PutResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutResponse>): PutResponse {
    return decodeMessage(buf, PutResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutResponse>): Generator<PutResponseDuplicateFieldEvent> {
    return streamMessage(buf, PutResponse.codec(), opts)
  }
}

export interface GetRequest {
  owner: Uint8Array<ArrayBuffer>
  name: string
}

export namespace GetRequest {
  let _codec: Codec<GetRequest>

  export const codec = (): Codec<GetRequest> => {
    if (_codec == null) {
      _codec = message<GetRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.owner != null && obj.owner.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.owner)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          owner: uint8ArrayAlloc(0),
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.owner = reader.bytes()
              break
            }
            case 2: {
              obj.name = reader.string()
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
                field: `${prefix}.owner`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
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

  export interface GetRequestOwnerFieldEvent {
    field: '$.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GetRequestNameFieldEvent {
    field: '$.name'
    value: string
  }

  export function encode (obj: Partial<GetRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GetRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetRequest>): GetRequest {
    return decodeMessage(buf, GetRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetRequest>): Generator<GetRequestOwnerFieldEvent | GetRequestNameFieldEvent> {
    return streamMessage(buf, GetRequest.codec(), opts)
  }
}

export interface GetResponse {
  record?: SignedRecord
}

export namespace GetResponse {
  let _codec: Codec<GetResponse>

  export const codec = (): Codec<GetResponse> => {
    if (_codec == null) {
      _codec = message<GetResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.record != null) {
          w.uint32(10)
          SignedRecord.codec().encode(obj.record, w)
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
              obj.record = SignedRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.record
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
              yield * SignedRecord.codec().stream(reader, reader.uint32(), `${prefix}.record`, {
                limits: opts.limits?.record
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

  export interface GetResponseRecordOwnerFieldEvent {
    field: '$.record.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GetResponseRecordNameFieldEvent {
    field: '$.record.name'
    value: string
  }

  export interface GetResponseRecordValueFieldEvent {
    field: '$.record.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GetResponseRecordSequenceFieldEvent {
    field: '$.record.sequence'
    value: number
  }

  export interface GetResponseRecordExpiresFieldEvent {
    field: '$.record.expires'
    value: number
  }

  export interface GetResponseRecordDeletedFieldEvent {
    field: '$.record.deleted'
    value: boolean
  }

  export interface GetResponseRecordSignatureFieldEvent {
    field: '$.record.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GetResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GetResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetResponse>): GetResponse {
    return decodeMessage(buf, GetResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetResponse>): Generator<GetResponseRecordOwnerFieldEvent | GetResponseRecordNameFieldEvent | GetResponseRecordValueFieldEvent | GetResponseRecordSequenceFieldEvent | GetResponseRecordExpiresFieldEvent | GetResponseRecordDeletedFieldEvent | GetResponseRecordSignatureFieldEvent> {
    return streamMessage(buf, GetResponse.codec(), opts)
  }
}

export interface NameEntry {
  name: string
  sequence: number
  expires: number
  valueBytes: number
}

export namespace NameEntry {
  let _codec: Codec<NameEntry>

  export const codec = (): Codec<NameEntry> => {
    if (_codec == null) {
      _codec = message<NameEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.sequence != null && obj.sequence !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.sequence)
        }

        if ((obj.expires != null && obj.expires !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.expires)
        }

        if ((obj.valueBytes != null && obj.valueBytes !== 0)) {
          w.uint32(32)
          w.uint32(obj.valueBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          sequence: 0,
          expires: 0,
          valueBytes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.sequence = reader.uint64Number()
              break
            }
            case 3: {
              obj.expires = reader.uint64Number()
              break
            }
            case 4: {
              obj.valueBytes = reader.uint32()
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
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.sequence`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.expires`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.valueBytes`,
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

  export interface NameEntryNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface NameEntrySequenceFieldEvent {
    field: '$.sequence'
    value: number
  }

  export interface NameEntryExpiresFieldEvent {
    field: '$.expires'
    value: number
  }

  export interface NameEntryValueBytesFieldEvent {
    field: '$.valueBytes'
    value: number
  }

  export function encode (obj: Partial<NameEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NameEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NameEntry>): NameEntry {
    return decodeMessage(buf, NameEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NameEntry>): Generator<NameEntryNameFieldEvent | NameEntrySequenceFieldEvent | NameEntryExpiresFieldEvent | NameEntryValueBytesFieldEvent> {
    return streamMessage(buf, NameEntry.codec(), opts)
  }
}

export interface ListRequest {
  owner: Uint8Array<ArrayBuffer>
  cursor: Uint8Array<ArrayBuffer>
  pageSize: number
}

export namespace ListRequest {
  let _codec: Codec<ListRequest>

  export const codec = (): Codec<ListRequest> => {
    if (_codec == null) {
      _codec = message<ListRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.owner != null && obj.owner.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.owner)
        }

        if ((obj.cursor != null && obj.cursor.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.cursor)
        }

        if ((obj.pageSize != null && obj.pageSize !== 0)) {
          w.uint32(24)
          w.uint32(obj.pageSize)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          owner: uint8ArrayAlloc(0),
          cursor: uint8ArrayAlloc(0),
          pageSize: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.owner = reader.bytes()
              break
            }
            case 2: {
              obj.cursor = reader.bytes()
              break
            }
            case 3: {
              obj.pageSize = reader.uint32()
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
                field: `${prefix}.owner`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.cursor`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.pageSize`,
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

  export interface ListRequestOwnerFieldEvent {
    field: '$.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ListRequestCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ListRequestPageSizeFieldEvent {
    field: '$.pageSize'
    value: number
  }

  export function encode (obj: Partial<ListRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ListRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListRequest>): ListRequest {
    return decodeMessage(buf, ListRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListRequest>): Generator<ListRequestOwnerFieldEvent | ListRequestCursorFieldEvent | ListRequestPageSizeFieldEvent> {
    return streamMessage(buf, ListRequest.codec(), opts)
  }
}

export interface ListResponse {
  entries: NameEntry[]
  cursor: Uint8Array<ArrayBuffer>
}

export namespace ListResponse {
  let _codec: Codec<ListResponse>

  export const codec = (): Codec<ListResponse> => {
    if (_codec == null) {
      _codec = message<ListResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(10)
            NameEntry.codec().encode(value, w)
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
          entries: [],
          cursor: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(NameEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
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
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of NameEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

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

  export interface ListResponseEntriesNameFieldEvent {
    field: '$.entries[].name'
    value: string
    index: number
  }

  export interface ListResponseEntriesSequenceFieldEvent {
    field: '$.entries[].sequence'
    value: number
    index: number
  }

  export interface ListResponseEntriesExpiresFieldEvent {
    field: '$.entries[].expires'
    value: number
    index: number
  }

  export interface ListResponseEntriesValueBytesFieldEvent {
    field: '$.entries[].valueBytes'
    value: number
    index: number
  }

  export interface ListResponseCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ListResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ListResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListResponse>): ListResponse {
    return decodeMessage(buf, ListResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListResponse>): Generator<ListResponseEntriesNameFieldEvent | ListResponseEntriesSequenceFieldEvent | ListResponseEntriesExpiresFieldEvent | ListResponseEntriesValueBytesFieldEvent | ListResponseCursorFieldEvent> {
    return streamMessage(buf, ListResponse.codec(), opts)
  }
}

export interface RecordsError {
  code: number
  message: string
  retryAfterMs: number
  limit: string
}

export namespace RecordsError {
  let _codec: Codec<RecordsError>

  export const codec = (): Codec<RecordsError> => {
    if (_codec == null) {
      _codec = message<RecordsError>((obj, w, opts = {}) => {
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

  export interface RecordsErrorCodeFieldEvent {
    field: '$.code'
    value: number
  }

  export interface RecordsErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface RecordsErrorRetryAfterMsFieldEvent {
    field: '$.retryAfterMs'
    value: number
  }

  export interface RecordsErrorLimitFieldEvent {
    field: '$.limit'
    value: string
  }

  export function encode (obj: Partial<RecordsError>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RecordsError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RecordsError>): RecordsError {
    return decodeMessage(buf, RecordsError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RecordsError>): Generator<RecordsErrorCodeFieldEvent | RecordsErrorMessageFieldEvent | RecordsErrorRetryAfterMsFieldEvent | RecordsErrorLimitFieldEvent> {
    return streamMessage(buf, RecordsError.codec(), opts)
  }
}

export interface Request {
  put?: PutRequest
  get?: GetRequest
  list?: ListRequest
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

        if (obj.list != null) {
          obj.get = undefined
          obj.put = undefined
        }

        if (obj.get != null) {
          obj.list = undefined
          obj.put = undefined
        }

        if (obj.put != null) {
          obj.list = undefined
          obj.get = undefined
        }

        if (obj.put != null) {
          w.uint32(10)
          PutRequest.codec().encode(obj.put, w)
        }

        if (obj.get != null) {
          w.uint32(18)
          GetRequest.codec().encode(obj.get, w)
        }

        if (obj.list != null) {
          w.uint32(26)
          ListRequest.codec().encode(obj.list, w)
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
              obj.put = PutRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.put
              })
              break
            }
            case 2: {
              obj.get = GetRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.get
              })
              break
            }
            case 3: {
              obj.list = ListRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.list
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.list != null) {
          delete obj.get
          delete obj.put
        }

        if (obj.get != null) {
          delete obj.list
          delete obj.put
        }

        if (obj.put != null) {
          delete obj.list
          delete obj.get
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PutRequest.codec().stream(reader, reader.uint32(), `${prefix}.put`, {
                limits: opts.limits?.put
              })

              break
            }
            case 2: {
              yield * GetRequest.codec().stream(reader, reader.uint32(), `${prefix}.get`, {
                limits: opts.limits?.get
              })

              break
            }
            case 3: {
              yield * ListRequest.codec().stream(reader, reader.uint32(), `${prefix}.list`, {
                limits: opts.limits?.list
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

  export interface RequestPutRecordOwnerFieldEvent {
    field: '$.put.record.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPutRecordNameFieldEvent {
    field: '$.put.record.name'
    value: string
  }

  export interface RequestPutRecordValueFieldEvent {
    field: '$.put.record.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPutRecordSequenceFieldEvent {
    field: '$.put.record.sequence'
    value: number
  }

  export interface RequestPutRecordExpiresFieldEvent {
    field: '$.put.record.expires'
    value: number
  }

  export interface RequestPutRecordDeletedFieldEvent {
    field: '$.put.record.deleted'
    value: boolean
  }

  export interface RequestPutRecordSignatureFieldEvent {
    field: '$.put.record.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGetOwnerFieldEvent {
    field: '$.get.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGetNameFieldEvent {
    field: '$.get.name'
    value: string
  }

  export interface RequestListOwnerFieldEvent {
    field: '$.list.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestListCursorFieldEvent {
    field: '$.list.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestListPageSizeFieldEvent {
    field: '$.list.pageSize'
    value: number
  }

  export function encode (obj: Partial<Request>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Request.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Request {
    return decodeMessage(buf, Request.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Generator<RequestPutRecordOwnerFieldEvent | RequestPutRecordNameFieldEvent | RequestPutRecordValueFieldEvent | RequestPutRecordSequenceFieldEvent | RequestPutRecordExpiresFieldEvent | RequestPutRecordDeletedFieldEvent | RequestPutRecordSignatureFieldEvent | RequestGetOwnerFieldEvent | RequestGetNameFieldEvent | RequestListOwnerFieldEvent | RequestListCursorFieldEvent | RequestListPageSizeFieldEvent> {
    return streamMessage(buf, Request.codec(), opts)
  }
}

export interface Response {
  put?: PutResponse
  get?: GetResponse
  list?: ListResponse
  error?: RecordsError
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
          obj.list = undefined
          obj.get = undefined
          obj.put = undefined
        }

        if (obj.list != null) {
          obj.error = undefined
          obj.get = undefined
          obj.put = undefined
        }

        if (obj.get != null) {
          obj.error = undefined
          obj.list = undefined
          obj.put = undefined
        }

        if (obj.put != null) {
          obj.error = undefined
          obj.list = undefined
          obj.get = undefined
        }

        if (obj.put != null) {
          w.uint32(10)
          PutResponse.codec().encode(obj.put, w)
        }

        if (obj.get != null) {
          w.uint32(18)
          GetResponse.codec().encode(obj.get, w)
        }

        if (obj.list != null) {
          w.uint32(26)
          ListResponse.codec().encode(obj.list, w)
        }

        if (obj.error != null) {
          w.uint32(122)
          RecordsError.codec().encode(obj.error, w)
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
              obj.put = PutResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.put
              })
              break
            }
            case 2: {
              obj.get = GetResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.get
              })
              break
            }
            case 3: {
              obj.list = ListResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.list
              })
              break
            }
            case 15: {
              obj.error = RecordsError.codec().decode(reader, reader.uint32(), {
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
          delete obj.list
          delete obj.get
          delete obj.put
        }

        if (obj.list != null) {
          delete obj.error
          delete obj.get
          delete obj.put
        }

        if (obj.get != null) {
          delete obj.error
          delete obj.list
          delete obj.put
        }

        if (obj.put != null) {
          delete obj.error
          delete obj.list
          delete obj.get
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PutResponse.codec().stream(reader, reader.uint32(), `${prefix}.put`, {
                limits: opts.limits?.put
              })

              break
            }
            case 2: {
              yield * GetResponse.codec().stream(reader, reader.uint32(), `${prefix}.get`, {
                limits: opts.limits?.get
              })

              break
            }
            case 3: {
              yield * ListResponse.codec().stream(reader, reader.uint32(), `${prefix}.list`, {
                limits: opts.limits?.list
              })

              break
            }
            case 15: {
              yield * RecordsError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
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

  export interface ResponsePutDuplicateFieldEvent {
    field: '$.put.duplicate'
    value: boolean
  }

  export interface ResponseGetRecordOwnerFieldEvent {
    field: '$.get.record.owner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseGetRecordNameFieldEvent {
    field: '$.get.record.name'
    value: string
  }

  export interface ResponseGetRecordValueFieldEvent {
    field: '$.get.record.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseGetRecordSequenceFieldEvent {
    field: '$.get.record.sequence'
    value: number
  }

  export interface ResponseGetRecordExpiresFieldEvent {
    field: '$.get.record.expires'
    value: number
  }

  export interface ResponseGetRecordDeletedFieldEvent {
    field: '$.get.record.deleted'
    value: boolean
  }

  export interface ResponseGetRecordSignatureFieldEvent {
    field: '$.get.record.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseListEntriesNameFieldEvent {
    field: '$.list.entries[].name'
    value: string
    index: number
  }

  export interface ResponseListEntriesSequenceFieldEvent {
    field: '$.list.entries[].sequence'
    value: number
    index: number
  }

  export interface ResponseListEntriesExpiresFieldEvent {
    field: '$.list.entries[].expires'
    value: number
    index: number
  }

  export interface ResponseListEntriesValueBytesFieldEvent {
    field: '$.list.entries[].valueBytes'
    value: number
    index: number
  }

  export interface ResponseListCursorFieldEvent {
    field: '$.list.cursor'
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

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Generator<ResponsePutDuplicateFieldEvent | ResponseGetRecordOwnerFieldEvent | ResponseGetRecordNameFieldEvent | ResponseGetRecordValueFieldEvent | ResponseGetRecordSequenceFieldEvent | ResponseGetRecordExpiresFieldEvent | ResponseGetRecordDeletedFieldEvent | ResponseGetRecordSignatureFieldEvent | ResponseListEntriesNameFieldEvent | ResponseListEntriesSequenceFieldEvent | ResponseListEntriesExpiresFieldEvent | ResponseListEntriesValueBytesFieldEvent | ResponseListCursorFieldEvent | ResponseErrorCodeFieldEvent | ResponseErrorMessageFieldEvent | ResponseErrorRetryAfterMsFieldEvent | ResponseErrorLimitFieldEvent> {
    return streamMessage(buf, Response.codec(), opts)
  }
}
