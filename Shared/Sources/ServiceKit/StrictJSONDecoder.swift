import Foundation
import Hummingbird

/// Decodes a request body strictly and explains every problem at once: a body that is not JSON,
/// a missing field, a value of the wrong type and a field the request type does not know are
/// each an entry `{field, message}` of one 422 problem (`AppError.invalid`), in plain words.
///
/// Works on the tree `JSONSerialization` parses: every object a keyed container reads records
/// the keys it was asked for, so that the keys nobody asked for are the unknown ones. A field of
/// a primitive type (string, number, boolean) that fails is recorded and decoding goes on with a
/// stand-in value, so that one answer lists all such fields; a failing nested value (an enum, a
/// UUID, a date) is recorded and ends the walk.
public enum StrictJSONDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw AppError.invalid("body", data.isEmpty ? "is required: a JSON document" : "is not valid JSON")
        }
        let state = DecodingState()
        let value: T
        do {
            value = try T(from: TreeDecoder(value: root, path: [], state: state))
        } catch let error as DecodingError {
            state.record(error)
            throw AppError.invalid(state.problems)
        } catch is StopDecoding {
            throw AppError.invalid(state.problems)
        }
        let problems = state.problems + state.unknownFields()
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return value
    }

    /// `a.b[2].c` for a coding path.
    static func name(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += name.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return name.isEmpty ? "body" : name
    }
}

/// Thrown after a problem was recorded that decoding cannot go past.
struct StopDecoding: Error {}

/// What one decoding learned: its problems, and for each object the keys it has and those read.
final class DecodingState {
    var problems: [Problem.FieldError] = []
    var objects: [String: (keys: Set<String>, read: Set<String>)] = [:]

    func record(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            add(context.codingPath + [key], "is required")
        case .typeMismatch(let type, let context):
            add(context.codingPath, "must be \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            add(context.codingPath, "must be \(Self.describe(type)), not null")
        case .dataCorrupted(let context):
            add(context.codingPath, context.debugDescription.isEmpty ? "is not valid" : Self.plain(context))
        @unknown default:
            add([], "is not valid")
        }
    }

    func add(_ path: [any CodingKey], _ message: String) {
        let field = StrictJSONDecoder.name(path)
        guard !problems.contains(where: { $0.field == field }) else { return }
        problems.append(.init(field: field, message: message))
    }

    func opened(_ path: String, keys: Set<String>) {
        if objects[path] == nil { objects[path] = (keys, []) }
    }

    func read(_ path: String, _ key: String) { objects[path]?.read.insert(key) }

    func unknownFields() -> [Problem.FieldError] {
        objects.sorted { $0.key < $1.key }.flatMap { path, object in
            object.keys.subtracting(object.read).sorted().map { key in
                Problem.FieldError(field: path.isEmpty ? key : "\(path).\(key)", message: "is not a known field")
            }
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is UUID.Type: "a UUID"
        case is Date.Type: "an ISO 8601 date-time"
        default:
            if String(describing: type).hasPrefix("Array") { "a list" } else { "an object" }
        }
    }

    /// Foundation's and our own messages for invalid values, in plain words.
    static func plain(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        if text.contains("Cannot initialize") { return "is not one of the accepted values" }
        if text.contains("UUID") { return "must be a UUID" }
        if text.contains("date") || text.contains("Date") {
            return "must be an ISO 8601 date-time (2026-12-05T20:30:00Z)"
        }
        return text
    }
}

/// A `Decoder` over a parsed JSON value.
struct TreeDecoder: Decoder {
    let value: Any
    let path: [any CodingKey]
    let state: DecodingState
    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let object = value as? [String: Any] else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: path, debugDescription: ""))
        }
        let name = StrictJSONDecoder.name(path)
        state.opened(path.isEmpty ? "" : name, keys: Set(object.keys))
        return KeyedDecodingContainer(
            TreeKeyedContainer<Key>(object: object, path: path, objectName: path.isEmpty ? "" : name, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let array = value as? [Any] else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: path, debugDescription: ""))
        }
        return TreeUnkeyedContainer(array: array, path: path, state: state)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TreeSingleValue(value: value, path: path, state: state)
    }
}

