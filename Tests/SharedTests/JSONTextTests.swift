import Foundation
import ServiceKit
import Testing

/// `JSONText` writes the bytes `JSONBody.encoder` writes: strings with every escape, doubles,
/// dates on either side of 1970 and across leap years, nested objects and arrays.
@Suite("JSONText")
struct JSONTextTests {
    struct Sample: Encodable {
        var a: String
        var b: Double
        var c: Date
        var d: [String: String]
        var e: [Int]
        var f: Bool
    }

    func written(_ sample: Sample) -> [UInt8] {
        var json = JSONText()
        json.beginObject()
        json.key("a")
        json.string(sample.a)
        json.key("b")
        json.double(sample.b)
        json.key("c")
        json.date(sample.c)
        json.key("d")
        json.object(sample.d)
        json.key("e")
        json.beginArray()
        for value in sample.e { json.int(value) }
        json.endArray()
        json.key("f")
        json.bool(sample.f)
        json.endObject()
        return json.bytes
    }

    @Test("the same bytes as JSONBody.encoder for strings, numbers, dates, objects and arrays")
    func sameBytes() throws {
        let strings = [
            "", "plain", "quote \" backslash \\ slash /", "é 電 🎬 \u{2028}", "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }),
        ]
        let doubles: [Double] = [0, -0.0, 5, 56.35, 0.1, 1e-7, 123_456_789.123, -3.5, 1e21, 7, 0x1p53 + 2]
        var dates = [0, 1, -1, 59, 86_399, 86_400, 951_782_400, 951_868_800, 4_107_542_399, -2_208_988_800, 1.9, -0.5]
            .map { Date(timeIntervalSince1970: $0) }
        dates.append(Date())
        for day in stride(from: -719_162, through: 2_932_896, by: 1_997) {  // 0001-01-01 to 9999-12-31
            dates.append(Date(timeIntervalSince1970: Double(day) * 86_400 + 43_261.25))
        }
        var index = 0
        for date in dates {
            let sample = Sample(
                a: strings[index % strings.count], b: doubles[index % doubles.count], c: date,
                d: ["b": strings[(index + 1) % strings.count], "a/": "x", "B": "", "ab": "y"], e: [index, -index],
                f: index % 2 == 0)
            let expected = Array(try JSONBody.encoder.encode(sample))
            #expect(
                written(sample) == expected,
                "\(String(decoding: written(sample), as: UTF8.self)) ≠ \(String(decoding: expected, as: UTF8.self))")
            index += 1
        }
    }

    @Test("a double that is not finite is null (JSONEncoder refuses it)")
    func notFinite() {
        var json = JSONText()
        json.beginArray()
        json.double(.nan)
        json.double(.infinity)
        json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[null,null]")
    }
}
