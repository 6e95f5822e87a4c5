import Foundation
import Hummingbird

/// One page of a list: `items` and an opaque `nextCursor` (absent on the last page).
public struct Page<Item: Codable & Sendable>: ResponseCodable, Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// `?limit=&cursor=` of a list request. The cursor is opaque to clients: base64url of the sort
/// key of the last item returned, so pages stay stable while rows are inserted.
public struct PageRequest: Sendable {
    public var limit: Int
    public var after: String?

    public static let maxLimit = 100
    /// A cursor's longest text: a key of up to 2 KiB of UTF-8 (a 200-character title in any
    /// script) in Base64.
    public static let maxCursorLength = 3000

    public init(limit: Int = 20, after: String? = nil) {
        self.limit = limit
        self.after = after
    }

    public init(request: Request, defaultLimit: Int = 20) throws {
        let query = request.uri.queryParameters
        var limit = defaultLimit
        if let raw = query["limit"] {
            guard let value = Int(String(raw)), (1...Self.maxLimit).contains(value) else {
                throw AppError.invalid("limit", "must be an integer between 1 and \(Self.maxLimit)")
            }
            limit = value
        }
        self.limit = limit
        if let cursor = query["cursor"] {
            guard let decoded = Self.decode(String(cursor)) else { throw AppError.invalid("cursor", "is not valid") }
            self.after = decoded
        }
    }

    /// Builds the page from `limit + 1` fetched rows: the extra row only says that more exist.
    public func page<Item>(_ rows: [Item], key: (Item) -> String) -> Page<Item> {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { Self.encode(key($0)) })
    }

    static func encode(_ key: String) -> String {
        Base64URL.encode(Data(key.utf8))
    }

    static func decode(_ cursor: String) -> String? {
        guard cursor.utf8.count <= Self.maxCursorLength, let data = Base64URL.decode(cursor) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

extension PageRequest {
    /// The `(date, id)` keyset a page continues from, for lists ordered by a time then an id;
    /// nil on the first page. The cursor key is `dateKey(_:_:)`; anything else is a 422.
    public func dateAndID() throws -> (date: Date, id: UUID)? {
        guard let after else { return nil }
        let parts = after.split(separator: "|")
        guard parts.count == 2, let seconds = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw AppError.invalid("cursor", "is not valid")
        }
        return (Date(timeIntervalSince1970: seconds), id)
    }

    /// The cursor key of a row in a `(date, id)` ordered list (see `dateAndID()`).
    public static func dateKey(_ date: Date, _ id: UUID) -> String { "\(date.timeIntervalSince1970)|\(id.uuidString)" }
}

extension UUID {
    /// The nil UUID: the lower bound of an id-ordered keyset before the first page.
    public static let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    /// The max UUID: the upper bound of a descending id-ordered keyset before the first page.
    public static let max = UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))
}
