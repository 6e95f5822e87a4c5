import CRabbitMQ
import Foundation

/// Owns the C memory that one rabbitmq-c call needs (strings, tables) and frees it afterwards.
/// Used on a connection's own thread only.
final class CArena {
    private var pointers: [UnsafeMutableRawPointer] = []

    deinit { for pointer in pointers { free(pointer) } }

    func bytes(_ string: String) -> amqp_bytes_t {
        let pointer = strdup(string)!
        pointers.append(UnsafeMutableRawPointer(pointer))
        return amqp_bytes_t(len: strlen(pointer), bytes: UnsafeMutableRawPointer(pointer))
    }

    func bytes(_ array: [UInt8]) -> amqp_bytes_t {
        let pointer = malloc(max(array.count, 1))!
        array.withUnsafeBytes { source in
            if let base = source.baseAddress { pointer.copyMemory(from: base, byteCount: array.count) }
        }
        pointers.append(pointer)
        return amqp_bytes_t(len: array.count, bytes: pointer)
    }

    /// An AMQP field table of string and integer values.
    func table(_ values: [String: TableValue]) -> amqp_table_t {
        guard !values.isEmpty else { return amqp_empty_table }
        let size = MemoryLayout<amqp_table_entry_t>.stride * values.count
        let raw = malloc(size)!
        pointers.append(raw)
        let entries = raw.bindMemory(to: amqp_table_entry_t.self, capacity: values.count)
        for (index, (key, value)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
            var field = amqp_field_value_t()
            switch value {
            case .string(let string):
                field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
                field.value.bytes = bytes(string)
            case .int(let int):
                field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
                field.value.i64 = Int64(int)
            }
            entries[index] = amqp_table_entry_t(key: bytes(key), value: field)
        }
        return amqp_table_t(num_entries: Int32(values.count), entries: entries)
    }

    enum TableValue {
        case string(String)
        case int(Int)
    }
}

extension amqp_bytes_t {
    var string: String? {
        guard let bytes, len > 0 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    var array: [UInt8] {
        guard let bytes, len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }
}

extension amqp_table_t {
    /// The string-valued entries; other kinds are not used by the suite's messages.
    var strings: [String: String] {
        var result: [String: String] = [:]
        guard num_entries > 0, let entries else { return result }
        for index in 0..<Int(num_entries) {
            let entry = entries[index]
            guard let key = entry.key.string else { continue }
            if entry.value.kind == UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
                || entry.value.kind == UInt8(AMQP_FIELD_KIND_BYTES.rawValue)
            {
                result[key] = entry.value.value.bytes.string ?? ""
            }
        }
        return result
    }
}
