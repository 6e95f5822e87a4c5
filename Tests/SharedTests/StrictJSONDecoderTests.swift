import Foundation
import ServiceKit
import Testing

/// Request bodies: every problem of a body in one 422, in plain words, unknown fields included.
@Suite("Strict JSON decoding")
struct StrictJSONDecoderTests {
    enum Frequency: String, Codable { case instant, daily }

    struct Film: Decodable, Equatable {
        var title: String
        var runtimeMinutes: Int
        var rating: Double?
        var frequency: Frequency?
        var releasedAt: Date?
        var tags: [String]?
        var seats: [Seat]?
        struct Seat: Decodable, Equatable { var label: String }
    }

    func problems(_ json: String) -> [String: String] {
        do {
            _ = try StrictJSONDecoder.decode(Film.self, from: Data(json.utf8))
            return [:]
        } catch let error as AppError {
            #expect(error.status == .unprocessableContent)
            return Dictionary(uniqueKeysWithValues: (error.errors ?? []).map { ($0.field, $0.message) })
        } catch {
            Issue.record("unexpected \(error)")
            return [:]
        }
    }

    @Test("a valid body decodes as JSONDecoder would (numbers, dates, optionals, nested lists)")
    func valid() throws {
        let film = try StrictJSONDecoder.decode(
            Film.self,
            from: Data(
                #"{"title":"Léon","runtimeMinutes":110,"rating":7,"frequency":"daily","releasedAt":"1994-09-14T00:00:00Z","tags":["a"],"seats":[{"label":"A1"}],"rating":8.5}"#
                    .utf8))
        #expect(film.title == "Léon")
        #expect(film.runtimeMinutes == 110)
        #expect(film.rating == 8.5)
        #expect(film.frequency == .daily)
        #expect(film.releasedAt == Date(timeIntervalSince1970: 779_500_800))
        #expect(film.seats == [.init(label: "A1")])
        let nulls = try StrictJSONDecoder.decode(
            Film.self, from: Data(#"{"title":"x","runtimeMinutes":1,"rating":null}"#.utf8))
        #expect(nulls.rating == nil)
    }

    @Test("every missing field and wrong type is listed at once")
    func allProblemsAtOnce() {
        #expect(problems("{}") == ["title": "is required", "runtimeMinutes": "is required"])
        #expect(
            problems(#"{"title":5,"runtimeMinutes":"90","rating":true}"#) == [
                "title": "must be a string", "runtimeMinutes": "must be a whole number", "rating": "must be a number",
            ])
        #expect(problems(#"{"title":"x","runtimeMinutes":1.5}"#) == ["runtimeMinutes": "must be a whole number"])
    }

    @Test("unknown fields, at any depth, are refused by name")
    func unknownFields() {
        #expect(
            problems(#"{"title":"x","runtimeMinutes":1,"visibility":"public","seats":[{"label":"A","x":1}]}"#) == [
                "visibility": "is not a known field", "seats[0].x": "is not a known field",
            ])
    }

    @Test("an unknown enum value, a bad date, a body that is not JSON or is empty")
    func invalidValues() {
        #expect(
            problems(#"{"title":"x","runtimeMinutes":1,"frequency":"hourly"}"#) == [
                "frequency": "is not one of the accepted values"
            ])
        #expect(problems(#"{"title":"x","runtimeMinutes":1,"releasedAt":"yesterday"}"#)["releasedAt"] != nil)
        #expect(problems("{not json") == ["body": "is not valid JSON"])
        #expect(problems("") == ["body": "is required: a JSON document"])
        #expect(problems("[1,2]") == ["body": "must be an object"])
    }
}
