import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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