/// Converts a JSON leaf to the asked type, as `JSONDecoder` does (ISO 8601 dates).
enum Leaf {
    static func convert<T: Decodable>(_ value: Any, to type: T.Type, path: [any CodingKey], state: DecodingState) throws
        -> T
    {
        if value is NSNull {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: ""))
        }
        if let converted = primitive(value, type) { return converted }
        if T.self == Date.self {
            guard let text = value as? String, let date = parseDate(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Expected date string"))
            }
            return date as! T
        }
        if isPrimitive(type) {
            throw DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: ""))
        }
        return try T(from: TreeDecoder(value: value, path: path, state: state))
    }

    static func isPrimitive(_ type: Any.Type) -> Bool {
        type is String.Type || type is Bool.Type || type is Int.Type || type is Int64.Type || type is Int32.Type
            || type is UInt.Type || type is UInt64.Type || type is Double.Type || type is Float.Type
    }

    static func primitive<T>(_ value: Any, _ type: T.Type) -> T? {
        if type == String.self { return value as? String as? T }
        guard let number = value as? NSNumber, !(value is String) else { return nil }
        // JSONSerialization gives booleans as NSNumbers of type `c` (char), numbers as `i`/`q`/`d`.
        let isBool = String(cString: number.objCType) == "c"
        if type == Bool.self { return isBool ? number.boolValue as? T : nil }
        guard !isBool else { return nil }
        let double = number.doubleValue
        switch type {
        case is Double.Type: return double as? T
        case is Float.Type: return Float(double) as? T
        case is Int.Type: return Int(exactly: double) as? T
        case is Int64.Type: return Int64(exactly: double) as? T
        case is Int32.Type: return Int32(exactly: double) as? T
        case is UInt.Type: return UInt(exactly: double) as? T
        case is UInt64.Type: return UInt64(exactly: double) as? T
        default: return nil
        }
    }

    /// A stand-in for a primitive field that failed, so that decoding can report the next ones.
    static func standIn<T>(_ type: T.Type) -> T? {
        switch type {
        case is String.Type: "" as? T
        case is Bool.Type: false as? T
        case is Int.Type: 0 as? T
        case is Int64.Type: Int64(0) as? T
        case is Int32.Type: Int32(0) as? T
        case is UInt.Type: UInt(0) as? T
        case is UInt64.Type: UInt64(0) as? T
        case is Double.Type: 0.0 as? T
        case is Float.Type: Float(0) as? T
        default: nil
        }
    }

    static func parseDate(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Decodes, recording a failure: a primitive gets a stand-in, anything else stops the walk.
    static func recovering<T: Decodable>(
        _ type: T.Type, path: [any CodingKey], state: DecodingState, _ decode: () throws -> T
    ) throws -> T {
        do {
            return try decode()
        } catch let error as DecodingError {
            state.record(error)
            if let standIn = standIn(type) { return standIn }
            throw StopDecoding()
        }
    }
}

struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: Any]
    let path: [any CodingKey]
    let objectName: String
    let state: DecodingState

    var codingPath: [any CodingKey] { path }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        state.read(objectName, key.stringValue)
        return object[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        state.read(objectName, key.stringValue)
        return object[key.stringValue] == nil || object[key.stringValue] is NSNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        state.read(objectName, key.stringValue)
        return try Leaf.recovering(type, path: path + [key], state: state) {
            guard let value = object[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: path, debugDescription: ""))
            }
            return try Leaf.convert(value, to: type, path: path + [key], state: state)
        }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        state.read(objectName, key.stringValue)
        guard let value = object[key.stringValue], !(value is NSNull) else { return nil }
        return try Leaf.recovering(type, path: path + [key], state: state) {
            try Leaf.convert(value, to: type, path: path + [key], state: state)
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        state.read(objectName, key.stringValue)
        return try TreeDecoder(value: object[key.stringValue] ?? NSNull(), path: path + [key], state: state)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        state.read(objectName, key.stringValue)
        return try TreeDecoder(value: object[key.stringValue] ?? NSNull(), path: path + [key], state: state)
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(value: object, path: path, state: state) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        state.read(objectName, key.stringValue)
        return TreeDecoder(value: object[key.stringValue] ?? NSNull(), path: path + [key], state: state)
    }
}

struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let array: [Any]
    let path: [any CodingKey]
    let state: DecodingState
    var currentIndex = 0

    var codingPath: [any CodingKey] { path }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    mutating func next() throws -> (Any, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: path, debugDescription: "list ended"))
        }
        defer { currentIndex += 1 }
        return (array[currentIndex], path + [Index(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, array[currentIndex] is NSNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, itemPath) = try next()
        return try Leaf.recovering(type, path: itemPath, state: state) {
            try Leaf.convert(value, to: type, path: itemPath, state: state)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (value, itemPath) = try next()
        return try TreeDecoder(value: value, path: itemPath, state: state).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, itemPath) = try next()
        return try TreeDecoder(value: value, path: itemPath, state: state).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, itemPath) = try next()
        return TreeDecoder(value: value, path: itemPath, state: state)
    }
}

struct TreeSingleValue: SingleValueDecodingContainer {
    let value: Any
    let path: [any CodingKey]
    let state: DecodingState
    var codingPath: [any CodingKey] { path }

    func decodeNil() -> Bool { value is NSNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Leaf.convert(value, to: type, path: path, state: state)
    }
}

/// The request decoder of every service (`request.decode(as:context:)`): the body read up to
/// the context's limit, then `StrictJSONDecoder` — every problem a 422 naming its field.
public struct StrictRequestDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws
        -> T
    {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try StrictJSONDecoder.decode(type, from: Data(buffer: buffer))
    }
}
